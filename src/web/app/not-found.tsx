import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { usePageTitle } from '../ui/page-title.ts';

export function NotFoundPage() {
  usePageTitle('Page introuvable');
  return (
    <Center h="60vh">
      <Stack align="center">
        <Title order={2}>Page introuvable</Title>
        <Text c="dimmed">Cette page n’existe pas ou vous n’y avez pas accès.</Text>
        <Button component={Link} to="/">
          Retour à l’accueil
        </Button>
      </Stack>
    </Center>
  );
}
