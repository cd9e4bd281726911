import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Center,
  CopyButton,
  FileInput,
  Group,
  Image,
  List,
  Loader,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { type Role, roleLabels, roleNeedsPartner, roles } from '../../../shared/permissions.ts';
import { z } from '../../../shared/zod.ts';
import { ApiError } from '../../app/api.ts';
import { adminQueries } from './api.ts';

const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTimeFormat.format(new Date(iso)) : '—';
}

export const roleOptions = roles.map((r) => ({ value: r, label: roleLabels[r] }));

/**
 * The request schema of a user or token form, plus what the form asks: a role is chosen, and a
 * partner role names its partner (the API refuses it otherwise).
 */
export function withRoleAndPartner(schema: z.ZodObject): z.ZodType {
  return schema.extend({ role: z.enum(roles, 'Choisissez un rôle.') }).refine(
    (v) => {
      const { role, partnerId } = v as { role: Role; partnerId?: string | null };
      return !roleNeedsPartner(role) || Boolean(partnerId);
    },
    { path: ['partnerId'], message: 'Choisissez le partenaire.' },
  );
}

export function isRole(v: string | null | undefined): v is Role {
  return (roles as readonly string[]).includes(v ?? '');
}

export function errorMessage(e: unknown, fallback = 'Une erreur est survenue. Réessayez.'): string {
  return e instanceof ApiError ? e.message : fallback;
}

/**
 * Server field errors for `form.setErrors`; a nested path such as `logo.base64` is also reported
 * on its first segment, which is the form field.
 */
export function fieldErrorsOf(e: unknown, rename: Record<string, string> = {}): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(e.fieldErrors())) {
    const head = path.split('.')[0] ?? path;
    out[rename[path] ?? path] = message;
    out[rename[head] ?? head] ??= message;
  }
  return out;
}

export const blankToNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end" gap="sm">
      <Title order={2}>{title}</Title>
      {children && <Group gap="xs">{children}</Group>}
    </Group>
  );
}

export function LoadingBlock() {
  return (
    <Center py="xl">
      <Loader aria-label="Chargement" />
    </Center>
  );
}

/** An ApiError in red; `withDetails` also lists the per-field messages when no form shows them. */
export function ErrorAlert({
  error,
  title = 'Erreur',
  withDetails = false,
}: {
  error: unknown;
  title?: string;
  withDetails?: boolean;
}) {
  if (!error) return null;
  const details = withDetails && error instanceof ApiError ? error.details : [];
  return (
    <Alert color="red" title={title} role="alert">
      {errorMessage(error)}
      {details.length > 0 && (
        <List size="sm" mt={4}>
          {details.map((d) => (
            <List.Item key={`${d.path}:${d.message}`}>{d.message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

export function CopyField({
  label,
  value,
  description,
}: {
  label: string;
  value: string;
  description?: string;
}) {
  return (
    <TextInput
      label={label}
      description={description}
      value={value}
      readOnly
      onFocus={(e) => e.currentTarget.select()}
      styles={{ input: { fontFamily: 'monospace' } }}
      rightSectionWidth={90}
      rightSection={
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Button
              size="compact-xs"
              variant={copied ? 'filled' : 'light'}
              color={copied ? 'teal' : 'blue'}
              onClick={copy}
            >
              {copied ? 'Copié' : 'Copier'}
            </Button>
          )}
        </CopyButton>
      }
    />
  );
}

export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  color = 'red',
  loading,
  error,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: string;
  loading?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack>
        <div>{children}</div>
        <ErrorAlert error={error} title="Action impossible" />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} data-autofocus>
            Annuler
          </Button>
          <Button color={color} loading={loading} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export const partnersQuery = adminQueries.partners();

/** Partner choices for a Select; only loaded when `enabled` (e.g. when the role is partenaire). */
export function usePartnerOptions(enabled = true) {
  const q = useQuery({ ...partnersQuery, enabled });
  return {
    data: (q.data?.items ?? []).map((p) => ({ value: p.id, label: p.name })),
    isLoading: q.isLoading,
    error: q.error,
  };
}

/** Partner picker, shown only for the partenaire role (its data is fetched only then). */
export function PartnerSelect({
  enabled,
  value,
  onChange,
  error,
  description = 'Le compte ne verra que les clients de ce partenaire.',
}: {
  enabled: boolean;
  value: string | null;
  onChange: (v: string | null) => void;
  error?: ReactNode;
  description?: string;
}) {
  const partners = usePartnerOptions(enabled);
  if (!enabled) return null;
  return (
    <Select
      label="Partenaire"
      placeholder={partners.isLoading ? 'Chargement…' : 'Choisir le partenaire'}
      description={description}
      data={partners.data}
      value={value}
      onChange={onChange}
      searchable
      nothingFoundMessage="Aucun partenaire"
      required
      error={error ?? (partners.error ? 'Impossible de charger les partenaires.' : undefined)}
    />
  );
}

export const logoMimes = ['image/png', 'image/jpeg', 'image/svg+xml', 'image/webp'] as const;
export type LogoUpload = { mime: (typeof logoMimes)[number]; base64: string };
/** `undefined`: keep the stored logo; `null`: remove it; an upload: replace it. */
export type LogoValue = LogoUpload | null | undefined;
const maxLogoBytes = 500 * 1024;

export function readLogo(file: File): Promise<LogoUpload> {
  const mime = logoMimes.find((m) => m === file.type);
  if (!mime) return Promise.reject(new Error('Logo : PNG, JPEG, SVG ou WebP.'));
  if (file.size > maxLogoBytes) return Promise.reject(new Error('Logo trop lourd (500 Ko au plus).'));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ mime, base64: url.slice(url.indexOf(',') + 1) });
    };
    reader.onerror = () => reject(new Error('Impossible de lire le fichier.'));
    reader.readAsDataURL(file);
  });
}

export function LogoField({
  value,
  onChange,
  existingUrl,
  error,
}: {
  value: LogoValue;
  onChange: (v: LogoValue) => void;
  existingUrl: string | null;
  error?: ReactNode;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const preview = value
    ? `data:${value.mime};base64,${value.base64}`
    : value === undefined
      ? existingUrl
      : null;

  const pick = async (f: File | null) => {
    setReadError(null);
    setFile(f);
    if (!f) {
      onChange(undefined);
      return;
    }
    try {
      onChange(await readLogo(f));
    } catch (e) {
      setFile(null);
      onChange(undefined);
      setReadError(e instanceof Error ? e.message : 'Fichier illisible.');
    }
  };

  return (
    <Stack gap="xs">
      <FileInput
        label="Logo"
        description="PNG, JPEG, SVG ou WebP, 500 Ko au plus."
        placeholder="Choisir un fichier"
        accept={logoMimes.join(',')}
        clearable
        value={value ? file : null}
        onChange={pick}
        error={readError ?? error}
      />
      {preview && (
        <Group gap="sm" align="center">
          <Paper withBorder p="xs" radius="sm">
            <Image src={preview} alt="Aperçu du logo" h={48} w="auto" maw={200} fit="contain" />
          </Paper>
          <Tooltip label="Retirer le logo">
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label="Retirer le logo"
              onClick={() => {
                setFile(null);
                onChange(null);
              }}
            >
              ×
            </ActionIcon>
          </Tooltip>
        </Group>
      )}
      {value === null && existingUrl && (
        <Text size="xs" c="dimmed">
          Le logo sera supprimé à l’enregistrement.{' '}
          <Anchor component="button" type="button" size="xs" onClick={() => onChange(undefined)}>
            Annuler
          </Anchor>
        </Text>
      )}
    </Stack>
  );
}
