import {
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { defaultVatRate, formatBp, vatRates } from '../../../shared/money.ts';
import {
  type BillingPeriod,
  billingPeriodLabels,
  billingPeriods,
  type ProductCategory,
  type ProductKind,
  type ProductOut,
  type ProductUnit,
  productBody,
  productCategories,
  productCategoryLabels,
  productKindLabels,
  productKinds,
  productUnitLabels,
  productUnits,
} from '../../../shared/schemas/catalogue.ts';
import { ErrorAlert, fieldErrorsOf } from '../../ui/feedback.tsx';
import { FormActions } from '../../ui/form-actions.tsx';
import { bodyResolver } from '../../ui/form-validation.ts';
import { blankToNull } from '../../ui/format.ts';
import { centsToEuros, eurosToCents, MoneyInput } from '../../ui/money-input.tsx';
import { catalogueApi, invalidateCatalogue } from './api.ts';

type Values = {
  kind: ProductKind;
  reference: string;
  name: string;
  description: string;
  category: ProductCategory;
  unit: ProductUnit;
  price: string;
  purchaseCost: string;
  vatRateBp: string;
  active: boolean;
  brand: string;
  model: string;
  manufacturerRef: string;
  hasSerial: boolean;
  hasMac: boolean;
  billingPeriod: BillingPeriod;
  commitmentMonths: number | string;
};

const valuesOf = (p: ProductOut | null): Values => ({
  kind: p?.kind ?? 'materiel',
  reference: p?.reference ?? '',
  name: p?.name ?? '',
  description: p?.description ?? '',
  category: p?.category ?? 'postes',
  unit: p?.unit ?? 'unite',
  price: centsToEuros(p?.priceCents),
  purchaseCost: centsToEuros(p?.purchaseCostCents),
  vatRateBp: String(p?.vatRateBp ?? defaultVatRate),
  active: p?.active ?? true,
  brand: p?.brand ?? '',
  model: p?.model ?? '',
  manufacturerRef: p?.manufacturerRef ?? '',
  hasSerial: p?.hasSerial ?? false,
  hasMac: p?.hasMac ?? false,
  billingPeriod: p?.billingPeriod ?? 'mensuel',
  commitmentMonths: p?.commitmentMonths ?? 12,
});

/** The request body: only the fields of the article's kind, amounts in cents. */
function bodyOf(v: Values) {
  const hardware = v.kind === 'materiel';
  const subscription = v.kind === 'abonnement';
  return {
    kind: v.kind,
    reference: v.reference,
    name: v.name,
    description: blankToNull(v.description),
    category: v.category,
    unit: v.unit,
    priceCents: eurosToCents(v.price) ?? Number.NaN,
    purchaseCostCents: eurosToCents(v.purchaseCost),
    vatRateBp: Number(v.vatRateBp),
    active: v.active,
    brand: hardware ? blankToNull(v.brand) : null,
    model: hardware ? blankToNull(v.model) : null,
    manufacturerRef: hardware ? blankToNull(v.manufacturerRef) : null,
    hasSerial: hardware && v.hasSerial,
    hasMac: hardware && v.hasMac,
    billingPeriod: subscription ? v.billingPeriod : null,
    commitmentMonths: subscription ? (v.commitmentMonths === '' ? null : Number(v.commitmentMonths)) : null,
  };
}
const rename = { priceCents: 'price', purchaseCostCents: 'purchaseCost' };
const options = <K extends string>(keys: readonly K[], labels: Record<K, string>) =>
  keys.map((k) => ({ value: k, label: labels[k] }));

/** Adds or changes an article: its kind decides the hardware or subscription fields shown. */
export function ProductFormModal({ product, onClose }: { product: ProductOut | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: valuesOf(product),
    validate: bodyResolver(productBody, bodyOf, rename),
  });
  const save = useMutation({
    mutationFn: (v: Values) => catalogueApi.saveProduct(product?.id, bodyOf(v)),
    onSuccess: async (saved) => {
      await invalidateCatalogue(queryClient);
      notifications.show({
        color: 'green',
        message: `Article « ${saved.name} » ${product ? 'enregistré' : 'ajouté au catalogue'}.`,
      });
      onClose();
    },
    onError: (e) => form.setErrors(fieldErrorsOf(e, rename)),
  });
  const kind = form.values.kind;
  return (
    <Modal
      opened
      onClose={onClose}
      title={product ? 'Modifier l’article' : 'Nouvel article'}
      size="lg"
      centered
    >
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          <ErrorAlert error={save.error} />
          <SegmentedControl
            aria-label="Type d’article"
            data={options(productKinds, productKindLabels)}
            {...form.getInputProps('kind')}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label="Référence" required {...form.getInputProps('reference')} />
            <Select
              label="Catégorie"
              data={options(productCategories, productCategoryLabels)}
              allowDeselect={false}
              {...form.getInputProps('category')}
            />
          </SimpleGrid>
          <TextInput label="Désignation" required {...form.getInputProps('name')} />
          {kind === 'materiel' && (
            <>
              <SimpleGrid cols={{ base: 1, xs: 3 }}>
                <TextInput label="Marque" {...form.getInputProps('brand')} />
                <TextInput label="Modèle" {...form.getInputProps('model')} />
                <TextInput label="Référence constructeur" {...form.getInputProps('manufacturerRef')} />
              </SimpleGrid>
              <Group>
                <Checkbox
                  label="Numéro de série relevé à chaque unité"
                  {...form.getInputProps('hasSerial', { type: 'checkbox' })}
                />
                <Checkbox
                  label="Adresse MAC relevée"
                  {...form.getInputProps('hasMac', { type: 'checkbox' })}
                />
              </Group>
            </>
          )}
          {kind === 'abonnement' && (
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <Select
                label="Périodicité"
                data={options(billingPeriods, billingPeriodLabels)}
                allowDeselect={false}
                {...form.getInputProps('billingPeriod')}
              />
              <NumberInput
                label="Engagement (mois)"
                description="0 : sans engagement"
                min={0}
                max={120}
                allowDecimal={false}
                {...form.getInputProps('commitmentMonths')}
              />
            </SimpleGrid>
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <MoneyInput
              label={kind === 'abonnement' ? 'Prix de vente HT par période' : 'Prix de vente HT'}
              required
              {...form.getInputProps('price')}
            />
            <MoneyInput
              label="Coût d’achat HT"
              description="Pour la marge ; jamais montré aux partenaires."
              {...form.getInputProps('purchaseCost')}
            />
            <Select
              label="TVA"
              data={vatRates.map((r) => ({ value: String(r), label: formatBp(r) }))}
              allowDeselect={false}
              {...form.getInputProps('vatRateBp')}
            />
            <Select
              label="Unité"
              data={options(productUnits, productUnitLabels)}
              allowDeselect={false}
              {...form.getInputProps('unit')}
            />
          </SimpleGrid>
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <Switch
            label="Actif (proposé dans les devis)"
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
          <FormActions
            onCancel={onClose}
            loading={save.isPending}
            submitLabel={product ? 'Enregistrer' : 'Ajouter'}
          />
        </Stack>
      </form>
    </Modal>
  );
}
