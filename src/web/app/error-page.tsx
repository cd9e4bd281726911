import { Button, Center, Group, Stack, Text, Title } from '@mantine/core';
import type { ErrorComponentProps } from '@tanstack/react-router';
import { useRouter } from '@tanstack/react-router';
import { errorMessage } from '../ui/feedback.tsx';

/**
 * What a page shows when it could not load (the server refused it, a 429 or a 503, or the page
 * failed): the French message of the API, and a way to try again — never the router's English page.
 */
export function ErrorPage({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  const retry = () => {
    reset();
    void router.invalidate();
  };
  return (
    <Center h="60vh">
      <Stack align="center" maw={520}>
        <Title order={2}>La page n’a pas pu s’afficher</Title>
        <Text c="dimmed" ta="center" role="alert">
          {errorMessage(error)}
        </Text>
        <Group>
          <Button onClick={retry}>Réessayer</Button>
          <Button variant="default" component="a" href="/">
            Retour à l’accueil
          </Button>
        </Group>
      </Stack>
    </Center>
  );
}
