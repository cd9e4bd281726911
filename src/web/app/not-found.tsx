import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { usePageTitle } from '../ui/page-title.ts';

function Refusal({ title, text }: { title: string; text: string }) {
  usePageTitle(title);
  return (
    <Center h="60vh">
      <Stack align="center" ta="center">
        <Title order={2}>{title}</Title>
        <Text c="dimmed">{text}</Text>
        <Button component={Link} to="/">
          Retour à l’accueil
        </Button>
      </Stack>
    </Center>
  );
}

export function NotFoundPage() {
  return <Refusal title="Page introuvable" text="Cette page n’existe pas ou vous n’y avez pas accès." />;
}

/** A page the user's rights do not open (the route's `allow` of router.tsx said no). */
export function AccessDeniedPage() {
  return (
    <Refusal
      title="Accès refusé"
      text="Vos droits ne permettent pas d’ouvrir cette page. Si vous en avez besoin, demandez-les à un administrateur."
    />
  );
}
