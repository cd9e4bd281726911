import { Button, Kbd, Text } from '@mantine/core';
import { lazy, Suspense, useEffect, useState } from 'react';
import { startTypeAhead } from './type-ahead.ts';

const SearchPalette = lazy(() => import('./search-palette.tsx').then((m) => ({ default: m.SearchPalette })));

/**
 * The header's search button and the Ctrl+K / ⌘K shortcut from anywhere. The palette itself is a
 * lazy chunk, loaded the first time it opens; what is typed until its field has the focus is kept
 * (`type-ahead.ts`) and lands in the field.
 */
export function SearchLauncher() {
  const [opened, setOpened] = useState(false);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        if (!opened) startTypeAhead();
        setLoaded(true);
        setOpened(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [opened]);
  return (
    <>
      <Button
        variant="default"
        size="xs"
        aria-label="Rechercher (Ctrl+K)"
        onClick={() => {
          startTypeAhead();
          setLoaded(true);
          setOpened(true);
        }}
        rightSection={
          <Text component="span" visibleFrom="sm" size="xs">
            <Kbd size="xs">Ctrl</Kbd> <Kbd size="xs">K</Kbd>
          </Text>
        }
      >
        Rechercher…
      </Button>
      {loaded && (
        <Suspense fallback={null}>
          <SearchPalette opened={opened} onClose={() => setOpened(false)} />
        </Suspense>
      )}
    </>
  );
}
