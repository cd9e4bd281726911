import { Alert, Button, Center, Group, List, Loader, Modal, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../app/api.ts';

/** What a page says when something failed: the API's French message, else `fallback`. */
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

/** A page's title, with its buttons on the right. */
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

/** « Annuler » or do it: a delete, a revocation, a reset; the failure shows above the buttons. */
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
