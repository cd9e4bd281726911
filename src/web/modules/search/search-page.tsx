import { Anchor, Badge, Card, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { ListState } from '../../ui/data-list.tsx';
import { HitLine, matchLabels, useSearch } from './search-palette.tsx';
import { plural } from '../../../shared/plural.ts';

const route = getRouteApi('/app/recherche');

/** /recherche?q= : every group with up to 50 results each. */
export function SearchPage() {
  const { q = '' } = route.useSearch();
  const [text, setText] = useState(q);
  const navigate = useNavigate();
  useEffect(() => setText(q), [q]);
  const search = useSearch(q, 50);
  const { data, isFetching } = search;
  return (
    <Stack maw={900}>
      <Title order={2}>Recherche</Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void navigate({ to: '/recherche', search: { q: text.trim() } });
        }}
      >
        <TextInput
          aria-label="Rechercher"
          placeholder="Client, contact, téléphone, SIRET, code postal…"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          rightSection={isFetching ? <Loader size="xs" /> : null}
        />
      </form>
      {q.trim().length >= 2 && (
        <ListState query={search} count={data?.total ?? 0} empty={`Aucun résultat pour « ${q} ».`}>
          <Text size="sm" c="dimmed">
            {`${plural(data?.total ?? 0, 'résultat')} pour « ${q} »`}
          </Text>
          {data?.groups.map((g) => (
            <Card key={g.type} withBorder padding="sm">
              <Text fw={700} mb="xs">
                {g.label} ({g.items.length})
              </Text>
              <Stack gap={6}>
                {g.items.map((h) => (
                  <Group key={h.id} justify="space-between" wrap="nowrap">
                    <Anchor component={Link} to={h.url} underline="never" c="inherit" style={{ minWidth: 0 }}>
                      <HitLine hit={h} />
                    </Anchor>
                    <Badge size="xs" variant="light" color={h.match === 'exact' ? 'green' : 'gray'}>
                      {matchLabels[h.match]}
                    </Badge>
                  </Group>
                ))}
              </Stack>
            </Card>
          ))}
        </ListState>
      )}
    </Stack>
  );
}
