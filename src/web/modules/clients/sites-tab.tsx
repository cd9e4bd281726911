import { Anchor, Badge, Group, SimpleGrid, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import {
  type OpeningHoursInput,
  type SiteRecordOut,
  type Weekday,
  weekdayLabels,
  weekdays,
} from '../../../shared/schemas/client-records.ts';
import { clientApi } from './api.ts';
import {
  RecordForm,
  type RecordFormProps,
  RecordTab,
  TelLink,
  useClientRecords,
  useRecordForm,
} from './records-ui.tsx';

/** « Non localisé » unless the geocoder placed the site. */
export function GeocodeBadge({ status }: { status: SiteRecordOut['geocodeStatus'] }) {
  if (status === 'ok') return null;
  if (status === 'pending') {
    return (
      <Badge color="blue" variant="light">
        Localisation en cours
      </Badge>
    );
  }
  return (
    <Badge
      color="orange"
      variant="light"
      title={status === 'error' ? 'Géocodeur injoignable, nouvel essai prévu' : undefined}
    >
      Non localisé
    </Badge>
  );
}

const slotText = (slots: [string, string][] | undefined) =>
  slots?.length ? slots.map(([a, b]) => `${a}–${b}`).join(', ') : 'Fermé';

/** The week, Monday first, with « Fermé » on days without hours. */
export function WeekHours({ hours }: { hours: OpeningHoursInput | null }) {
  if (!hours || weekdays.every((d) => !hours[d]?.length)) {
    return (
      <Text size="sm" c="dimmed">
        Horaires non renseignés
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      <Table
        withRowBorders={false}
        verticalSpacing={1}
        horizontalSpacing={4}
        fz="sm"
        aria-label="Horaires d’ouverture"
      >
        <Table.Tbody>
          {weekdays.map((d) => (
            <Table.Tr key={d}>
              <Table.Td c="dimmed" w={90}>
                {weekdayLabels[d]}
              </Table.Td>
              <Table.Td c={hours[d]?.length ? undefined : 'dimmed'}>{slotText(hours[d])}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {hours.note && (
        <Text size="xs" c="dimmed">
          {hours.note}
        </Text>
      )}
    </Stack>
  );
}

type SiteForm = {
  name: string;
  addressLine: string;
  postalCode: string;
  city: string;
  phone: string;
  accessInstructions: string;
  note: string;
} & Record<Weekday, string>;

/** « 08:30-12:30, 14:00-19:00 » → slots; null when it cannot be read, a message when a slot ends before it starts. */
function parseSlots(text: string): [string, string][] | string | null {
  const t = text.trim();
  if (t === '' || /^ferm/i.test(t)) return [];
  const out: [string, string][] = [];
  for (const part of t.split(/[,;]/)) {
    const m = /^\s*(\d{1,2})[:h](\d{2})\s*[-–à]\s*(\d{1,2})[:h](\d{2})\s*$/.exec(part);
    if (!m) return null;
    const slot: [string, string] = [`${m[1]!.padStart(2, '0')}:${m[2]}`, `${m[3]!.padStart(2, '0')}:${m[4]}`];
    if (slot[0] >= slot[1]) return `L’heure de fin (${slot[1]}) doit suivre l’heure de début (${slot[0]}).`;
    out.push(slot);
  }
  return out;
}

function SiteDialog({ clientId, record: site, onClose, onSaved }: RecordFormProps<SiteRecordOut>) {
  const hours = site?.openingHours ?? null;
  const { form, general, submit } = useRecordForm<SiteForm>({
    initialValues: {
      name: site?.name ?? '',
      addressLine: site?.addressLine ?? '',
      postalCode: site?.postalCode ?? '',
      city: site?.city ?? '',
      phone: site?.phone ?? '',
      accessInstructions: site?.accessInstructions ?? '',
      note: hours?.note ?? '',
      ...(Object.fromEntries(
        weekdays.map((d) => [d, hours?.[d]?.map(([a, b]) => `${a}-${b}`).join(', ') ?? '']),
      ) as Record<Weekday, string>),
    },
    send: (body) => clientApi.saveRecord(clientId, 'sites', site?.id, body),
    saved: site ? 'Site modifié.' : 'Site ajouté.',
    onSaved,
    onClose,
    // openingHours.mon.0.1 → mon
    mapPath: (p) => (p.startsWith('openingHours.') ? p.split('.')[1]! : p),
  });
  const save = async (v: SiteForm) => {
    const openingHours: OpeningHoursInput = {};
    const errors: Record<string, string> = {};
    for (const d of weekdays) {
      const slots = parseSlots(v[d]);
      if (slots === null) errors[d] = 'Format attendu : 08:30-12:30, 14:00-19:00 (vide si fermé).';
      else if (typeof slots === 'string') errors[d] = slots;
      else if (slots.length) openingHours[d] = slots;
    }
    if (v.note.trim()) openingHours.note = v.note.trim();
    if (Object.keys(errors).length) return form.setErrors(errors);
    const body = {
      name: v.name,
      addressLine: v.addressLine,
      postalCode: v.postalCode.trim() === '' ? null : v.postalCode.trim(),
      city: v.city,
      phone: v.phone,
      accessInstructions: v.accessInstructions,
      openingHours: Object.keys(openingHours).length ? openingHours : null,
    };
    await submit(body);
  };
  return (
    <RecordForm form={form} general={general} onCancel={onClose} onSubmit={save}>
      <TextInput
        label="Nom du site"
        placeholder="Siège, Agence de Lyon…"
        required
        {...form.getInputProps('name')}
      />
      <TextInput
        label="Adresse"
        placeholder="12 rue de la République"
        {...form.getInputProps('addressLine')}
      />
      <Group grow align="flex-start">
        <TextInput
          label="Code postal"
          inputMode="numeric"
          maxLength={5}
          {...form.getInputProps('postalCode')}
        />
        <TextInput label="Ville" {...form.getInputProps('city')} />
      </Group>
      <TextInput
        label="Téléphone du site"
        type="tel"
        placeholder="04 78 90 12 34"
        {...form.getInputProps('phone')}
      />
      <Textarea
        label="Consignes d’accès"
        placeholder="Interphone, code, étage, parking…"
        autosize
        minRows={2}
        {...form.getInputProps('accessInstructions')}
      />
      <Text fw={600} size="sm">
        Horaires d’ouverture
      </Text>
      <Text size="xs" c="dimmed">
        Une ou plusieurs plages par jour, par exemple « 08:30-12:30, 14:00-19:00 » ; laissez vide si fermé.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        {weekdays.map((d) => (
          <TextInput key={d} label={weekdayLabels[d]} placeholder="Fermé" {...form.getInputProps(d)} />
        ))}
      </SimpleGrid>
      <TextInput
        label="Remarque sur les horaires"
        placeholder="Fermé en août"
        {...form.getInputProps('note')}
      />
    </RecordForm>
  );
}

/** Sites tab of the client page: address, hours, access, geocoding state; add, edit, delete. */
export function SitesTab({ clientId, editable }: { clientId: string; editable: boolean }) {
  const { query, refresh } = useClientRecords(clientId, 'sites', (items) =>
    items.some((s) => s.geocodeStatus === 'pending'),
  );
  return (
    <RecordTab
      query={query}
      what="Sites"
      empty="Aucun site enregistré."
      editable={editable}
      titles={{ add: 'Ajouter un site', edit: 'Modifier le site' }}
      cardCols={{ base: 1, sm: 2, lg: 3 }}
      cardTestId="site-card"
      card={(s, actions) => (
        <Stack gap={6}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {s.name}
            </Text>
            <GeocodeBadge status={s.geocodeStatus} />
          </Group>
          <div>
            <Text size="sm">{s.addressLine ?? '—'}</Text>
            <Text size="sm">{[s.postalCode, s.city].filter(Boolean).join(' ') || '—'}</Text>
          </div>
          {s.phone && <TelLink phone={s.phone} e164={s.phoneE164} />}
          <WeekHours hours={s.openingHours} />
          {s.accessInstructions && (
            <div>
              <Text size="xs" c="dimmed">
                Consignes d’accès
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {s.accessInstructions}
              </Text>
            </div>
          )}
          {s.latitude !== null && s.longitude !== null && (
            <Anchor
              size="sm"
              href={`https://www.openstreetmap.org/directions?to=${s.latitude},${s.longitude}`}
              target="_blank"
              rel="noopener noreferrer"
            >
              Itinéraire
            </Anchor>
          )}
          {actions}
        </Stack>
      )}
      form={(site, close) => (
        <SiteDialog clientId={clientId} record={site} onClose={close} onSaved={refresh} />
      )}
      remove={(site) => clientApi.removeRecord(clientId, 'sites', site.id)}
      deleteLabel={(site) => `le site « ${site.name} »`}
      onDone={refresh}
    />
  );
}
