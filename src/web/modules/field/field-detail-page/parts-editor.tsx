import { ActionIcon, Button, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import type { Part } from './field-helpers.ts';

type Props = {
  parts: Part[];
  setParts: React.Dispatch<React.SetStateAction<Part[]>>;
  canEdit: boolean;
};

/** The parts used: label, quantity and serial number per line. */
export function PartsEditor({ parts, setParts, canEdit }: Props) {
  return (
    <Stack gap="xs">
      <Text fw={500} size="sm">
        Pièces utilisées
      </Text>
      {parts.map((p, idx) => (
        <Group key={idx} gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            aria-label="Pièce"
            placeholder="Pièce"
            style={{ flex: 2 }}
            value={p.label}
            disabled={!canEdit}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setParts((l) => l.map((x, j) => (j === idx ? { ...x, label: v } : x)));
            }}
          />
          <NumberInput
            aria-label="Quantité"
            min={1}
            w={70}
            value={p.quantity}
            disabled={!canEdit}
            onChange={(v) =>
              setParts((l) => l.map((x, j) => (j === idx ? { ...x, quantity: Number(v) || 1 } : x)))
            }
          />
          <TextInput
            aria-label="N° de série"
            placeholder="N° de série"
            style={{ flex: 1 }}
            value={p.serial}
            disabled={!canEdit}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setParts((l) => l.map((x, j) => (j === idx ? { ...x, serial: v } : x)));
            }}
          />
          {canEdit && (
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label="Retirer la pièce"
              onClick={() => setParts((l) => l.filter((_, j) => j !== idx))}
            >
              ×
            </ActionIcon>
          )}
        </Group>
      ))}
      {canEdit && (
        <Button
          variant="subtle"
          onClick={() => setParts((l) => [...l, { label: '', quantity: 1, serial: '' }])}
        >
          Ajouter une pièce
        </Button>
      )}
    </Stack>
  );
}
