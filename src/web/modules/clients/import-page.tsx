import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  FileInput,
  Group,
  List,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import {
  type ClientImportPreviewOut,
  type ClientImportResultOut,
  type ImportField,
  type ImportLineOut,
  type ImportMapping,
  importFields,
  importMaxBytes,
} from '../../../shared/schemas/client-import.ts';
import { ApiError } from '../../app/api.ts';
import { clientApi, invalidateClients } from './api.ts';
import { usePartnerOptions } from './client-picker.ts';
import { capable, useMe } from '../../app/auth.ts';
import { useIsPhone } from '../../ui/data-list.tsx';
import { plural } from '../../../shared/plural.ts';

type DuplicatePolicy = 'ask' | 'skip' | 'import';

const statusLabels: Record<ImportLineOut['status'], { label: string; color: string }> = {
  ok: { label: 'Prête', color: 'green' },
  error: { label: 'Erreur', color: 'red' },
  duplicate: { label: 'Doublon probable', color: 'orange' },
  skipped: { label: 'Ignorée', color: 'gray' },
};

const fieldOptions = [
  { value: '', label: 'Ne pas importer' },
  ...importFields.map((f) => ({
    value: f.key,
    label: f.group === 'client' ? f.label : `${f.label}`,
  })),
];

/** Column → field, from the server's field → column mapping. */
function fieldOfColumn(mapping: ImportMapping, col: number): string {
  return (Object.entries(mapping).find(([, c]) => c === col)?.[0] as string | undefined) ?? '';
}

/** CSV import of clients: file, column mapping, preview with per-line errors, then one confirmation. */
export function ClientImportPage() {
  const phone = useIsPhone();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<ImportMapping | undefined>();
  const [skip, setSkip] = useState<number[]>([]);
  const [accept, setAccept] = useState<number[]>([]);
  const [duplicates, setDuplicates] = useState<DuplicatePolicy>('ask');
  const [preview, setPreview] = useState<ClientImportPreviewOut | null>(null);
  const [result, setResult] = useState<ClientImportResultOut | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Staff choose whose clients these are (direct by default); a partner always imports its own.
  const me = useMe();
  const isPartner = !capable(me, 'staff');
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const partners = usePartnerOptions(!isPartner);

  // The file itself each time (the server detects UTF-8 / Windows-1252 and the separator).
  const body = (
    over: Partial<{ mapping: ImportMapping; skip: number[]; accept: number[]; dup: DuplicatePolicy }>,
  ) => ({
    ...(!isPartner && partnerId ? { partnerId } : {}),
    ...((over.mapping ?? mapping) ? { mapping: over.mapping ?? mapping } : {}),
    skipLines: over.skip ?? skip,
    importAnywayLines: over.accept ?? accept,
    duplicates: over.dup ?? duplicates,
  });

  const run = async (
    over: Partial<{ mapping: ImportMapping; skip: number[]; accept: number[]; dup: DuplicatePolicy }>,
    f = file,
  ) => {
    setBusy(true);
    setError(null);
    try {
      const p = await clientApi.importPreview(body(over), f);
      setPreview(p);
      setMapping(p.mapping);
    } catch (e) {
      setError(
        e instanceof ApiError
          ? `${e.message} ${e.details.map((d) => d.message).join(' ')}`
          : 'Aperçu impossible.',
      );
    } finally {
      setBusy(false);
    }
  };

  const choose = async (f: File | null) => {
    setFile(f);
    setPreview(null);
    setResult(null);
    setMapping(undefined);
    setSkip([]);
    setAccept([]);
    setError(null);
    if (!f) return;
    if (f.size > importMaxBytes) {
      setError('Fichier trop volumineux : 10 Mo au plus.');
      return;
    }
    await run({}, f);
  };

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await clientApi.importConfirm(body({}), file);
      setResult(r);
      setPreview(null);
      await invalidateClients(queryClient);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Import impossible.');
    } finally {
      setBusy(false);
    }
  };

  const toggle = (list: number[], line: number, on: boolean) =>
    on ? [...new Set([...list, line])] : list.filter((l) => l !== line);
  const setSkipLine = (line: number, on: boolean) => {
    const next = toggle(skip, line, on);
    setSkip(next);
    void run({ skip: next });
  };
  const setAcceptLine = (line: number, on: boolean) => {
    const next = toggle(accept, line, on);
    setAccept(next);
    void run({ accept: next });
  };
  const skipAllErrors = () => {
    const next = [
      ...new Set([...skip, ...(preview?.lines ?? []).filter((l) => l.status === 'error').map((l) => l.line)]),
    ];
    setSkip(next);
    void run({ skip: next });
  };
  const remap = (col: number, field: string) => {
    const next: ImportMapping = { ...(mapping ?? {}) };
    for (const [k, c] of Object.entries(next)) if (c === col) delete next[k as ImportField];
    if (field) next[field as ImportField] = col;
    setMapping(next);
    void run({ mapping: next });
  };

  const c = preview?.counts;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Importer des clients</Title>
        <Anchor component={Link} to="/clients">
          Retour aux clients
        </Anchor>
      </Group>
      <Text size="sm" c="dimmed">
        Fichier CSV (séparateur « ; » ou « , », UTF-8 ou Windows-1252, 10 Mo au plus), une ligne par client,
        avec éventuellement son premier site et son premier contact. Rien n’est enregistré avant la
        confirmation, et tout le fichier l’est d’un coup.
      </Text>
      <FileInput
        label="Fichier CSV"
        placeholder="Choisir un fichier…"
        accept=".csv,text/csv"
        value={file}
        onChange={(f) => void choose(f)}
        clearable
        w={phone ? undefined : 420}
      />
      {!isPartner && (
        <Select
          label="Partenaire des clients importés"
          description="Laissez « Clients directs » pour des clients suivis sans partenaire."
          placeholder="Clients directs"
          data={partners.data ?? []}
          value={partnerId}
          onChange={setPartnerId}
          clearable
          searchable
          w={phone ? undefined : 420}
        />
      )}
      {error && (
        <Alert color="red" role="alert" title="Import impossible">
          {error}
        </Alert>
      )}
      {result && (
        <Alert color="green" role="status" title="Import terminé">
          {`${plural(result.clients, 'client')}, ${plural(result.sites, 'site')} et ${plural(result.contacts, 'contact')} importés`}
          {result.skipped ? `, ${plural(result.skipped, 'ligne ignorée')}` : ''}.{' '}
          <Anchor component={Link} to="/clients">
            Voir les clients
          </Anchor>
        </Alert>
      )}
      {preview && c && (
        <>
          <Card withBorder>
            <Stack gap="xs">
              <Text fw={600}>Colonnes</Text>
              <Text size="xs" c="dimmed">
                Encodage {preview.encoding}, séparateur « {preview.separator} ». Associez chaque colonne à un
                champ.
              </Text>
              <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
                {preview.headers.map((h, col) => (
                  <Select
                    key={`${col}-${h}`}
                    label={h || `Colonne ${col + 1}`}
                    data={fieldOptions}
                    value={fieldOfColumn(preview.mapping, col)}
                    onChange={(v) => remap(col, v ?? '')}
                    allowDeselect={false}
                    size="xs"
                  />
                ))}
              </SimpleGrid>
            </Stack>
          </Card>
          <Group gap="xs">
            <Badge color="gray" variant="light">
              {plural(c.lines, 'ligne')}
            </Badge>
            <Badge color="green" variant="light">
              {c.toImport} à importer
            </Badge>
            <Badge color="red" variant="light">
              {c.errors} en erreur
            </Badge>
            <Badge color="orange" variant="light">
              {plural(c.duplicates, 'doublon')} à décider
            </Badge>
            <Badge color="gray" variant="light">
              {c.skipped} {c.skipped > 1 ? 'ignorées' : 'ignorée'}
            </Badge>
          </Group>
          <Group gap="sm" align="end">
            <div>
              <Text size="sm" fw={500} mb={4}>
                Clients qui existent peut-être déjà
              </Text>
              <SegmentedControl
                aria-label="Doublons probables"
                value={duplicates}
                onChange={(v) => {
                  setDuplicates(v as DuplicatePolicy);
                  void run({ dup: v as DuplicatePolicy });
                }}
                data={[
                  { value: 'ask', label: 'Décider ligne à ligne' },
                  { value: 'skip', label: 'Les ignorer' },
                  { value: 'import', label: 'Les importer' },
                ]}
                size="xs"
              />
            </div>
            {c.errors > 0 && (
              <Button variant="light" color="red" size="xs" onClick={skipAllErrors} disabled={busy}>
                Ignorer les lignes en erreur
              </Button>
            )}
          </Group>
          {preview.lines.length > 0 && (
            <Table.ScrollContainer minWidth={phone ? 0 : 640}>
              <Table striped verticalSpacing="xs" aria-label="Aperçu de l’import">
                {!phone && (
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={70}>Ligne</Table.Th>
                      <Table.Th>Client</Table.Th>
                      <Table.Th>Problèmes</Table.Th>
                      <Table.Th w={170}>Décision</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                )}
                <Table.Tbody>
                  {preview.lines.map((l) => {
                    const st = statusLabels[l.status];
                    const cells = [
                      <Text key="n" size="sm" fw={500}>
                        {phone ? `Ligne ${l.line}` : l.line}
                      </Text>,
                      <Stack key="c" gap={2}>
                        <Text size="sm">{l.name || '—'}</Text>
                        <Badge size="xs" color={st.color} variant="light">
                          {st.label}
                        </Badge>
                      </Stack>,
                      <List key="p" size="xs" spacing={2}>
                        {l.errors.map((e) => (
                          <List.Item key={e.field + e.message}>
                            <Text span size="xs" c="red">
                              {e.field} : {e.message}
                            </Text>
                          </List.Item>
                        ))}
                        {l.duplicates.map((d) => (
                          <List.Item key={d.id}>
                            <Text span size="xs">
                              Existe peut-être déjà :{' '}
                              <Anchor href={`/clients/${d.id}`} target="_blank" rel="noopener" size="xs">
                                {d.name}
                              </Anchor>{' '}
                              ({d.reasons.join(', ')})
                            </Text>
                          </List.Item>
                        ))}
                      </List>,
                      <Stack key="d" gap={4}>
                        {(l.errors.length > 0 || l.duplicates.length > 0 || skip.includes(l.line)) && (
                          <Checkbox
                            size="xs"
                            label="Ignorer cette ligne"
                            checked={skip.includes(l.line)}
                            onChange={(e) => setSkipLine(l.line, e.currentTarget.checked)}
                            disabled={busy}
                          />
                        )}
                        {l.duplicates.length > 0 && !skip.includes(l.line) && duplicates === 'ask' && (
                          <Checkbox
                            size="xs"
                            label="Importer quand même"
                            checked={accept.includes(l.line)}
                            onChange={(e) => setAcceptLine(l.line, e.currentTarget.checked)}
                            disabled={busy}
                          />
                        )}
                      </Stack>,
                    ];
                    return (
                      <Table.Tr key={l.line} data-line={l.line}>
                        {phone ? (
                          <Table.Td>
                            <Stack gap={4}>{cells}</Stack>
                          </Table.Td>
                        ) : (
                          cells.map((cell, k) => <Table.Td key={String(k)}>{cell}</Table.Td>)
                        )}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {preview.truncated && (
            <Text size="xs" c="dimmed">
              Seules les 1 000 premières lignes à examiner sont affichées.
            </Text>
          )}
          {!preview.ready && c.errors > 0 && (
            <Alert color="red" variant="light">
              Une ligne en erreur n’importe rien : corrigez le fichier ou ignorez-la.
            </Alert>
          )}
          <Group justify="flex-end">
            <Button onClick={() => void confirm()} disabled={!preview.ready} loading={busy}>
              Importer {plural(c.toImport, 'client')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
