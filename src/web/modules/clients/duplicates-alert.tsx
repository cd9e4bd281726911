import { Alert, Anchor, Badge, Checkbox, Group, List, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { clientQueries } from './api.ts';

export type DuplicateProbe = {
  name: string;
  siret: string;
  siren: string;
  phone: string;
  email: string;
  postalCode: string;
};

/** The likely duplicates of a client being typed in (server-side, within the user's scope). */
export function useDuplicates(values: DuplicateProbe) {
  const probe = {
    name: values.name.trim(),
    siret: values.siret.replace(/\s/g, '') || null,
    siren: values.siren.replace(/\s/g, '') || null,
    phone: values.phone.trim() || null,
    email: values.email.trim() || null,
    postalCode: values.postalCode.trim() || null,
  };
  const [debounced] = useDebouncedValue(probe, 400);
  const worth =
    debounced.name.length >= 3 ||
    Boolean(debounced.siret || debounced.siren || debounced.phone || debounced.email);
  return useQuery({ ...clientQueries.duplicates(debounced), enabled: worth });
}

/** « Ce client existe peut-être déjà » with links to the likely duplicates, before creating. */
export function DuplicatesAlert({
  values,
  mustConfirm,
  confirmed,
  onConfirm,
}: {
  values: DuplicateProbe;
  /** The server refused the creation (409): the user must tick the box to create anyway. */
  mustConfirm: boolean;
  confirmed: boolean;
  onConfirm: (v: boolean) => void;
}) {
  const q = useDuplicates(values);
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Alert
      color="orange"
      title="Ce client existe peut-être déjà"
      role="status"
      data-testid="duplicates-alert"
    >
      <List size="sm" spacing={4}>
        {items.map((d) => (
          <List.Item key={d.id}>
            <Group gap={6} wrap="wrap">
              <Anchor href={`/clients/${d.id}`} target="_blank" rel="noopener">
                {d.name}
              </Anchor>
              {(d.postalCode || d.city) && (
                <Text span size="xs" c="dimmed">
                  {[d.postalCode, d.city].filter(Boolean).join(' ')}
                </Text>
              )}
              {d.reasons.map((r) => (
                <Badge key={r} size="xs" variant="light" color={d.exact ? 'red' : 'orange'}>
                  {r}
                </Badge>
              ))}
            </Group>
          </List.Item>
        ))}
      </List>
      {(mustConfirm || items.some((d) => d.exact)) && (
        <Checkbox
          mt="sm"
          label="Ce n’est pas le même client : le créer quand même"
          checked={confirmed}
          onChange={(e) => onConfirm(e.currentTarget.checked)}
        />
      )}
    </Alert>
  );
}
