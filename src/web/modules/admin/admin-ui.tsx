import {
  ActionIcon,
  Anchor,
  Button,
  CopyButton,
  FileInput,
  Group,
  Image,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { type Role, roleLabels, roleNeedsPartner, roles } from '../../../shared/permissions.ts';
import { z } from '../../../shared/zod.ts';
import { adminQueries } from './api.ts';

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
