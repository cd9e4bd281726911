import { Button, Card, Group, Select, SimpleGrid, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { addDays, parisDate } from '../../../shared/paris-time.ts';
import { defaultValidityDays } from '../../../shared/quotes.ts';
import type { QuoteOut } from '../../../shared/schemas/quotes.ts';
import { DayField } from '../../ui/date-fields.tsx';
import { ErrorAlert } from '../../ui/feedback.tsx';
import { useNoticeMutation } from '../../ui/notice-mutation.ts';
import { useClientPicker } from '../clients/client-picker.ts';
import { invalidateQuotes, quoteApi } from './api.ts';
import { formValuesOf, liveTotals, quoteBodyOf } from './quote-form.ts';
import { QuoteLinesEditor } from './quote-lines-editor.tsx';
import { QuoteTotalsBlock } from './quote-ui.tsx';

const siteFields = [
  ['billingSiteId', 'Site de facturation'],
  ['installationSiteId', 'Site d’installation'],
] as const;

/**
 * The quote editor: client, sites and contact, lines with live totals (the same computation as the
 * server's), validity and conditions. Saving a sent quote makes its next version.
 */
export function QuoteEditor({ quote, onCancel }: { quote?: QuoteOut; onCancel?: () => void }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const form = useForm({
    initialValues: formValuesOf(quote, addDays(parisDate(new Date()), defaultValidityDays)),
  });
  const {
    client,
    siteOptions,
    contactOptions,
    selectProps: clientPicker,
  } = useClientPicker(form.values.clientId);
  const save = useNoticeMutation(form, {
    save: (v: typeof form.values) => quoteApi.save(quote?.id, quoteBodyOf(v, !quote)),
    notice: (q) =>
      quote && q.id !== quote.id
        ? `Version ${q.version} du devis ${q.number} créée.`
        : `Devis ${q.number} enregistré.`,
    after: async (q) => {
      await invalidateQuotes(qc);
      // Back to reading the saved version (a new one has its own address).
      onCancel?.();
      if (q.id !== quote?.id) await navigate({ to: '/devis/$quoteId', params: { quoteId: q.id } });
    },
  });
  const siteHint = form.values.clientId ? 'Choisissez le site' : 'Choisissez d’abord le client';
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack>
        <Card withBorder>
          <Stack gap="sm">
            <Select
              label="Client"
              placeholder="Tapez le nom du client"
              required
              {...clientPicker}
              disabled={Boolean(quote)}
              {...form.getInputProps('clientId')}
              onChange={(v) =>
                form.setValues({
                  clientId: v ?? '',
                  billingSiteId: null,
                  installationSiteId: null,
                  contactId: null,
                })
              }
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {siteFields.map(([field, label]) => (
                <Select
                  key={field}
                  label={label}
                  placeholder={siteHint}
                  disabled={!client.data}
                  data={siteOptions}
                  clearable
                  {...form.getInputProps(field)}
                />
              ))}
              <Select
                label="Contact"
                placeholder="Destinataire du devis"
                disabled={!client.data}
                data={contactOptions}
                clearable
                {...form.getInputProps('contactId')}
              />
            </SimpleGrid>
          </Stack>
        </Card>
        <QuoteLinesEditor form={form} partnerId={client.data?.partnerId ?? undefined} />
        <QuoteTotalsBlock totals={liveTotals(form.values.lines)} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DayField
            label="Valable jusqu’au"
            required
            minDate={parisDate(new Date())}
            value={form.values.validUntil}
            onChange={(d) => form.setFieldValue('validUntil', d)}
            error={form.errors.validUntil}
          />
          <Textarea
            label="Conditions"
            autosize
            minRows={2}
            maxLength={4000}
            {...form.getInputProps('conditions')}
          />
        </SimpleGrid>
        <ErrorAlert error={save.error} title="Enregistrement impossible" withDetails />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Annuler
            </Button>
          )}
          <Button type="submit" loading={save.isPending} disabled={!form.values.clientId}>
            {quote && quote.status !== 'brouillon' ? 'Enregistrer la nouvelle version' : 'Enregistrer'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
