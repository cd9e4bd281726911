import {
  Badge,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type ContractOut,
  contractStatusColors,
  contractStatusLabels,
  contractStatuses,
} from '../../../shared/schemas/contracts.ts';
import { DayField } from '../../ui/date-fields.tsx';
import { adminQueries } from '../admin/api.ts';
import { clientQueries } from '../clients/api.ts';
import { RecordForm, type RecordFormProps, RecordTab, useRecordForm } from '../clients/records-ui.tsx';
import { contractApi, contractQueries, invalidateContracts } from './api.ts';

const dayFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'UTC' });
export const formatDay = (d: string) => dayFormat.format(new Date(`${d}T00:00:00Z`));

/** « 4 h », « 8 h », « 3 j ouvrés » (8 h a day from 2 days), « 30 min ». */
export function formatMinutes(m: number | null): string {
  if (m === null) return '—';
  if (m % 480 === 0 && m >= 960) return `${m / 480} j ouvré${m / 480 > 1 ? 's' : ''}`;
  if (m % 60 === 0) return `${m / 60} h`;
  return m > 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`;
}

export function ExpiringBadge({ contract }: { contract: ContractOut }) {
  if (contract.status !== 'actif') return null;
  if (contract.daysLeft < 0) return <Badge color="red">Échu</Badge>;
  if (contract.daysLeft <= 30) return <Badge color="red">Échéance dans {contract.daysLeft} j</Badge>;
  if (contract.daysLeft <= 90) return <Badge color="yellow">Échéance dans {contract.daysLeft} j</Badge>;
  return null;
}

type ContractForm = {
  reference: string;
  name: string;
  startsOn: string;
  endsOn: string;
  tacitRenewal: boolean;
  renewalMonths: number | string;
  noticeDays: number | string;
  status: string;
  gtiMinutes: number | string;
  gtrMinutes: number | string;
  calendarId: string | null;
  notes: string;
  siteIds: string[];
  platformIds: string[];
};

const num = (v: number | string) => (v === '' || v === null ? null : Number(v));

function ContractDialog({ clientId, record: contract, onClose, onSaved }: RecordFormProps<ContractOut>) {
  const sites = useQuery(clientQueries.records(clientId, 'sites'));
  const platforms = useQuery(clientQueries.records(clientId, 'platforms'));
  const calendars = useQuery(adminQueries.slaCalendars());
  const { form, general, submit } = useRecordForm<ContractForm>({
    initialValues: {
      reference: contract?.reference ?? '',
      name: contract?.name ?? '',
      startsOn: contract?.startsOn ?? '',
      endsOn: contract?.endsOn ?? '',
      tacitRenewal: contract?.tacitRenewal ?? true,
      renewalMonths: contract?.renewalMonths ?? 12,
      noticeDays: contract?.noticeDays ?? 90,
      status: contract?.status ?? 'actif',
      gtiMinutes: contract?.gtiMinutes ?? '',
      gtrMinutes: contract?.gtrMinutes ?? '',
      calendarId: contract?.calendarId ?? null,
      notes: contract?.notes ?? '',
      siteIds: contract?.sites.map((s) => s.id) ?? [],
      platformIds: contract?.platforms.map((p) => p.id) ?? [],
    },
    send: (body) => contractApi.save(clientId, contract?.id, body),
    saved: contract ? 'Contrat modifié.' : 'Contrat créé.',
    onSaved,
    onClose,
  });
  const save = async (v: ContractForm) => {
    const body = {
      ...v,
      renewalMonths: num(v.renewalMonths) ?? 12,
      noticeDays: num(v.noticeDays) ?? 0,
      gtiMinutes: num(v.gtiMinutes),
      gtrMinutes: num(v.gtrMinutes),
    };
    await submit(body);
  };
  return (
    <RecordForm form={form} general={general} onCancel={onClose} onSubmit={save}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Référence" required {...form.getInputProps('reference')} />
        <TextInput label="Intitulé" required {...form.getInputProps('name')} />
        <DayField label="Début" required {...form.getInputProps('startsOn')} />
        <DayField label="Fin" required {...form.getInputProps('endsOn')} />
        <NumberInput label="Reconduction (mois)" min={1} max={120} {...form.getInputProps('renewalMonths')} />
        <NumberInput label="Préavis (jours)" min={0} max={730} {...form.getInputProps('noticeDays')} />
        <NumberInput label="GTI (minutes ouvrées)" min={1} {...form.getInputProps('gtiMinutes')} />
        <NumberInput label="GTR (minutes ouvrées)" min={1} {...form.getInputProps('gtrMinutes')} />
        <Select
          label="Calendrier de la GTI/GTR"
          clearable
          data={(calendars.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          {...form.getInputProps('calendarId')}
        />
        <Select
          label="Statut"
          data={contractStatuses.map((s) => ({ value: s, label: contractStatusLabels[s] }))}
          allowDeselect={false}
          {...form.getInputProps('status')}
        />
      </SimpleGrid>
      <Checkbox label="Reconduction tacite" {...form.getInputProps('tacitRenewal', { type: 'checkbox' })} />
      <MultiSelect
        label="Sites couverts"
        description="Aucun : tous les sites du client."
        data={(sites.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
        searchable
        {...form.getInputProps('siteIds')}
      />
      <MultiSelect
        label="Plateformes couvertes"
        description="Aucune : toutes les plateformes du client."
        data={(platforms.data ?? []).map((p) => ({
          value: p.id,
          label: `${p.kind}${p.provider ? ` — ${p.provider}` : ''}`,
        }))}
        {...form.getInputProps('platformIds')}
      />
      <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
    </RecordForm>
  );
}

export function ContractsTab({ clientId, editable }: { clientId: string; editable: boolean }) {
  const queryClient = useQueryClient();
  const query = useQuery(contractQueries.ofClient(clientId));
  const refresh = () => invalidateContracts(queryClient, clientId);
  return (
    <RecordTab
      query={query}
      what="Contrats"
      empty="Aucun contrat de maintenance."
      editable={editable}
      rights={(c) => c.abilities}
      titles={{ add: 'Nouveau contrat', edit: 'Modifier le contrat' }}
      card={(c, actions) => (
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={4}>
            <Group gap="xs">
              <Text fw={600}>{c.name}</Text>
              <Text c="dimmed" size="sm">
                {c.reference}
              </Text>
              <Badge color={contractStatusColors[c.status]}>{contractStatusLabels[c.status]}</Badge>
              <ExpiringBadge contract={c} />
            </Group>
            <Text size="sm">
              Du {formatDay(c.startsOn)} au {formatDay(c.endsOn)} —{' '}
              {c.tacitRenewal
                ? `reconduction tacite de ${c.renewalMonths} mois, préavis de ${c.noticeDays} jours (avant le ${formatDay(c.noticeDeadline)})`
                : 'sans reconduction tacite'}
            </Text>
            <Text size="sm">
              GTI {formatMinutes(c.gtiMinutes)} · GTR {formatMinutes(c.gtrMinutes)}
              {c.calendarName ? ` · ${c.calendarName}` : ''}
            </Text>
            <Text size="sm" c="dimmed">
              Sites : {c.sites.length ? c.sites.map((s) => s.name).join(', ') : 'tous'} · Plateformes :{' '}
              {c.platforms.length ? c.platforms.map((p) => p.label).join(', ') : 'toutes'}
            </Text>
            {c.notes && (
              <Text size="sm" c="dimmed">
                {c.notes}
              </Text>
            )}
          </Stack>
          {actions}
        </Group>
      )}
      form={(contract, close) => (
        <ContractDialog clientId={clientId} record={contract} onClose={close} onSaved={refresh} />
      )}
      remove={(contract) => contractApi.remove(contract.id)}
      deleteLabel={(contract) => `le contrat ${contract.reference}`}
      onDone={refresh}
    />
  );
}
