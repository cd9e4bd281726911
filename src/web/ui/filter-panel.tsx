import { Button, Collapse, Group, SegmentedControl, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { type ReactNode, useEffect, useState } from 'react';
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

/** The search box of a filter panel's `top`; `label` names it for screen readers. */
export function FilterSearch({
  label,
  placeholder,
  value,
  onChange,
}: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <TextInput
      placeholder={placeholder}
      aria-label={label}
      type="search"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

/** A choice of a filter panel's `top`: « Tous » first, which clears the filter (`undefined`). */
export function FilterSegments({
  label,
  value,
  onChange,
  data,
}: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  data: { value: string; label: string }[];
}) {
  const phone = useIsPhone();
  return (
    <SegmentedControl
      aria-label={label}
      value={value ?? 'all'}
      onChange={(v) => onChange(v === 'all' ? undefined : v)}
      data={[{ value: 'all', label: 'Tous' }, ...data]}
      fullWidth={phone}
      style={{ alignSelf: phone ? 'stretch' : 'flex-start' }}
    />
  );
}

/** A text filter typed freely, written to the URL once typing pauses (and only when valid). */
export function useUrlText(
  value: string | undefined,
  write: (v: string | undefined) => void,
  valid = (_: string) => true,
) {
  const [text, setText] = useState(value ?? '');
  const [debounced] = useDebouncedValue(text.trim(), 300);
  useEffect(() => setText(value ?? ''), [value]);
  useEffect(() => {
    if (debounced === (value ?? '')) return;
    if (debounced === '' || valid(debounced)) write(debounced || undefined);
  }, [debounced]);
  return [text, setText] as const;
}
