import {
  Badge,
  Button,
  Code,
  Drawer,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { DayField } from '../../ui/date-fields.tsx';
import { useKeysetList } from '../../app/keyset.tsx';
import { PageHeader } from '../../ui/feedback.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { type AuditEntry, adminLinks, adminQueries } from './api.ts';
import { DataList } from '../../ui/data-list.tsx';
import { FilterPanel } from '../../ui/filter-panel.tsx';

type Category = 'business' | 'security';

const categoryLabels: Record<Category, string> = { business: 'Métier', security: 'Sécurité' };

const actionLabels: Record<string, string> = {
  'login.success': 'Connexion réussie',
  'login.failure': 'Échec de connexion',
  logout: 'Déconnexion',
  'password.changed': 'Mot de passe modifié',
  'password.reset_link': 'Lien de réinitialisation créé',
  'password.reset': 'Mot de passe réinitialisé',
  'totp.enabled': 'Double authentification activée',
  'totp.disabled': 'Double authentification désactivée',
  'totp.reset': 'Double authentification réinitialisée',
  'totp.forced': 'Double authentification imposée',
  'permission.denied': 'Accès refusé',
  'role.changed': 'Rôle modifié',
  'user.disabled': 'Utilisateur désactivé',
  'matrix.changed': 'Matrice des droits modifiée',
  'matrix.reset': 'Matrice des droits réinitialisée',
  'token.created': 'Jeton d’API créé',
  'token.revoked': 'Jeton d’API révoqué',
  create: 'Création',
  update: 'Modification',
  delete: 'Suppression',
};

const entityLabels: Record<string, string> = {
  user: 'Utilisateur',
  partner: 'Partenaire',
  client: 'Client',
  api_token: 'Jeton d’API',
  permission_matrix: 'Matrice des droits',
  company_settings: 'Société',
};

const categoryLabel = (c: string) => categoryLabels[c as Category] ?? c;
const actionLabel = (a: string) => actionLabels[a] ?? a;
const entityLabel = (t: string | null) => (t ? (entityLabels[t] ?? t) : '—');
const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** The audit log: business and security events, filterable, with before/after detail and CSV export. */
export function AuditPage() {
  const [category, setCategory] = useState<Category | null>(null);
  const [actionText, setActionText] = useState('');
  const [action] = useDebouncedValue(actionText.trim(), 300);
  const [entityType, setEntityType] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const mobile = useMediaQuery('(max-width: 48em)');

  const filters = {
    category,
    action,
    entityType,
    from: isDay(from) ? from : undefined,
    to: isDay(to) ? to : undefined,
  };
  const list = useKeysetList(adminQueries.audit(filters));
  const entries = list.items;
  const hasFilters = Boolean(category || actionText || entityType || from || to);

  return (
    <Stack>
      <PageHeader title="Journal d’audit">
        <Button component="a" href={adminLinks.auditExport(filters)} download variant="default">
          Exporter en CSV
        </Button>
      </PageHeader>

      <FilterPanel
        activeCount={[category, actionText, entityType, from, to].filter(Boolean).length}
        onClear={
          hasFilters
            ? () => {
                setCategory(null);
                setActionText('');
                setEntityType(null);
                setFrom('');
                setTo('');
              }
            : undefined
        }
      >
        <Select
          label="Catégorie"
          placeholder="Toutes"
          data={[
            { value: 'business', label: categoryLabels.business },
            { value: 'security', label: categoryLabels.security },
          ]}
          value={category}
          onChange={(v) => setCategory(v === 'business' || v === 'security' ? v : null)}
          clearable
        />
        <TextInput
          label="Action"
          placeholder="ex. login, totp."
          description="Début du code de l’action"
          value={actionText}
          onChange={(e) => setActionText(e.currentTarget.value)}
        />
        <Select
          label="Type d’objet"
          placeholder="Tous"
          data={Object.entries(entityLabels).map(([value, label]) => ({ value, label }))}
          value={entityType}
          onChange={setEntityType}
          clearable
        />
        <DayField label="Du" placeholder="Toutes dates" clearable value={from} onChange={setFrom} />
        <DayField label="Au" placeholder="Toutes dates" clearable value={to} onChange={setTo} />
      </FilterPanel>

      <DataList
        query={list}
        items={entries}
        empty="Aucun événement ne correspond à ces critères."
        errorTitle="Impossible de charger le journal"
        minWidth={860}
        verticalSpacing="xs"
        fz="sm"
        columns={[
          { header: 'Date', nowrap: true, cell: (e) => formatDateTime(e.at) },
          { header: 'Catégorie', cell: (e) => <CategoryBadge category={e.category} /> },
          {
            header: 'Action',
            cell: (e) => (
              <Text
                size="sm"
                c={e.action === 'permission.denied' || e.action === 'login.failure' ? 'red' : undefined}
              >
                {actionLabel(e.action)}
              </Text>
            ),
          },
          { header: 'Objet', cell: (e) => entityLabel(e.entityType) },
          { header: 'Acteur', cell: (e) => e.actorLabel ?? '—' },
          {
            header: 'IP',
            cell: (e) => (
              <Text size="xs" ff="monospace">
                {e.ip ?? '—'}
              </Text>
            ),
          },
          {
            hiddenHeader: 'Détails',
            cell: (e) => (
              <Button size="compact-xs" variant="light" onClick={() => setSelected(e)}>
                Détails
              </Button>
            ),
          },
        ]}
      />

      <Drawer
        opened={selected !== null}
        onClose={() => setSelected(null)}
        position="right"
        size={mobile ? '100%' : 'xl'}
        title={selected ? actionLabel(selected.action) : ''}
        scrollAreaComponent={ScrollArea.Autosize}
      >
        {selected && <EntryDetail entry={selected} />}
      </Drawer>
    </Stack>
  );
}

function CategoryBadge({ category }: { category: string }) {
  return (
    <Badge variant="light" color={category === 'security' ? 'orange' : 'blue'}>
      {categoryLabel(category)}
    </Badge>
  );
}

const hasValue = (v: unknown) => v !== null && v !== undefined;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function changedKeys(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

function EntryDetail({ entry }: { entry: AuditEntry }) {
  const changes = changedKeys(entry.before, entry.after);
  const rows: [string, ReactNode][] = [
    ['Date', formatDateTime(entry.at)],
    ['Catégorie', <CategoryBadge key="c" category={entry.category} />],
    ['Action', `${actionLabel(entry.action)} (${entry.action})`],
    ['Objet', `${entityLabel(entry.entityType)}${entry.entityId ? ` · ${entry.entityId}` : ''}`],
    ['Acteur', entry.actorLabel ?? '—'],
    ['Adresse IP', entry.ip ?? '—'],
    ['Requête', entry.requestId ?? '—'],
  ];
  return (
    <Stack>
      <Table variant="vertical" withTableBorder fz="sm">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={120}>{label}</Table.Th>
              <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {changes.length > 0 && (
        <Text size="sm">
          Champs modifiés :{' '}
          {changes.map((k) => (
            <Code key={k} mr={4}>
              {k}
            </Code>
          ))}
        </Text>
      )}
      <JsonBlock label="Avant" value={entry.before} />
      <JsonBlock label="Après" value={entry.after} />
    </Stack>
  );
}

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <div>
      <Text size="sm" fw={600} mb={4}>
        {label}
      </Text>
      {hasValue(value) ? (
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {JSON.stringify(value, null, 2)}
        </Code>
      ) : (
        <Text size="sm" c="dimmed">
          —
        </Text>
      )}
    </div>
  );
}
