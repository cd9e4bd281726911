import { Alert, Center, Paper, Stack, Text, TextInput, type TextInputProps, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The frame of the signed-out pages (login, forgotten password, new password): name, subtitle, body. */
export function AuthCard({ subtitle, children }: { subtitle: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <Stack>
          <div>
            <Title order={1} size="h2" c="blue.7">
              Relais
            </Title>
            <Text c="dimmed" size="sm">
              {subtitle}
            </Text>
          </div>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

/** The account's address, focused first (login, forgotten password). */
export function EmailInput(props: TextInputProps) {
  return <TextInput label="Adresse e-mail" type="email" autoComplete="username" autoFocus {...props} />;
}

/** A refusal that concerns no single field. */
export function FormAlert({ error }: { error: string | null }) {
  return error ? (
    <Alert color="red" role="alert">
      {error}
    </Alert>
  ) : null;
}
