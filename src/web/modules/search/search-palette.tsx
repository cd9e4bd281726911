import {
  Badge,
  Box,
  Group,
  Loader,
  Modal,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import type { SearchHit } from '../../../shared/schemas/search.ts';
import { searchQueries } from './api.ts';
import { Highlight } from './highlight.tsx';
import { takeTypeAhead } from './type-ahead.ts';

export const matchLabels = { exact: 'exact', prefix: 'début', fuzzy: 'approché' } as const;

export function useSearch(q: string, limit: number) {
  const [debounced] = useDebouncedValue(q.trim(), 150);
  return useQuery({ ...searchQueries.results(debounced, limit), enabled: debounced.length >= 2 });
}

/** One hit: title (highlighted when the name matched), subtitle, and the field that matched. */
export function HitLine({ hit }: { hit: SearchHit }) {
  const nameMatched = hit.value === hit.title;
  return (
    <Box style={{ minWidth: 0 }}>
      <Text size="sm" fw={500} truncate>
        {nameMatched ? <Highlight value={hit.title} ranges={hit.ranges} /> : hit.title}
      </Text>
      <Text size="xs" c="dimmed" truncate>
        {nameMatched ? (
          hit.subtitle
        ) : (
          <>
            {hit.fieldLabel} : <Highlight value={hit.value} ranges={hit.ranges} />
            {hit.subtitle ? ` · ${hit.subtitle}` : ''}
          </>
        )}
      </Text>
    </Box>
  );
}

/** Ctrl+K palette: grouped results, ↑/↓ to move, Entrée to open, « Voir tous les résultats ». */
export function SearchPalette({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const navigate = useNavigate();
  const { data, isFetching } = useSearch(q, 5);
  const hits = q.trim().length >= 2 ? (data?.groups.flatMap((g) => g.items) ?? []) : [];
  const allIndex = hits.length; // the « Voir tous les résultats » line
  useEffect(() => setActive(0), [data]);
  const input = useRef<HTMLInputElement>(null);
  // Focus the field as soon as it exists, without waiting for the modal's transition.
  useEffect(() => {
    if (opened) input.current?.focus();
  }, [opened]);
  /**
   * The field has the focus: what was typed since the palette was asked for replaces the old
   * query; with nothing typed, the old query is selected so that typing replaces it.
   */
  const onFocus = (e: React.FocusEvent<HTMLInputElement>) => {
    const typed = takeTypeAhead();
    if (typed) {
      setQ(typed);
      return;
    }
    e.currentTarget.select();
  };
  const close = () => {
    takeTypeAhead();
    onClose();
  };

  const open = (i: number) => {
    close();
    if (i === allIndex) void navigate({ to: '/recherche', search: { q: q.trim() } });
    else if (hits[i]) void navigate({ to: hits[i].url });
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, allIndex));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && q.trim().length >= 2) {
      e.preventDefault();
      open(active);
    }
  };

  let index = -1;
  return (
    <Modal
      opened={opened}
      onClose={close}
      withCloseButton={false}
      size="lg"
      padding={0}
      yOffset="8vh"
      aria-label="Recherche globale"
    >
      <TextInput
        data-autofocus
        ref={input}
        onFocus={onFocus}
        size="md"
        variant="unstyled"
        px="md"
        py={4}
        placeholder="Client, contact, téléphone, SIRET, code postal…"
        aria-label="Rechercher"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        rightSection={isFetching ? <Loader size="xs" /> : null}
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      />
      {/* Content as wide as the box (not a table that grows): long titles are cut with « … » on phones. */}
      <ScrollArea.Autosize
        mah="60vh"
        scrollbars="y"
        styles={{ content: { display: 'block', minWidth: 0 } }}
        role="listbox"
        aria-label="Résultats"
      >
        <Stack gap={0} p="xs">
          {q.trim().length < 2 && (
            <Text size="sm" c="dimmed" p="sm">
              Saisissez au moins deux caractères. Entrée ouvre le résultat choisi.
            </Text>
          )}
          {q.trim().length >= 2 && data && data.total === 0 && !isFetching && (
            <Text size="sm" c="dimmed" p="sm">
              Aucun résultat pour « {q.trim()} ».
            </Text>
          )}
          {q.trim().length >= 2 &&
            data?.groups.map((g) => (
              <Box key={g.type} mb={4}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt={6} pb={2}>
                  {g.label}
                </Text>
                {g.items.map((h) => {
                  index += 1;
                  const i = index;
                  return (
                    <UnstyledButton
                      key={`${g.type}-${h.id}`}
                      role="option"
                      aria-selected={i === active}
                      onMouseEnter={() => setActive(i)}
                      onClick={() => open(i)}
                      w="100%"
                      px="sm"
                      py={6}
                      style={{
                        borderRadius: 6,
                        background: i === active ? 'var(--mantine-color-blue-light)' : undefined,
                      }}
                    >
                      <Group justify="space-between" wrap="nowrap" gap="xs">
                        <HitLine hit={h} />
                        {h.match !== 'fuzzy' && (
                          <Badge size="xs" variant="light" color={h.match === 'exact' ? 'green' : 'gray'}>
                            {matchLabels[h.match]}
                          </Badge>
                        )}
                      </Group>
                    </UnstyledButton>
                  );
                })}
              </Box>
            ))}
          {q.trim().length >= 2 && (
            <UnstyledButton
              role="option"
              aria-selected={active === allIndex}
              onMouseEnter={() => setActive(allIndex)}
              onClick={() => open(allIndex)}
              px="sm"
              py={8}
              style={{
                borderRadius: 6,
                background: active === allIndex ? 'var(--mantine-color-blue-light)' : undefined,
              }}
            >
              <Text size="sm" c="blue">
                Voir tous les résultats
              </Text>
            </UnstyledButton>
          )}
        </Stack>
      </ScrollArea.Autosize>
    </Modal>
  );
}
