import { Anchor, Badge, Button, Drawer, Group, ScrollArea, Select, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { auditActionLabel, auditActions, auditEntityTypes } from '../../../shared/audit.ts';
import { DayField } from '../../ui/date-fields.tsx';
import { useKeysetList } from '../../app/keyset.tsx';
import { PageHeader } from '../../ui/feedback.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { type AuditEntry, adminLinks, adminQueries } from './api.ts';
import { DataList } from '../../ui/data-list.tsx';
import { FilterPanel } from '../../ui/filter-panel.tsx';

type Category = 'business' | 'security';

const categoryLabels: Record<Category, string> = { business: 'Métier', security: 'Sécurité' };

const categoryLabel = (c: string) => categoryLabels[c as Category] ?? c;
const alarming = (action: string) => action === 'permission.denied' || action === 'login.failure';
const actionOptions = Object.entries(auditActions)
  .map(([value, { label }]) => ({ value, label }))
  .sort((x, y) => x.label.localeCompare(y.label, 'fr'));
const entityOptions = Object.entries(auditEntityTypes)
  .map(([value, { label }]) => ({ value, label }))
  .sort((x, y) => x.label.localeCompare(y.label, 'fr'));
const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** The audit log: business and security events, filterable, with before/after detail and CSV export. */
export function AuditPage() {
  const [category, setCategory] = useState<Category | null>(null);
  const [action, setAction] = useState<string | null>(null);
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
  const hasFilters = Boolean(category || action || entityType || from || to);

  return (
    <Stack>
      <PageHeader title="Journal d’audit">
        <Button component="a" href={adminLinks.auditExport(filters)} download variant="default">
          Exporter en CSV
        </Button>
      </PageHeader>

      <FilterPanel
        activeCount={[category, action, entityType, from, to].filter(Boolean).length}
        onClear={
          hasFilters
            ? () => {
                setCategory(null);
                setAction(null);
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
        <Select
          label="Action"
          placeholder="Toutes"
          data={actionOptions}
          value={action}
          onChange={setAction}
          searchable
          clearable
        />
        <Select
          label="Type d’objet"
          placeholder="Tous"
          data={entityOptions}
          searchable
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
        rowTestId="audit-entry"
        card={(e) => (
          <Stack gap={4}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="xs" c="dimmed">
                {formatDateTime(e.at)}
              </Text>
              <CategoryBadge category={e.category} />
            </Group>
            <Text size="sm" c={alarming(e.action) ? 'red' : undefined}>
              {e.sentence}
            </Text>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              {e.link ? (
                <Anchor component={Link} to={e.link} size="sm">
                  {e.object}
                </Anchor>
              ) : (
                <Text size="sm">{e.object}</Text>
              )}
              <Button size="compact-xs" variant="light" onClick={() => setSelected(e)}>
                Détails
              </Button>
            </Group>
          </Stack>
        )}
        verticalSpacing="xs"
        fz="sm"
        columns={[
          { header: 'Date', nowrap: true, cell: (e) => formatDateTime(e.at) },
          { header: 'Catégorie', minWidth: 110, cell: (e) => <CategoryBadge category={e.category} /> },
          {
            header: 'Événement',
            cell: (e) => (
              <Text size="sm" c={alarming(e.action) ? 'red' : undefined}>
                {e.sentence}
              </Text>
            ),
          },
          {
            header: 'Objet',
            cell: (e) =>
              e.link ? (
                <Anchor component={Link} to={e.link} size="sm">
                  {e.object}
                </Anchor>
              ) : (
                e.object
              ),
          },
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
        title={selected ? auditActionLabel(selected.action) : ''}
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

function EntryDetail({ entry }: { entry: AuditEntry }) {
  const rows: [string, ReactNode][] = [
    ['Date', formatDateTime(entry.at)],
    ['Catégorie', <CategoryBadge key="c" category={entry.category} />],
    ['Événement', entry.sentence],
    [
      'Objet',
      entry.link ? (
        <Anchor key="o" component={Link} to={entry.link}>
          {entry.object} — ouvrir
        </Anchor>
      ) : (
        entry.object
      ),
    ],
    ['Acteur', entry.actorLabel ?? 'Le système'],
    ['Adresse IP', entry.ip ?? '—'],
    ['Requête', entry.requestId ?? '—'],
  ];
  const creation = entry.changes.every((c) => c.before === null);
  return (
    <Stack>
      <Table variant="vertical" withTableBorder fz="sm">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={120}>{label}</Table.Th>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {entry.changes.length > 0 && (
        <Table withTableBorder fz="sm" data-testid="audit-changes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Champ</Table.Th>
              {!creation && <Table.Th>Avant</Table.Th>}
              <Table.Th>{creation ? 'Valeur' : 'Après'}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entry.changes.map((c) => (
              <Table.Tr key={c.field}>
                <Table.Td>{c.label.charAt(0).toUpperCase() + c.label.slice(1)}</Table.Td>
                {c.before === null && c.after === null ? (
                  <Table.Td colSpan={creation ? 1 : 2} c="dimmed">
                    modifié
                  </Table.Td>
                ) : (
                  <>
                    {!creation && <Table.Td style={{ overflowWrap: 'anywhere' }}>{c.before ?? '—'}</Table.Td>}
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{c.after ?? '—'}</Table.Td>
                  </>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
