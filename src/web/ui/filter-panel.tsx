import { Button, Collapse, Group, SimpleGrid, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useIsPhone } from './data-list.tsx';

/**
 * The filters above a list: `top` always shown (search box, segmented control), the other fields in
 * a grid that a phone folds behind « Filtres (n) », and « Effacer les filtres » when `onClear` is given.
 */
export function FilterPanel({
  top,
  activeCount,
  onClear,
  columns = 5,
  children,
}: {
  top?: ReactNode;
  /** How many of the folded fields are set. */
  activeCount: number;
  onClear?: () => void;
  /** Fields per row on a wide screen. */
  columns?: number;
  children: ReactNode;
}) {
  const phone = useIsPhone();
  const [open, { toggle }] = useDisclosure(false);
  return (
    <Stack gap="xs">
      {top}
      {phone && (
        <Button variant="default" onClick={toggle} aria-expanded={open}>
          {open ? 'Masquer les filtres' : `Filtres${activeCount ? ` (${activeCount})` : ''}`}
        </Button>
      )}
      <Collapse expanded={!phone || open}>
        <SimpleGrid cols={{ base: 1, xs: 2, md: columns }} spacing="xs">
          {children}
        </SimpleGrid>
      </Collapse>
      {onClear && (
        <Group justify="flex-end">
          <Button variant="subtle" size="xs" onClick={onClear}>
            Effacer les filtres
          </Button>
        </Group>
      )}
    </Stack>
  );
}
