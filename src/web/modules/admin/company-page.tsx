import {
  Alert,
  Button,
  ColorInput,
  Fieldset,
  Group,
  MultiSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../shared/permissions.ts';
import { type companyOut, companyPatch } from '../../../shared/schemas/admin.ts';
import type { z } from '../../../shared/zod.ts';
import { can, useMe, meQuery } from '../../app/auth.ts';
import { bodyResolver } from '../../ui/form-validation.ts';
import { isRole, LogoField, type LogoValue, roleOptions } from './admin-ui.tsx';
import { ErrorAlert, fieldErrorsOf, LoadingBlock, PageHeader } from '../../ui/feedback.tsx';
import { blankToNull, formatDateTime } from '../../ui/format.ts';
import { adminApi, adminKeys, adminQueries } from './api.ts';

type Company = z.infer<typeof companyOut>;

/** The company's legal identity (printed on documents), branding and the 2FA policy per role. */
export function CompanyPage() {
  const query = useQuery(adminQueries.company());
  return (
    <Stack>
      <PageHeader title="Société" />
      {query.isPending ? (
        <LoadingBlock />
      ) : query.isError ? (
        <ErrorAlert error={query.error} title="Impossible de charger les informations de la société" />
      ) : (
        <CompanyForm company={query.data} logoVersion={query.dataUpdatedAt} />
      )}
    </Stack>
  );
}

const valuesOf = (c: Company) => ({
  legalName: c.legalName,
  legalForm: c.legalForm ?? '',
  capital: c.capitalCents === null ? ('' as number | string) : c.capitalCents / 100,
  siren: c.siren ?? '',
  rcsCity: c.rcsCity ?? '',
  vatNumber: c.vatNumber ?? '',
  addressLine: c.addressLine ?? '',
  postalCode: c.postalCode ?? '',
  city: c.city ?? '',
  phone: c.phone ?? '',
  email: c.email ?? '',
  brandColor: c.brandColor ?? '',
  logo: undefined as LogoValue,
  totpRequiredRoles: c.totpRequiredRoles as Role[],
});
type CompanyValues = ReturnType<typeof valuesOf>;

/** The body of PATCH /settings/company: blanks cleared, the capital in cents. */
const bodyOf = (v: CompanyValues) => ({
  legalName: v.legalName.trim(),
  legalForm: blankToNull(v.legalForm),
  capitalCents: v.capital === '' ? null : Math.round(Number(v.capital) * 100),
  siren: blankToNull(v.siren),
  rcsCity: blankToNull(v.rcsCity),
  vatNumber: blankToNull(v.vatNumber),
  addressLine: blankToNull(v.addressLine),
  postalCode: blankToNull(v.postalCode),
  city: blankToNull(v.city),
  phone: blankToNull(v.phone),
  email: blankToNull(v.email),
  brandColor: blankToNull(v.brandColor),
  totpRequiredRoles: v.totpRequiredRoles,
  ...(v.logo !== undefined ? { logo: v.logo } : {}),
});

function CompanyForm({ company, logoVersion }: { company: Company; logoVersion: number }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const canUpdate = can(me, 'administration', 'update');
  const form = useForm({
    initialValues: valuesOf(company),
    validate: bodyResolver(companyPatch, bodyOf, { capitalCents: 'capital' }),
  });

  const save = useMutation({
    mutationFn: (v: CompanyValues) => adminApi.saveCompany(bodyOf(v)),
    onSuccess: async (saved) => {
      notifications.show({ color: 'teal', message: 'Informations de la société enregistrées.' });
      const next = valuesOf(saved);
      form.setInitialValues(next);
      form.setValues(next);
      queryClient.setQueryData(adminKeys.company, saved);
      // The 2FA policy may now require the signed-in admin to enrol.
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
    },
    onError: (e) => form.setErrors(fieldErrorsOf(e, { capitalCents: 'capital' })),
  });

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        {!canUpdate && (
          <Alert color="gray">Vous pouvez consulter ces informations, mais pas les modifier.</Alert>
        )}
        <ErrorAlert error={save.error} title="Enregistrement impossible" />
        <Fieldset legend="Identité légale" disabled={!canUpdate}>
          <Stack>
            <Text size="xs" c="dimmed">
              Ces mentions figurent sur les devis, factures et bons d’intervention.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Raison sociale" required {...form.getInputProps('legalName')} />
              <TextInput
                label="Forme juridique"
                placeholder="SAS, SARL…"
                {...form.getInputProps('legalForm')}
              />
              <NumberInput
                label="Capital social"
                suffix=" €"
                decimalScale={2}
                decimalSeparator=","
                thousandSeparator=" "
                min={0}
                allowNegative={false}
                hideControls
                {...form.getInputProps('capital')}
              />
              <TextInput label="SIREN" inputMode="numeric" {...form.getInputProps('siren')} />
              <TextInput label="Ville du RCS" {...form.getInputProps('rcsCity')} />
              <TextInput
                label="N° TVA intracommunautaire"
                placeholder="FR00123456789"
                {...form.getInputProps('vatNumber')}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <Fieldset legend="Coordonnées" disabled={!canUpdate}>
          <Stack>
            <TextInput label="Adresse" {...form.getInputProps('addressLine')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Code postal" inputMode="numeric" {...form.getInputProps('postalCode')} />
              <TextInput label="Ville" {...form.getInputProps('city')} />
              <TextInput label="Téléphone" type="tel" {...form.getInputProps('phone')} />
              <TextInput label="Adresse e-mail" type="email" {...form.getInputProps('email')} />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <Fieldset legend="Image de marque" disabled={!canUpdate}>
          <Stack>
            <ColorInput
              label="Couleur de marque"
              format="hex"
              placeholder="#1c7ed6"
              {...form.getInputProps('brandColor')}
            />
            <LogoField
              key={logoVersion}
              value={form.values.logo}
              onChange={(v) => form.setFieldValue('logo', v)}
              existingUrl={company.hasLogo ? `/api/v1/settings/company/logo?v=${logoVersion}` : null}
              error={form.errors.logo}
            />
          </Stack>
        </Fieldset>

        <Fieldset legend="Sécurité" disabled={!canUpdate}>
          <MultiSelect
            label="Double authentification obligatoire"
            description="Les utilisateurs de ces rôles devront configurer une application d’authentification avant de pouvoir travailler."
            placeholder="Aucun rôle"
            data={roleOptions}
            value={form.values.totpRequiredRoles}
            onChange={(v) => form.setFieldValue('totpRequiredRoles', v.filter(isRole))}
            error={form.errors.totpRequiredRoles}
            clearable
            searchable
          />
        </Fieldset>

        <Group justify="space-between" gap="sm">
          <Text size="xs" c="dimmed">
            Dernière modification : {formatDateTime(company.updatedAt)}
          </Text>
          {canUpdate && (
            <Group gap="xs">
              <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()}>
                Annuler les modifications
              </Button>
              <Button type="submit" loading={save.isPending}>
                Enregistrer
              </Button>
            </Group>
          )}
        </Group>
      </Stack>
    </form>
  );
}
