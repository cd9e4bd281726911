import { Button, Kbd, Text } from '@mantine/core';
import { lazy, Suspense, useEffect, useState } from 'react';

const SearchPalette = lazy(() => import('./search-palette.tsx').then((m) => ({ default: m.SearchPalette })));

/**
 * The header's search button and the Ctrl+K / ⌘K shortcut from anywhere. The palette itself is a
 * lazy chunk, loaded the first time it opens.
 */
export function SearchLauncher() {
  const [opened, setOpened] = useState(false);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setLoaded(true);
        setOpened(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <Button
        variant="default"
        size="xs"
        aria-label="Rechercher (Ctrl+K)"
        onClick={() => {
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
