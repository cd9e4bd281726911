import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import {
  type AbsenceKind,
  absenceKindLabels,
  absenceKinds,
  type AbsenceStatus,
  absenceStatusLabels,
  skillLevelLabels,
} from '../../../shared/interventions.ts';
import { departmentLabel } from '../../../shared/regions.ts';
import {
  geocodeStatusLabels,
  weekdayLabels,
  weekdays,
  type Weekday,
} from '../../../shared/schemas/client-records.ts';
import {
  type AbsenceOut,
  type HeldSkillOut,
  type RatingsOut,
  type TechnicianDetailOut,
  technicianKindLabels,
} from '../../../shared/schemas/technicians.ts';
import { ApiError, get, patch, post, put, qs } from '../../app/api.ts';
import { ErrorAlert, errorMessage, fieldErrorsOf, formatDateTime, LoadingBlock } from '../admin/admin-ui.tsx';
import { CertificationBadge, departmentOptions, SkillLevel, useSkills } from './technicians-ui.tsx';

type Slot = [string, string];
type Hours = Partial<Record<Weekday, Slot[]>> & { note?: string };

const absenceColors: Record<AbsenceStatus, string> = {
  demandee: 'yellow',
  approuvee: 'green',
  refusee: 'red',
  annulee: 'gray',
};

/** The UTC instant of 00:00 in Paris on a calendar day (YYYY-MM-DD). */
function parisMidnight(day: string): string {
  const utc = new Date(`${day}T00:00:00Z`);
  const asParis = new Date(utc.toLocaleString('en-US', { timeZone: 'Europe/Paris' }));
  const asUtc = new Date(utc.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(utc.getTime() - (asParis.getTime() - asUtc.getTime())).toISOString();
}
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['technicians'] });
}

// ── Header and profile edit ─────────────────────────────────────────────────────────────────────
function EditModal({ t, opened, onClose }: { t: TechnicianDetailOut; opened: boolean; onClose: () => void }) {
  const invalidate = useInvalidate();
  const form = useForm({
    initialValues: {
      phone: t.phone ?? '',
      homeAddress: t.homeAddress ?? '',
      homePostalCode: t.homePostalCode ?? '',
      homeCity: t.homeCity ?? '',
      notes: t.notes ?? '',
      active: t.active,
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      patch(`/technicians/${t.id}`, {
        ...v,
        homePostalCode: v.homePostalCode.trim() === '' ? null : v.homePostalCode,
      }),
    onSuccess: async () => {
      await invalidate();
      notifications.show({ color: 'green', message: 'Fiche enregistrée.' });
      onClose();
    },
    onError: (e) => form.setErrors(fieldErrorsOf(e)),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={`Modifier la fiche de ${t.name}`} centered>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          <ErrorAlert error={save.error} />
          <TextInput label="Téléphone" type="tel" {...form.getInputProps('phone')} />
          <TextInput label="Adresse de départ" {...form.getInputProps('homeAddress')} />
          <Group grow>
            <TextInput label="Code postal" maxLength={5} {...form.getInputProps('homePostalCode')} />
            <TextInput label="Ville" {...form.getInputProps('homeCity')} />
          </Group>
          <Textarea label="Notes internes" autosize minRows={2} {...form.getInputProps('notes')} />
          <Switch
            label="Fiche active (planifiable)"
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={save.isPending}>
              Enregistrer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function PositionSharing({ t }: { t: TechnicianDetailOut }) {
  const invalidate = useInvalidate();
  const toggle = useMutation({
    mutationFn: (enabled: boolean) =>
      put<{ positionSharing: boolean }>('/technicians/me/position-sharing', { enabled }),
    onSuccess: async (r) => {
      await invalidate();
      notifications.show({
        color: r.positionSharing ? 'green' : 'gray',
        message: r.positionSharing
          ? 'Partage de position activé (seulement pendant vos horaires de travail).'
          : 'Partage de position coupé.',
      });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  return (
    <Paper withBorder p="sm">
      <Switch
        checked={t.positionSharing}
        disabled={toggle.isPending}
        onChange={(e) => toggle.mutate(e.currentTarget.checked)}
        label="Partager ma position en direct"
        description="Enregistrée seulement pendant vos horaires de travail, hors absences ; conservée 2 mois ; aucune vitesse n’est gardée. Vous pouvez couper à tout moment."
      />
    </Paper>
  );
}

function Header({ t }: { t: TechnicianDetailOut }) {
  const [editing, setEditing] = useState(false);
  const home = [t.homeAddress, [t.homePostalCode, t.homeCity].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2}>{t.name}</Title>
            <Badge variant="light" color={t.kind === 'terrain' ? 'blue' : 'grape'}>
              {technicianKindLabels[t.kind]}
            </Badge>
            {!t.active && <Badge color="gray">Désactivé</Badge>}
          </Group>
          <Group gap="md" wrap="wrap">
            {t.phoneE164 ? (
              <Anchor href={`tel:${t.phoneE164}`} data-testid="technician-phone">
                {t.phone}
              </Anchor>
            ) : (
              <Text c="dimmed">Pas de téléphone</Text>
            )}
            <Anchor href={`mailto:${t.email}`}>{t.email}</Anchor>
          </Group>
          <Group gap="xs">
            <Text size="sm">Base : {home || '—'}</Text>
            {home && (
              <Badge
                size="sm"
                variant="light"
                color={
                  t.homeGeocodeStatus === 'ok'
                    ? 'green'
                    : t.homeGeocodeStatus === 'pending'
                      ? 'blue'
                      : 'orange'
                }
              >
                {geocodeStatusLabels[t.homeGeocodeStatus]}
              </Badge>
            )}
          </Group>
        </Stack>
        {t.abilities.update && (
          <Button variant="default" onClick={() => setEditing(true)}>
            Modifier
          </Button>
        )}
      </Group>
      {t.notes && (
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
          {t.notes}
        </Text>
      )}
      {t.abilities.sharePosition && <PositionSharing t={t} />}
      {editing && <EditModal t={t} opened onClose={() => setEditing(false)} />}
    </Stack>
  );
}

// ── Skills ──────────────────────────────────────────────────────────────────────────────────────
type SkillDraft = { skillId: string; level: number; validUntil: string; reference: string };

function SkillsModal({
  t,
  opened,
  onClose,
}: {
  t: TechnicianDetailOut;
  opened: boolean;
  onClose: () => void;
}) {
  const invalidate = useInvalidate();
  const catalog = useSkills();
  const [rows, setRows] = useState<SkillDraft[]>(
    t.skills.map((s) => ({
      skillId: s.skillId,
      level: s.level,
      validUntil: s.validUntil ?? '',
      reference: s.reference ?? '',
    })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const byId = new Map((catalog.data?.items ?? []).map((s) => [s.id, s]));
  const save = useMutation({
    mutationFn: () =>
      put(`/technicians/${t.id}/skills`, {
        skills: rows.map((r) => ({
          skillId: r.skillId,
          level: r.level,
          validUntil: r.validUntil || null,
          reference: r.reference,
        })),
      }),
    onSuccess: async () => {
      await invalidate();
      notifications.show({ color: 'green', message: 'Compétences enregistrées.' });
      onClose();
    },
    onError: (e) => setErrors(e instanceof ApiError ? e.fieldErrors() : {}),
  });
  const update = (i: number, v: Partial<SkillDraft>) =>
    setRows(rows.map((r, k) => (k === i ? { ...r, ...v } : r)));
  const available = (catalog.data?.items ?? []).filter((s) => !rows.some((r) => r.skillId === s.id));
  return (
    <Modal opened={opened} onClose={onClose} title="Compétences" size="lg" centered>
      <Stack>
        <ErrorAlert error={save.error} />
        {rows.map((r, i) => {
          const skill = byId.get(r.skillId);
          return (
            <Paper key={r.skillId} withBorder p="xs">
              <Group justify="space-between" wrap="nowrap">
                <Text fw={500}>{skill?.name ?? '…'}</Text>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Retirer ${skill?.name ?? ''}`}
                  onClick={() => setRows(rows.filter((_, k) => k !== i))}
                >
                  ✕
                </ActionIcon>
              </Group>
              <SegmentedControl
                mt={4}
                size="xs"
                aria-label={`Niveau ${skill?.name ?? ''}`}
                value={String(r.level)}
                onChange={(v) => update(i, { level: Number(v) })}
                data={[1, 2, 3].map((l) => ({ value: String(l), label: skillLevelLabels[l]! }))}
              />
              {skill?.certification && (
                <Group grow mt={4}>
                  <TextInput
                    type="date"
                    label="Valide jusqu’au"
                    value={r.validUntil}
                    onChange={(e) => update(i, { validUntil: e.currentTarget.value })}
                    error={errors[`skills.${i}.validUntil`]}
                    required
                  />
                  <TextInput
                    label="Référence"
                    value={r.reference}
                    onChange={(e) => update(i, { reference: e.currentTarget.value })}
                  />
                </Group>
              )}
            </Paper>
          );
        })}
        <Select
          label="Ajouter une compétence"
          placeholder={
            available.length ? 'Choisir dans le catalogue…' : 'Toutes les compétences sont déjà présentes'
          }
          data={available.map((s) => ({
            value: s.id,
            label: s.certification ? `${s.name} (certification)` : s.name,
          }))}
          value={null}
          onChange={(v) => v && setRows([...rows, { skillId: v, level: 2, validUntil: '', reference: '' }])}
          searchable
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            Enregistrer
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function SkillsTab({ t }: { t: TechnicianDetailOut }) {
  const [editing, setEditing] = useState(false);
  return (
    <Stack>
      {t.abilities.update && (
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setEditing(true)}>
            Modifier les compétences
          </Button>
        </Group>
      )}
      {t.skills.length === 0 ? (
        <Text c="dimmed">Aucune compétence renseignée.</Text>
      ) : (
        <Stack gap="xs" data-testid="skills-list">
          {t.skills.map((s: HeldSkillOut) => (
            <Paper key={s.skillId} withBorder p="sm">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Stack gap={0}>
                  <Text fw={500}>{s.name}</Text>
                  <Text size="xs" c="dimmed">
                    {[s.category, s.reference && `Réf. ${s.reference}`].filter(Boolean).join(' · ') || ' '}
                  </Text>
                </Stack>
                <Group gap="sm">
                  <SkillLevel level={s.level} />
                  <CertificationBadge skill={s} />
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {editing && <SkillsModal t={t} opened onClose={() => setEditing(false)} />}
    </Stack>
  );
}

// ── Zones ───────────────────────────────────────────────────────────────────────────────────────
function ZonesTab({ t }: { t: TechnicianDetailOut }) {
  const invalidate = useInvalidate();
  const [zones, setZones] = useState<string[]>(t.zones);
  const save = useMutation({
    mutationFn: () => patch(`/technicians/${t.id}`, { zones }),
    onSuccess: async () => {
      await invalidate();
      notifications.show({ color: 'green', message: 'Zones enregistrées.' });
    },
  });
  if (!t.abilities.update) {
    return t.zones.length === 0 ? (
      <Text c="dimmed">
        Aucune zone : le technicien intervient depuis sa base ({t.homeDepartment ?? '—'}).
      </Text>
    ) : (
      <Group gap="xs">
        {t.zones.map((z) => (
          <Badge key={z} variant="light" size="lg">
            {departmentLabel(z)}
          </Badge>
        ))}
      </Group>
    );
  }
  return (
    <Stack>
      <ErrorAlert error={save.error} withDetails />
      <MultiSelect
        label="Départements couverts"
        description="Le département de la base compte aussi pour les filtres de la liste."
        data={departmentOptions}
        value={zones}
        onChange={setZones}
        searchable
        clearable
      />
      <Group justify="flex-end">
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          Enregistrer les zones
        </Button>
      </Group>
    </Stack>
  );
}

// ── Working hours ───────────────────────────────────────────────────────────────────────────────
function HoursTab({ t }: { t: TechnicianDetailOut }) {
  const invalidate = useInvalidate();
  const phone = useMediaQuery('(max-width: 35.99em)');
  const initial = (t.workingHours ?? {}) as Hours;
  const [hours, setHours] = useState<Hours>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const editable = t.abilities.update === true;
  const save = useMutation({
    mutationFn: () => {
      const clean: Hours = {};
      for (const d of weekdays) if (hours[d]?.length) clean[d] = hours[d];
      return patch(`/technicians/${t.id}`, { workingHours: clean });
    },
    onSuccess: async () => {
      setErrors({});
      await invalidate();
      notifications.show({ color: 'green', message: 'Horaires enregistrés.' });
    },
    onError: (e) => setErrors(e instanceof ApiError ? e.fieldErrors() : {}),
  });
  const setSlot = (d: Weekday, i: number, k: 0 | 1, v: string) =>
    setHours({
      ...hours,
      [d]: (hours[d] ?? []).map((s, j) => (j === i ? (k === 0 ? [v, s[1]] : [s[0], v]) : s)),
    });
  return (
    <Stack gap="xs">
      {weekdays.map((d) => {
        const slots = hours[d] ?? [];
        const dayError = Object.entries(errors).find(([p]) => p.startsWith(`workingHours.${d}`))?.[1];
        return (
          <Paper key={d} withBorder p="xs" data-testid={`hours-${d}`}>
            <Group justify="space-between" wrap={phone ? 'wrap' : 'nowrap'} align="center">
              <Text fw={500} w={90}>
                {weekdayLabels[d]}
              </Text>
              <Group gap="xs" style={{ flex: 1 }} wrap="wrap">
                {slots.length === 0 && <Text c="dimmed">Repos</Text>}
                {slots.map((s, i) =>
                  editable ? (
                    <Group key={i} gap={4} wrap="nowrap">
                      <TextInput
                        size="xs"
                        w={72}
                        placeholder="08:00"
                        maxLength={5}
                        inputMode="numeric"
                        aria-label={`${weekdayLabels[d]} plage ${i + 1} début`}
                        value={s[0]}
                        onChange={(e) => setSlot(d, i, 0, e.currentTarget.value)}
                      />
                      <Text>–</Text>
                      <TextInput
                        size="xs"
                        w={72}
                        placeholder="08:00"
                        maxLength={5}
                        inputMode="numeric"
                        aria-label={`${weekdayLabels[d]} plage ${i + 1} fin`}
                        value={s[1]}
                        onChange={(e) => setSlot(d, i, 1, e.currentTarget.value)}
                      />
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size="sm"
                        aria-label={`Retirer la plage ${i + 1} du ${weekdayLabels[d].toLowerCase()}`}
                        onClick={() => setHours({ ...hours, [d]: slots.filter((_, j) => j !== i) })}
                      >
                        ✕
                      </ActionIcon>
                    </Group>
                  ) : (
                    <Badge key={i} variant="light" size="lg">
                      {s[0]}–{s[1]}
                    </Badge>
                  ),
                )}
              </Group>
              {editable && slots.length < 4 && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() =>
                    setHours({
                      ...hours,
                      [d]: [...slots, slots.length === 0 ? ['08:00', '12:00'] : ['13:30', '17:30']],
                    })
                  }
                >
                  + plage
                </Button>
              )}
            </Group>
            {dayError && (
              <Text size="xs" c="red">
                {dayError}
              </Text>
            )}
          </Paper>
        );
      })}
      {editable && (
        <Group justify="flex-end">
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            Enregistrer les horaires
          </Button>
        </Group>
      )}
    </Stack>
  );
}

const parisParts = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
});
const parisDay = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'medium' });

/** « 23 janv. 2027 → 25 janv. 2027 (3 j) » for whole days, else the two instants. */
function when(a: AbsenceOut): string {
  const start = new Date(a.startsAt);
  const end = new Date(a.endsAt);
  if (parisParts.format(start) === '00:00' && parisParts.format(end) === '00:00') {
    const last = new Date(end.getTime() - 12 * 3_600_000);
    const days = Math.round((end.getTime() - start.getTime()) / 86_400_000);
    const first = parisDay.format(start);
    const lastDay = parisDay.format(last);
    return first === lastDay ? `${first} (1 j)` : `${first} → ${lastDay} (${days} j)`;
  }
  return `${formatDateTime(a.startsAt)} → ${formatDateTime(a.endsAt)}`;
}

// ── Absences ────────────────────────────────────────────────────────────────────────────────────
function AbsenceModal({
  t,
  opened,
  onClose,
  manager,
}: {
  t: TechnicianDetailOut;
  opened: boolean;
  onClose: () => void;
  manager: boolean;
}) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { kind: 'conges' as AbsenceKind, from: '', to: '', comment: '' },
    validate: {
      from: (v) => (v ? null : 'Choisissez le premier jour.'),
      to: (v, all) =>
        !v ? 'Choisissez le dernier jour.' : v < all.from ? 'Le dernier jour doit suivre le premier.' : null,
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      post<AbsenceOut>('/absences', {
        technicianId: t.id,
        kind: v.kind,
        startsAt: parisMidnight(v.from),
        endsAt: parisMidnight(nextDay(v.to)),
        comment: v.comment,
      }),
    onSuccess: async (a) => {
      await queryClient.invalidateQueries({ queryKey: ['absences'] });
      notifications.show({
        color: 'green',
        message: a.status === 'demandee' ? 'Demande envoyée à l’ADV.' : 'Absence enregistrée (approuvée).',
      });
      onClose();
    },
    onError: (e) => form.setErrors(fieldErrorsOf(e, { startsAt: 'from', endsAt: 'to' })),
  });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={manager ? 'Saisir une absence' : 'Demander une absence'}
      centered
    >
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          <ErrorAlert error={save.error} />
          <Select
            label="Type"
            data={absenceKinds.map((k) => ({ value: k, label: absenceKindLabels[k] }))}
            allowDeselect={false}
            {...form.getInputProps('kind')}
          />
          <Group grow>
            <TextInput type="date" label="Du (inclus)" required {...form.getInputProps('from')} />
            <TextInput type="date" label="Au (inclus)" required {...form.getInputProps('to')} />
          </Group>
          <Textarea label="Commentaire" autosize minRows={2} {...form.getInputProps('comment')} />
          {!manager && (
            <Text size="xs" c="dimmed">
              Votre demande est envoyée à l’ADV ; elle ne bloque le planning qu’une fois approuvée.
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={save.isPending}>
              {manager ? 'Enregistrer' : 'Envoyer la demande'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RefuseModal({ absence, onClose }: { absence: AbsenceOut; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const refuse = useMutation({
    mutationFn: () => post(`/absences/${absence.id}/refuse`, { note }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['absences'] });
      notifications.show({ color: 'green', message: 'Demande refusée ; le technicien est prévenu.' });
      onClose();
    },
  });
  const error = refuse.error instanceof ApiError ? refuse.error.fieldErrors().note : undefined;
  return (
    <Modal opened onClose={onClose} title="Refuser la demande" centered>
      <Stack>
        {!error && <ErrorAlert error={refuse.error} />}
        <Textarea
          label="Motif du refus"
          required
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={error}
          data-autofocus
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button color="red" onClick={() => refuse.mutate()} loading={refuse.isPending}>
            Refuser
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function AbsencesTab({ t }: { t: TechnicianDetailOut }) {
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 35.99em)');
  const [requesting, setRequesting] = useState(false);
  const [refusing, setRefusing] = useState<AbsenceOut | null>(null);
  const query = useQuery({
    queryKey: ['absences', t.id],
    queryFn: () => get<{ items: AbsenceOut[] }>(`/absences${qs({ technicianId: t.id })}`),
  });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'approve' | 'cancel' }) =>
      post(`/absences/${id}/${action}`, {}),
    onSuccess: async (_, v) => {
      await queryClient.invalidateQueries({ queryKey: ['absences'] });
      notifications.show({
        color: 'green',
        message: v.action === 'approve' ? 'Absence approuvée.' : 'Absence annulée.',
      });
    },
    onError: (e) =>
      notifications.show({ color: 'red', title: 'Action impossible', message: errorMessage(e) }),
  });
  const manager = t.abilities.approveAbsences === true;
  const mayRequest = t.abilities.requestAbsence === true;
  const items = query.data?.items ?? [];
  const actions = (a: AbsenceOut) => (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {a.abilities.approve && (
        <Button
          size="compact-sm"
          color="green"
          loading={act.isPending}
          onClick={() => act.mutate({ id: a.id, action: 'approve' })}
        >
          Approuver
        </Button>
      )}
      {a.abilities.refuse && (
        <Button size="compact-sm" color="red" variant="light" onClick={() => setRefusing(a)}>
          Refuser
        </Button>
      )}
      {a.abilities.cancel && (
        <Button size="compact-sm" variant="subtle" onClick={() => act.mutate({ id: a.id, action: 'cancel' })}>
          Annuler
        </Button>
      )}
    </Group>
  );
  return (
    <Stack>
      {mayRequest && (
        <Group justify="flex-end">
          <Button onClick={() => setRequesting(true)}>
            {manager ? 'Saisir une absence' : 'Demander une absence'}
          </Button>
        </Group>
      )}
      {query.isPending ? (
        <LoadingBlock />
      ) : query.isError ? (
        <ErrorAlert error={query.error} />
      ) : items.length === 0 ? (
        <Text c="dimmed">Aucune absence.</Text>
      ) : phone ? (
        <Stack gap="xs" data-testid="absences-list">
          {items.map((a) => (
            <Card key={a.id} withBorder padding="sm" data-testid="absence-row">
              <Group justify="space-between" wrap="nowrap">
                <Text fw={500}>{absenceKindLabels[a.kind]}</Text>
                <Badge color={absenceColors[a.status]}>{absenceStatusLabels[a.status]}</Badge>
              </Group>
              <Text size="sm">{when(a)}</Text>
              {a.comment && (
                <Text size="sm" c="dimmed">
                  « {a.comment} »
                </Text>
              )}
              {a.decisionNote && (
                <Text size="sm" c="dimmed">
                  Motif : {a.decisionNote}
                </Text>
              )}
              <Group mt={4} justify="flex-end">
                {actions(a)}
              </Group>
            </Card>
          ))}
        </Stack>
      ) : (
        <Table striped data-testid="absences-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Type</Table.Th>
              <Table.Th>Période</Table.Th>
              <Table.Th>Statut</Table.Th>
              <Table.Th>Commentaire</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((a) => (
              <Table.Tr key={a.id} data-testid="absence-row">
                <Table.Td>{absenceKindLabels[a.kind]}</Table.Td>
                <Table.Td>{when(a)}</Table.Td>
                <Table.Td>
                  <Badge color={absenceColors[a.status]}>{absenceStatusLabels[a.status]}</Badge>
                  {a.decidedByName && a.status !== 'demandee' && (
                    <Text size="xs" c="dimmed">
                      par {a.decidedByName}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{a.comment ?? '—'}</Text>
                  {a.decisionNote && (
                    <Text size="xs" c="dimmed">
                      Motif : {a.decisionNote}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{actions(a)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {requesting && <AbsenceModal t={t} opened manager={manager} onClose={() => setRequesting(false)} />}
      {refusing && <RefuseModal absence={refusing} onClose={() => setRefusing(null)} />}
    </Stack>
  );
}

// ── Ratings ─────────────────────────────────────────────────────────────────────────────────────
function Score({ title, score, children }: { title: string; score: number | null; children: ReactNode }) {
  return (
    <Card withBorder padding="md">
      <Text fw={600}>{title}</Text>
      <Text
        size="xl"
        fw={700}
        c={score === null ? 'dimmed' : score >= 4 ? 'green' : score >= 2.5 ? 'orange' : 'red'}
      >
        {score === null ? '—' : `${score.toLocaleString('fr-FR')} / 5`}
      </Text>
      <Stack gap={2} mt="xs">
        {children}
      </Stack>
    </Card>
  );
}

function RatingsTab({ t }: { t: TechnicianDetailOut }) {
  const query = useQuery({
    queryKey: ['technicians', t.id, 'ratings'],
    queryFn: () => get<RatingsOut>(`/technicians/${t.id}/ratings`),
  });
  if (query.isPending) return <LoadingBlock />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const r = query.data;
  const line = (s: string) => (
    <Text size="sm" c="dimmed">
      {s}
    </Text>
  );
  const fr = (n: number | null, unit = '') => (n === null ? '—' : `${n.toLocaleString('fr-FR')}${unit}`);
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Calculées sur les {r.windowDays} derniers jours à partir des faits : {r.completed} intervention
        {r.completed > 1 ? 's' : ''} terminée{r.completed > 1 ? 's' : ''}.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Score title="Ponctualité" score={r.punctuality.score}>
          {line(`${r.punctuality.onTime} arrivée(s) à l’heure sur ${r.punctuality.checkIns} pointage(s)`)}
          {line(`Tolérance : ${r.punctuality.toleranceMinutes} min après le début du créneau`)}
          {line(`Retard moyen : ${fr(r.punctuality.averageDelayMinutes, ' min')}`)}
        </Score>
        <Score title="Efficacité" score={r.efficiency.score}>
          {line(`${r.efficiency.measured} intervention(s) mesurée(s)`)}
          {line(
            `Temps réel ${r.efficiency.actualMinutes} min pour ${r.efficiency.plannedMinutes} min prévues`,
          )}
          {line(
            `Ratio moyen réel ÷ prévu : ${fr(r.efficiency.averageRatio)} (plafonné à ${r.efficiency.ratioCap})`,
          )}
        </Score>
        <Score title="Qualité" score={r.quality.score}>
          {line(
            r.quality.rated
              ? `Note moyenne : ${fr(r.quality.averageRating)} sur ${r.quality.rated} note(s)`
              : 'Aucune note reçue',
          )}
          {line(
            `Reprises (SAV sur le même site sous ${r.quality.reworkWindowDays} j) : ${r.quality.reworks}`,
          )}
          {line(r.quality.penalty ? `Pénalité : −${fr(r.quality.penalty)}` : 'Aucune pénalité')}
        </Score>
      </SimpleGrid>
      <Alert variant="light" color="gray">
        {r.quality.explanation} Ponctualité : part des arrivées au plus {r.punctuality.toleranceMinutes} min
        après le début prévu, × 5. Efficacité : 5 × prévu ÷ réel (5 si le temps prévu est tenu).
      </Alert>
    </Stack>
  );
}

// ── Page ────────────────────────────────────────────────────────────────────────────────────────
const tabs = ['competences', 'zones', 'horaires', 'absences', 'notes'] as const;

function Profile({ t }: { t: TechnicianDetailOut }) {
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as { onglet?: string };
  const tab = tabs.includes(search.onglet as (typeof tabs)[number]) ? search.onglet! : 'competences';
  const alerts = t.skills.filter(
    (s) => s.certificationState === 'expired' || s.certificationState === 'expiring',
  );
  return (
    <Stack>
      {!t.abilities.sharePosition && (
        <Anchor component={Link} to="/techniciens" size="sm">
          ← Techniciens
        </Anchor>
      )}
      <Header t={t} />
      {alerts.length > 0 && (
        <Alert color="orange" title="Certification à renouveler">
          {alerts
            .map(
              (s) =>
                `${s.name} : ${s.certificationState === 'expired' ? 'expirée' : `expire dans ${s.daysLeft} j`}`,
            )
            .join(' · ')}
        </Alert>
      )}
      <Tabs
        value={tab}
        onChange={(v) =>
          void navigate({ to: '.', search: { onglet: v ?? undefined } as never, replace: true })
        }
        keepMounted={false}
      >
        <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto' }}>
          <Tabs.Tab value="competences">Compétences</Tabs.Tab>
          <Tabs.Tab value="zones">Zones</Tabs.Tab>
          <Tabs.Tab value="horaires">Horaires</Tabs.Tab>
          <Tabs.Tab value="absences">Absences</Tabs.Tab>
          <Tabs.Tab value="notes">Notes de performance</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="competences" pt="md">
          <SkillsTab t={t} />
        </Tabs.Panel>
        <Tabs.Panel value="zones" pt="md">
          <ZonesTab key={t.updatedAt} t={t} />
        </Tabs.Panel>
        <Tabs.Panel value="horaires" pt="md">
          <HoursTab key={t.updatedAt} t={t} />
        </Tabs.Panel>
        <Tabs.Panel value="absences" pt="md">
          <AbsencesTab t={t} />
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="md">
          <RatingsTab t={t} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** /techniciens/$technicianId */
export function TechnicianPage() {
  const { technicianId } = useParams({ strict: false }) as { technicianId: string };
  const query = useQuery({
    queryKey: ['technicians', technicianId],
    queryFn: () => get<TechnicianDetailOut>(`/technicians/${technicianId}`),
  });
  if (query.isPending) return <LoadingBlock />;
  if (query.isError) {
    return (
      <Alert
        color="red"
        title={
          query.error instanceof ApiError && query.error.status === 404 ? 'Technicien introuvable' : 'Erreur'
        }
      >
        {errorMessage(query.error)}{' '}
        <Anchor component={Link} to="/techniciens">
          Retour à la liste
        </Anchor>
      </Alert>
    );
  }
  return <Profile t={query.data} />;
}

/** /techniciens/moi: the signed-in technician's own profile (leave requests, position sharing). */
export function MyTechnicianPage() {
  const query = useQuery({
    queryKey: ['technicians', 'me'],
    queryFn: () => get<TechnicianDetailOut>('/technicians/me'),
  });
  if (query.isPending) return <LoadingBlock />;
  if (query.isError) {
    return (
      <Alert color="gray" title="Pas de fiche technicien">
        {query.error instanceof ApiError && query.error.status === 404
          ? 'Votre compte n’a pas de fiche technicien. Demandez à l’ADV de la créer.'
          : errorMessage(query.error)}
      </Alert>
    );
  }
  return <Profile t={query.data} />;
}
