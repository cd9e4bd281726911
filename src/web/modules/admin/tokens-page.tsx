import { Alert, Badge, Button, Code, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type Role, roleLabels, roleNeedsPartner } from '../../../shared/permissions.ts';
import { createTokenBody, type tokenOut } from '../../../shared/schemas/admin.ts';
import type { z } from '../../../shared/zod.ts';
import { can, useMe } from '../../app/auth.ts';
import { bodyResolver } from '../../ui/form-validation.ts';
import { DataList } from '../../ui/data-list.tsx';
import { CopyField, PartnerSelect, roleOptions, withRoleAndPartner } from './admin-ui.tsx';
import { ConfirmModal, ErrorAlert, PageHeader } from '../../ui/feedback.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { FormActions } from '../../ui/form-actions.tsx';
import { adminApi, adminKeys, adminQueries } from './api.ts';
import { useNoticeMutation } from '../../ui/notice-mutation.ts';

type TokenOut = z.infer<typeof tokenOut>;
type Created = TokenOut & { token: string };

/** API tokens for integrations: list, creation (the secret is shown once) and revocation. */
export function TokensPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const list = useQuery(adminQueries.tokens());
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [revoking, setRevoking] = useState<TokenOut | null>(null);
  const canRevoke = can(me, 'administration', 'delete');

  const revoke = useMutation({
    mutationFn: (t: TokenOut) => adminApi.revokeToken(t.id),
    onSuccess: async (_d, t) => {
      notifications.show({ color: 'teal', message: `Jeton « ${t.name} » révoqué.` });
      setRevoking(null);
      await queryClient.invalidateQueries({ queryKey: adminKeys.tokens });
    },
  });

  const tokens = list.data?.items ?? [];
  const closeCreate = () => {
    setCreating(false);
    setCreated(null);
  };

  return (
    <Stack>
      <PageHeader title="Jetons d’API">
        {can(me, 'administration', 'create') && (
          <Button onClick={() => setCreating(true)}>Nouveau jeton</Button>
        )}
      </PageHeader>
      <Text size="sm" c="dimmed">
        Un jeton permet à un logiciel tiers d’appeler l’API avec les droits du rôle choisi, via l’en-tête{' '}
        <Code>Authorization: Bearer …</Code>.
      </Text>

      <DataList
        query={list}
        items={tokens}
        empty="Aucun jeton d’API."
        errorTitle="Impossible de charger les jetons"
        minWidth={820}
        verticalSpacing="sm"
        rowProps={(t) => ({ c: t.revokedAt ? 'dimmed' : undefined })}
        columns={[
          {
            header: 'Nom',
            cell: (t) => (
              <Text span inherit fw={500}>
                {t.name}
              </Text>
            ),
          },
          { header: 'Préfixe', cell: (t) => <Code>{t.prefix}…</Code> },
          { header: 'Rôle', cell: (t) => roleLabels[t.role] },
          { header: 'Partenaire', cell: (t) => t.partnerName ?? '—' },
          { header: 'Créé le', cell: (t) => formatDateTime(t.createdAt) },
          {
            header: 'Dernière utilisation',
            cell: (t) => (t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Jamais'),
          },
          {
            header: 'État',
            cell: (t) =>
              t.revokedAt ? (
                <Badge color="gray" variant="filled">
                  Révoqué le {formatDateTime(t.revokedAt)}
                </Badge>
              ) : (
                <Badge color="green" variant="light">
                  Actif
                </Badge>
              ),
          },
          canRevoke && {
            cell: (t) =>
              !t.revokedAt && (
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  onClick={() => {
                    revoke.reset();
                    setRevoking(t);
                  }}
                >
                  Révoquer
                </Button>
              ),
          },
        ]}
      />

      <Modal
        opened={creating}
        onClose={closeCreate}
        title={created ? 'Jeton créé' : 'Nouveau jeton d’API'}
        size="lg"
        closeOnClickOutside={!created}
      >
        {created ? (
          <Stack>
            <Alert color="yellow" title="Copiez ce jeton maintenant">
              Il ne sera plus jamais affiché. Conservez-le dans un coffre-fort de secrets ; en cas de perte,
              révoquez-le et créez-en un nouveau.
            </Alert>
            <CopyField label={`Jeton « ${created.name} »`} value={created.token} />
            <Group justify="flex-end">
              <Button onClick={closeCreate}>J’ai copié le jeton</Button>
            </Group>
          </Stack>
        ) : (
          creating && <CreateTokenForm onCancel={closeCreate} onCreated={setCreated} />
        )}
      </Modal>

      <ConfirmModal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Révoquer le jeton"
        confirmLabel="Révoquer"
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking)}
      >
        <Text size="sm">
          Le jeton « {revoking?.name} » cessera immédiatement de fonctionner. Les logiciels qui l’utilisent
          n’auront plus accès à l’API. Cette action est définitive.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

type TokenValues = { name: string; role: Role | null; partnerId: string | null };
const tokenBodyOf = (v: TokenValues) => ({
  name: v.name.trim(),
  role: v.role,
  partnerId: roleNeedsPartner(v.role) ? v.partnerId : null,
});
const tokenForm = withRoleAndPartner(createTokenBody);

function CreateTokenForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (t: Created) => void }) {
  const queryClient = useQueryClient();
  const form = useForm<TokenValues>({
    initialValues: { name: '', role: null, partnerId: null },
    validate: bodyResolver(tokenForm, tokenBodyOf),
  });
  const create = useNoticeMutation(form, {
    save: (v: TokenValues) => adminApi.createToken(tokenBodyOf(v)),
    notice: (t) => `Jeton « ${t.name} » créé.`,
    after: async (t) => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.tokens });
      onCreated(t);
    },
  });

  return (
    <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
      <Stack>
        <ErrorAlert error={create.error} title="Création impossible" />
        <TextInput
          label="Nom"
          description="Pour reconnaître l’usage du jeton, par exemple « Synchronisation ERP »."
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Select
          label="Rôle"
          description="Le jeton aura exactement les droits de ce rôle."
          data={roleOptions}
          required
          {...form.getInputProps('role')}
        />
        <PartnerSelect
          enabled={roleNeedsPartner(form.values.role)}
          value={form.values.partnerId}
          onChange={(v) => form.setFieldValue('partnerId', v)}
          error={form.errors.partnerId}
          description="Le jeton n’aura accès qu’aux clients de ce partenaire."
        />
        <FormActions onCancel={onCancel} loading={create.isPending} submitLabel="Créer le jeton" />
      </Stack>
    </form>
  );
}
