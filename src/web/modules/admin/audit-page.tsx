import {
  Badge,
  Button,
  Code,
  Drawer,
  Group,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { DayField } from '../../ui/date-fields.tsx';
import { LoadMore, useKeysetList } from '../../app/keyset.tsx';
import { ErrorAlert, formatDateTime, LoadingBlock, PageHeader } from './admin-ui.tsx';
import { type AuditEntry, adminLinks, adminQueries } from './api.ts';

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

      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
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
      </SimpleGrid>
      {hasFilters && (
        <Group>
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => {
              setCategory(null);
              setActionText('');
              setEntityType(null);
              setFrom('');
              setTo('');
            }}
          >
            Effacer les filtres
          </Button>
        </Group>
      )}

      {list.isPending ? (
        <LoadingBlock />
      ) : !list.data ? (
        <ErrorAlert error={list.error} title="Impossible de charger le journal" />
      ) : entries.length === 0 ? (
        <Text c="dimmed">Aucun événement ne correspond à ces critères.</Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={860}>
            <Table striped highlightOnHover verticalSpacing="xs" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Date</Table.Th>
                  <Table.Th>Catégorie</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Objet</Table.Th>
                  <Table.Th>Acteur</Table.Th>
                  <Table.Th>IP</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Détails</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                    <Table.Td>
                      <CategoryBadge category={e.category} />
                    </Table.Td>
                    <Table.Td>
                      <Text
                        size="sm"
                        c={
                          e.action === 'permission.denied' || e.action === 'login.failure' ? 'red' : undefined
                        }
                      >
                        {actionLabel(e.action)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{entityLabel(e.entityType)}</Table.Td>
                    <Table.Td>{e.actorLabel ?? '—'}</Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace">
                        {e.ip ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="light" onClick={() => setSelected(e)}>
                        Détails
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore list={list} />
        </>
      )}
      {list.isFetchNextPageError && <ErrorAlert error={list.error} />}

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
