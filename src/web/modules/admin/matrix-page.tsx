import { Alert, Badge, Button, Checkbox, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type CSSProperties, useState } from 'react';
import {
  type Action,
  actionLabels,
  type Cell,
  type Matrix,
  isLockedRight,
  isOfferedCell,
  type Module,
  moduleActions,
  moduleLabels,
  modules,
  type Role,
  roleLabels,
  roles,
  type Scope,
  scopeLabels,
  scopes,
} from '../../../shared/permissions.ts';
import { can, meQuery, useMe } from '../../app/auth.ts';
import { ConfirmModal, ErrorAlert, LoadingBlock, PageHeader } from '../../ui/feedback.tsx';
import { adminApi, adminKeys, adminQueries, type MatrixOut } from './api.ts';

const sticky: CSSProperties = {
  position: 'sticky',
  left: 0,
  zIndex: 2,
  background: 'var(--mantine-color-body)',
  minWidth: 130,
  boxShadow: 'inset -1px 0 0 var(--mantine-color-default-border)',
};
const changed: CSSProperties = { background: 'var(--mantine-color-yellow-light)' };
const scopeOptions = scopes.map((s) => ({ value: s, label: scopeLabels[s] }));

const cellDiffers = (a: Cell, b: Cell, module: Module) =>
  a.scope !== b.scope || moduleActions[module].some((x) => a.actions.includes(x) !== b.actions.includes(x));

/** The rights matrix: for each role and module, the allowed actions and the row scope. */
export function MatrixPage() {
  const query = useQuery(adminQueries.matrix());
  return (
    <Stack>
      <PageHeader title="Droits" />
      {query.isPending ? (
        <LoadingBlock />
      ) : query.isError ? (
        <ErrorAlert error={query.error} title="Impossible de charger la matrice des droits" />
      ) : (
        <MatrixEditor key={query.dataUpdatedAt} data={query.data} />
      )}
    </Stack>
  );
}

function MatrixEditor({ data }: { data: MatrixOut }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const editable = can(me, 'administration', 'update');
  const [draft, setDraft] = useState<Matrix>(() => structuredClone(data.matrix));
  const [confirmReset, setConfirmReset] = useState(false);

  const dirty = roles.some((r) => modules.some((m) => cellDiffers(draft[r][m], data.matrix[r][m], m)));
  const customised = roles.reduce(
    (n, r) => n + modules.filter((m) => cellDiffers(draft[r][m], data.defaults[r][m], m)).length,
    0,
  );

  const applied = async (out: MatrixOut, message: string) => {
    notifications.show({ color: 'teal', message });
    setConfirmReset(false);
    queryClient.setQueryData(adminKeys.matrix, out);
    await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
  };
  const save = useMutation({
    mutationFn: () => adminApi.saveMatrix(draft),
    onSuccess: (out) => applied(out, 'Matrice des droits enregistrée.'),
  });
  const reset = useMutation({
    mutationFn: () => adminApi.resetMatrix(),
    onSuccess: (out) => applied(out, 'Droits par défaut rétablis.'),
  });

  const setCell = (role: Role, module: Module, next: Cell) =>
    setDraft((d) => ({ ...d, [role]: { ...d[role], [module]: next } }));
  const toggle = (role: Role, module: Module, action: Action, on: boolean) => {
    const cell = draft[role][module];
    const actions = on ? [...cell.actions, action] : cell.actions.filter((a) => a !== action);
    setCell(role, module, { ...cell, actions: moduleActions[module].filter((a) => actions.includes(a)) });
  };

  return (
    <Stack>
      <Group gap="xs">
        {data.isDefault && !dirty ? (
          <Badge variant="light" color="gray">
            Droits par défaut
          </Badge>
        ) : (
          <Badge variant="light" color="yellow">
            {customised} case{customised > 1 ? 's' : ''} modifiée{customised > 1 ? 's' : ''} par rapport aux
            droits par défaut
          </Badge>
        )}
        {dirty && (
          <Badge variant="filled" color="orange">
            Modifications non enregistrées
          </Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Chaque colonne est un rôle. Cochez les actions permises pour chaque module et choisissez la portée :
        tout, seulement les siens, ou les interventions à distance. Les cases surlignées diffèrent des droits
        par défaut.
      </Text>

      <ErrorAlert error={save.error} title="Enregistrement impossible" withDetails />

      {/* 130 + 10 roles × 100 px: the whole matrix fits a 1440 px screen beside the menu. */}
      <Table.ScrollContainer minWidth={130 + roles.length * 100}>
        <Table withTableBorder withColumnBorders verticalSpacing={4} horizontalSpacing="xs" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th style={sticky}>Module</Table.Th>
              {roles.map((r) => (
                <Table.Th
                  key={r}
                  ta="center"
                  miw={96}
                  fz="xs"
                  style={{ verticalAlign: 'bottom', hyphens: 'auto' }}
                >
                  {roleLabels[r]}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {modules.map((m) => (
              <ModuleRows
                key={m}
                module={m}
                draft={draft}
                defaults={data.defaults}
                editable={editable}
                onToggle={toggle}
                onScope={(r, scope) => setCell(r, m, { ...draft[r][m], scope })}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      {editable ? (
        <Group justify="space-between" gap="sm">
          <Button
            variant="subtle"
            color="red"
            disabled={data.isDefault && !dirty}
            onClick={() => {
              reset.reset();
              setConfirmReset(true);
            }}
          >
            Revenir aux droits par défaut
          </Button>
          <Group gap="xs">
            <Button
              variant="default"
              disabled={!dirty}
              onClick={() => setDraft(structuredClone(data.matrix))}
            >
              Annuler les modifications
            </Button>
            <Button disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()}>
              Enregistrer
            </Button>
          </Group>
        </Group>
      ) : (
        <Alert color="gray">Vous pouvez consulter la matrice des droits, mais pas la modifier.</Alert>
      )}

      <ConfirmModal
        opened={confirmReset}
        onClose={() => setConfirmReset(false)}
        title="Revenir aux droits par défaut"
        confirmLabel="Rétablir les droits par défaut"
        loading={reset.isPending}
        error={reset.error}
        onConfirm={() => reset.mutate()}
      >
        <Text size="sm">
          Toutes les personnalisations de la matrice seront perdues, y compris les modifications non
          enregistrées. Les droits de chaque rôle redeviendront ceux livrés avec Relais.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

function ModuleRows({
  module,
  draft,
  defaults,
  editable,
  onToggle,
  onScope,
}: {
  module: Module;
  draft: Matrix;
  defaults: Matrix;
  editable: boolean;
  onToggle: (role: Role, module: Module, action: Action, on: boolean) => void;
  onScope: (role: Role, scope: Scope) => void;
}) {
  return (
    <>
      <Table.Tr bg="var(--mantine-color-default-hover)">
        <Table.Th style={{ ...sticky, background: 'var(--mantine-color-default-hover)' }} scope="rowgroup">
          {moduleLabels[module]}
        </Table.Th>
        <Table.Td colSpan={roles.length} />
      </Table.Tr>
      {moduleActions[module].map((a) => (
        <Table.Tr key={a}>
          <Table.Td style={sticky} pl="md">
            {actionLabels[a]}
          </Table.Td>
          {roles.map((r) => {
            if (!isOfferedCell(r, module)) return <NotOffered key={r} role={r} module={module} />;
            const on = draft[r][module].actions.includes(a);
            const differs = on !== defaults[r][module].actions.includes(a);
            return (
              <Table.Td key={r} style={differs ? changed : undefined}>
                <Checkbox
                  mx="auto"
                  w="fit-content"
                  checked={on}
                  disabled={!editable || isLockedRight(r, module, a)}
                  onChange={(e) => onToggle(r, module, a, e.currentTarget.checked)}
                  aria-label={`${moduleLabels[module]} : ${actionLabels[a]} pour ${roleLabels[r]}`}
                  title={differs ? 'Diffère des droits par défaut' : undefined}
                />
              </Table.Td>
            );
          })}
        </Table.Tr>
      ))}
      <Table.Tr>
        <Table.Td style={sticky} pl="md" c="dimmed">
          Portée
        </Table.Td>
        {roles.map((r) => {
          if (!isOfferedCell(r, module)) return <NotOffered key={r} role={r} module={module} />;
          const scope = draft[r][module].scope;
          const differs = scope !== defaults[r][module].scope;
          return (
            <Table.Td key={r} style={differs ? changed : undefined}>
              <NativeSelect
                size="xs"
                // Narrow columns: the whole label (« Les siens », « À distance ») beside the arrow.
                rightSectionWidth={16}
                styles={{ input: { paddingInlineStart: 4, paddingInlineEnd: 16 } }}
                data={scopeOptions}
                value={scope}
                disabled={!editable}
                onChange={(e) => onScope(r, e.currentTarget.value as Scope)}
                aria-label={`${moduleLabels[module]} : portée pour ${roleLabels[r]}`}
                title={differs ? 'Diffère des droits par défaut' : undefined}
              />
            </Table.Td>
          );
        })}
      </Table.Tr>
    </>
  );
}

/** A cell the matrix does not offer (a partner's planning): nothing to tick. */
function NotOffered({ role, module }: { role: Role; module: Module }) {
  return (
    <Table.Td ta="center" c="dimmed" title={`${moduleLabels[module]} : sans objet pour ${roleLabels[role]}`}>
      —
    </Table.Td>
  );
}
