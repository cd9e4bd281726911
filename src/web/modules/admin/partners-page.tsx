import {
  ActionIcon,
  Badge,
  Button,
  ColorInput,
  ColorSwatch,
  Group,
  Image,
  Menu,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { type PartnerOut, partnerBody } from '../../../shared/schemas/admin.ts';
import { can, useMe } from '../../app/auth.ts';
import { bodyResolver } from '../../ui/form-validation.ts';
import { DataList } from '../../ui/data-list.tsx';
import { LogoField, type LogoValue, partnersQuery } from './admin-ui.tsx';
import { ConfirmModal, ErrorAlert, PageHeader } from '../../ui/feedback.tsx';
import { blankToNull } from '../../ui/format.ts';
import { plural } from '../../../shared/plural.ts';
import { FormActions } from '../../ui/form-actions.tsx';
import { adminApi, adminKeys } from './api.ts';
import { formatPhone } from '../../../shared/phone.ts';
import { useNoticeMutation } from '../../ui/notice-mutation.ts';

const logoUrl = (p: PartnerOut, version: number) => `/api/v1/partners/${p.id}/logo?v=${version}`;

/** Partners (resellers): list with client counts, creation and edition with co-branding, deletion. */
export function PartnersPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const list = useQuery(partnersQuery);
  const [editing, setEditing] = useState<PartnerOut | 'new' | null>(null);
  const [deleting, setDeleting] = useState<PartnerOut | null>(null);

  const remove = useMutation({
    mutationFn: (p: PartnerOut) => adminApi.deletePartner(p.id),
    onSuccess: async (_d, p) => {
      notifications.show({ color: 'teal', message: `Partenaire ${p.name} supprimé.` });
      setDeleting(null);
      await queryClient.invalidateQueries({ queryKey: adminKeys.partners });
    },
  });

  const partners = list.data?.items ?? [];
  const nameCell = (p: PartnerOut) => (
    <Group gap="sm" wrap="nowrap">
      {p.hasLogo ? (
        <Image src={logoUrl(p, list.dataUpdatedAt)} alt="" h={28} w={56} fit="contain" />
      ) : p.brandColor ? (
        <ColorSwatch color={p.brandColor} size={20} />
      ) : null}
      <Text size="sm" fw={500}>
        {p.name}
      </Text>
    </Group>
  );
  // Delete is offered only when it can succeed (no client, no user left): the server says so.
  const actions = (p: PartnerOut) =>
    (p.abilities.update || p.abilities.delete) && (
      <Menu position="bottom-end">
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`Actions pour ${p.name}`}>
            ⋯
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {p.abilities.update && <Menu.Item onClick={() => setEditing(p)}>Modifier</Menu.Item>}
          {p.abilities.delete && (
            <Menu.Item
              color="red"
              onClick={() => {
                remove.reset();
                setDeleting(p);
              }}
            >
              Supprimer
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
    );
  return (
    <Stack>
      <PageHeader title="Partenaires">
        {can(me, 'administration', 'create') && (
          <Button onClick={() => setEditing('new')}>Nouveau partenaire</Button>
        )}
      </PageHeader>

      <DataList
        query={list}
        items={partners}
        empty="Aucun partenaire pour l’instant."
        errorTitle="Impossible de charger les partenaires"
        minWidth={760}
        verticalSpacing="sm"
        card={(p) => (
          <>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              {nameCell(p)}
              {actions(p)}
            </Group>
            <Text size="sm" c="dimmed">
              {[p.contactName, [p.postalCode, p.city].filter(Boolean).join(' ')]
                .filter(Boolean)
                .join(' · ') || '—'}
            </Text>
            <Group gap="xs" mt={4}>
              <ClientCount partner={p} />
              <Text size="sm" c="dimmed">
                {p.clientCount > 1 ? 'clients' : 'client'}
              </Text>
            </Group>
          </>
        )}
        columns={[
          {
            header: 'Partenaire',
            cell: nameCell,
          },
          { header: 'SIREN', cell: (p) => p.siren ?? '—' },
          {
            header: 'Contact',
            cell: (p) => (
              <>
                <Text size="sm">{p.contactName ?? '—'}</Text>
                <Text size="xs" c="dimmed">
                  {[p.email, formatPhone(p.phone)].filter(Boolean).join(' · ')}
                </Text>
              </>
            ),
          },
          { header: 'Ville', cell: (p) => [p.postalCode, p.city].filter(Boolean).join(' ') || '—' },
          {
            header: 'Clients',
            align: 'right',
            cell: (p) => <ClientCount partner={p} />,
          },
          {
            hiddenHeader: 'Actions',
            width: 60,
            cell: actions,
          },
        ]}
      />

      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Nouveau partenaire' : 'Modifier le partenaire'}
        size="lg"
      >
        {editing && (
          <PartnerForm
            key={editing === 'new' ? 'new' : editing.id}
            partner={editing === 'new' ? null : editing}
            logoVersion={list.dataUpdatedAt}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>

      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Supprimer le partenaire"
        confirmLabel="Supprimer"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
      >
        <Text size="sm">
          Supprimer définitivement {deleting?.name} ? Il n’a plus ni client ni utilisateur.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}

/** A partner's client count, linking to its clients in the client list. */
function ClientCount({ partner: p }: { partner: PartnerOut }) {
  return (
    <Badge
      variant="light"
      color={p.clientCount ? 'blue' : 'gray'}
      renderRoot={(props) => <Link {...props} to="/clients" search={{ partnerId: p.id }} />}
      style={{ cursor: 'pointer' }}
      aria-label={`${plural(p.clientCount, 'client')} de ${p.name}`}
      title={p.deleteBlockedBy ?? undefined}
    >
      {p.clientCount}
    </Badge>
  );
}

type PartnerValues = Record<
  'name' | 'siren' | 'email' | 'phone' | 'contactName' | 'addressLine' | 'postalCode' | 'city' | 'brandColor',
  string
> & { logo: LogoValue };

/** The body of POST /partners and PATCH /partners/:id: blanks cleared, the logo only when changed. */
const partnerBodyOf = (v: PartnerValues) => ({
  name: v.name.trim(),
  siren: blankToNull(v.siren),
  email: blankToNull(v.email),
  phone: blankToNull(v.phone),
  contactName: blankToNull(v.contactName),
  addressLine: blankToNull(v.addressLine),
  postalCode: blankToNull(v.postalCode),
  city: blankToNull(v.city),
  brandColor: blankToNull(v.brandColor),
  ...(v.logo !== undefined ? { logo: v.logo } : {}),
});

function PartnerForm({
  partner,
  logoVersion,
  onDone,
}: {
  partner: PartnerOut | null;
  logoVersion: number;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<PartnerValues>({
    initialValues: {
      name: partner?.name ?? '',
      siren: partner?.siren ?? '',
      email: partner?.email ?? '',
      phone: partner?.phone ?? '',
      contactName: partner?.contactName ?? '',
      addressLine: partner?.addressLine ?? '',
      postalCode: partner?.postalCode ?? '',
      city: partner?.city ?? '',
      brandColor: partner?.brandColor ?? '',
      logo: undefined as LogoValue,
    },
    validate: bodyResolver(partnerBody, partnerBodyOf),
  });

  const save = useNoticeMutation(form, {
    save: (v: PartnerValues) => {
      const body = partnerBodyOf(v);
      return partner ? adminApi.savePartner(partner.id, body) : adminApi.savePartner(undefined, body);
    },
    notice: (p) => `Partenaire ${p.name} enregistré.`,
    after: async () => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.partners });
      onDone();
    },
  });

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <ErrorAlert error={save.error} title="Enregistrement impossible" />
        <TextInput label="Nom" required data-autofocus {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="SIREN" inputMode="numeric" {...form.getInputProps('siren')} />
          <TextInput label="Contact" {...form.getInputProps('contactName')} />
          <TextInput label="Adresse e-mail" type="email" {...form.getInputProps('email')} />
          <TextInput label="Téléphone" type="tel" {...form.getInputProps('phone')} />
        </SimpleGrid>
        <TextInput label="Adresse" {...form.getInputProps('addressLine')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Code postal" inputMode="numeric" {...form.getInputProps('postalCode')} />
          <TextInput label="Ville" {...form.getInputProps('city')} />
        </SimpleGrid>
        <ColorInput
          label="Couleur de marque"
          description="Utilisée pour le co-marquage des documents du partenaire."
          format="hex"
          placeholder="#1c7ed6"
          {...form.getInputProps('brandColor')}
        />
        <LogoField
          value={form.values.logo}
          onChange={(v) => form.setFieldValue('logo', v)}
          existingUrl={partner?.hasLogo ? logoUrl(partner, logoVersion) : null}
          error={form.errors.logo}
        />
        <FormActions
          onCancel={onDone}
          loading={save.isPending}
          submitLabel={partner ? 'Enregistrer' : 'Créer le partenaire'}
        />
      </Stack>
    </form>
  );
}
