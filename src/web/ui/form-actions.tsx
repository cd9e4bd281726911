import { Button, Group, type MantineColor } from '@mantine/core';
import type { ReactNode } from 'react';

type Props = {
  onCancel: () => void;
  cancelLabel?: ReactNode;
  submitLabel?: ReactNode;
  loading?: boolean;
  color?: MantineColor;
  /** Without it, the main button submits the form around it. */
  onSubmit?: () => void;
};

/** The footer of a form or dialog: « Annuler » then the main action, on the right. */
export function FormActions({
  onCancel,
  cancelLabel = 'Annuler',
  submitLabel = 'Enregistrer',
  loading,
  color,
  onSubmit,
}: Props) {
  return (
    <Group justify="flex-end" gap="xs">
      <Button variant="default" onClick={onCancel}>
        {cancelLabel}
      </Button>
      <Button type={onSubmit ? 'button' : 'submit'} color={color} loading={loading} onClick={onSubmit}>
        {submitLabel}
      </Button>
    </Group>
  );
}
