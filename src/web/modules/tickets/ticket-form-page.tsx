import {
  Alert,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ticketChannelLabels, ticketChannels } from '../../../shared/tickets.ts';
import { clientQueries } from '../clients/api.ts';
import { useClientPicker } from '../clients/client-picker.ts';
import { ApiError } from '../../app/api.ts';
import { ticketApi } from './api.ts';
import { capable, useMe } from '../../app/auth.ts';
import { priorityOptions, typeOptions } from './shared.tsx';

type Values = {
  clientId: string;
  siteId: string;
  contactId: string;
  platformId: string;
  type: string;
  priority: string;
  channel: string;
  subject: string;
  description: string;
};

const route = getRouteApi('/app/tickets/nouveau');

/** /tickets/nouveau — prefilled from ?clientId=&contactId=&siteId=&channel= (call pop-up, client page). */
export function TicketFormPage() {
  const me = useMe();
  const partner = !capable(me, 'staff');
  const navigate = useNavigate();
  const search = route.useSearch();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      clientId: search.clientId ?? '',
      siteId: search.siteId ?? '',
      contactId: search.contactId ?? '',
      platformId: '',
      type: 'incident',
      priority: 'P3',
      channel: search.channel ?? 'telephone',
      subject: '',
      description: '',
    },
  });
  const { client, selectProps: clientPicker } = useClientPicker(form.values.clientId);
  const platforms = useQuery({
    ...clientQueries.records(form.values.clientId, 'platforms'),
    enabled: !!form.values.clientId,
    retry: false,
  });
  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      const created = await ticketApi.create({
        clientId: v.clientId,
        siteId: v.siteId || null,
        contactId: v.contactId || null,
        platformId: v.platformId || null,
        type: v.type,
        priority: v.priority,
        subject: v.subject,
        description: v.description || null,
        ...(partner ? {} : { channel: v.channel }),
      });
      notifications.show({ color: 'green', message: `Ticket ${created.number} ouvert.` });
      await navigate({ to: `/tickets/${created.id}` as string });
    } catch (e) {
      if (e instanceof ApiError) {
        form.setErrors(e.fieldErrors());
        setError(e.message);
      } else throw e;
    }
  });
  return (
    <Stack maw={820}>
      <Title order={2}>Nouveau ticket</Title>
      <Card withBorder>
        <form onSubmit={submit} noValidate>
          <Stack>
            {error && <Alert color="red">{error}</Alert>}
            <Select
              label="Client"
              placeholder="Tapez le nom du client"
              required
              {...clientPicker}
              {...form.getInputProps('clientId')}
              onChange={(v) =>
                form.setValues({ clientId: v ?? '', siteId: '', contactId: '', platformId: '' })
              }
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label="Site"
                clearable
                disabled={!client.data}
                data={(client.data?.sites ?? []).map((s) => ({
                  value: s.id,
                  label: `${s.name}${s.city ? ` (${s.city})` : ''}`,
                }))}
                {...form.getInputProps('siteId')}
              />
              <Select
                label="Contact"
                clearable
                disabled={!client.data}
                data={(client.data?.contacts ?? []).map((c) => ({
                  value: c.id,
                  label: `${c.firstName} ${c.lastName}`,
                }))}
                {...form.getInputProps('contactId')}
              />
              <Select
                label="Plateforme téléphonique"
                clearable
                disabled={!platforms.data}
                data={(platforms.data ?? []).map((p) => ({
                  value: p.id,
                  label: `${p.kind}${p.provider ? ` — ${p.provider}` : ''}`,
                }))}
                {...form.getInputProps('platformId')}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label="Type"
                required
                data={typeOptions}
                allowDeselect={false}
                {...form.getInputProps('type')}
              />
              <Select
                label="Priorité"
                required
                data={priorityOptions}
                allowDeselect={false}
                {...form.getInputProps('priority')}
              />
              {!partner && (
                <Select
                  label="Canal"
                  data={ticketChannels.map((c) => ({ value: c, label: ticketChannelLabels[c] }))}
                  allowDeselect={false}
                  {...form.getInputProps('channel')}
                />
              )}
            </SimpleGrid>
            <TextInput label="Objet" required {...form.getInputProps('subject')} />
            <Textarea label="Description" autosize minRows={4} {...form.getInputProps('description')} />
            <Group justify="end">
              <Button type="submit">Ouvrir le ticket</Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
