import { Anchor, Badge, Button, Group, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import {
  type ContactRecordOut,
  legalBases,
  legalBasisLabels,
  preferredChannelLabels,
  preferredChannels,
} from '../../../shared/schemas/client-records.ts';
import { patch, post } from '../../app/api.ts';
import { FormError, RecordNotes, RecordsTab, submitRecord, useClientRecords } from './records-ui.tsx';

const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long' });

type ContactForm = {
  firstName: string;
  lastName: string;
  jobTitle: string;
  email: string;
  phone: string;
  mobile: string;
  preferredChannel: string | null;
  legalBasis: string | null;
  notes: string;
};

function ContactDialog({
  clientId,
  contact,
  onClose,
  onSaved,
}: {
  clientId: string;
  contact: ContactRecordOut | null;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm<ContactForm>({
    initialValues: {
      firstName: contact?.firstName ?? '',
      lastName: contact?.lastName ?? '',
      jobTitle: contact?.jobTitle ?? '',
      email: contact?.email ?? '',
      phone: contact?.phone ?? '',
      mobile: contact?.mobile ?? '',
      preferredChannel: contact?.preferredChannel ?? null,
      legalBasis: contact?.legalBasis ?? null,
      notes: contact?.notes ?? '',
    },
  });
  const save = async (v: ContactForm) => {
    const body = { ...v, email: v.email.trim() === '' ? null : v.email.trim() };
    const base = `/clients/${encodeURIComponent(clientId)}/contacts`;
    const ok = await submitRecord(
      () => (contact ? patch(`${base}/${contact.id}`, body) : post(base, body)),
      form.setErrors,
      setGeneral,
    );
    if (ok) {
      await onSaved();
      notifications.show({ color: 'green', message: contact ? 'Contact modifié.' : 'Contact ajouté.' });
      onClose();
    }
  };
  return (
    <form onSubmit={form.onSubmit(save)} noValidate>
      <Stack>
        <FormError error={general} />
        <Group grow align="flex-start">
          <TextInput label="Prénom" required autoComplete="off" {...form.getInputProps('firstName')} />
          <TextInput label="Nom" required autoComplete="off" {...form.getInputProps('lastName')} />
        </Group>
        <TextInput
          label="Fonction"
          placeholder="Responsable informatique"
          {...form.getInputProps('jobTitle')}
        />
        <TextInput label="E-mail" type="email" {...form.getInputProps('email')} />
        <Group grow align="flex-start">
          <TextInput
            label="Téléphone fixe"
            type="tel"
            placeholder="04 78 90 12 34"
            {...form.getInputProps('phone')}
          />
          <TextInput
            label="Mobile"
            type="tel"
            placeholder="06 12 34 56 78"
            {...form.getInputProps('mobile')}
          />
        </Group>
        <Group grow align="flex-start">
          <Select
            label="Canal préféré"
            clearable
            data={preferredChannels.map((c) => ({ value: c, label: preferredChannelLabels[c] }))}
            {...form.getInputProps('preferredChannel')}
          />
          <Select
            label="Base légale (RGPD)"
            clearable
            data={legalBases.map((b) => ({ value: b, label: legalBasisLabels[b] }))}
            {...form.getInputProps('legalBasis')}
          />
        </Group>
        <Textarea label="Remarques" autosize minRows={2} {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button type="submit" loading={form.submitting}>
            Enregistrer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Contacts tab of the client page: phones as tel: links, e-mails as mailto:, channel and GDPR basis. */
export function ContactsTab({ clientId, editable }: { clientId: string; editable: boolean }) {
  const { query, refresh, base } = useClientRecords<ContactRecordOut>(clientId, 'contacts');
  return (
    <RecordsTab<ContactRecordOut>
      query={query}
      items={query.data ?? []}
      refresh={refresh}
      may={() => editable}
      what="Contacts"
      addLabel="Ajouter un contact"
      editTitle="Modifier le contact"
      empty="Aucun contact enregistré."
      cardCols={{ base: 1, sm: 2, lg: 3 }}
      rowTestId="contact-card"
      card={(c, actions) => (
        <Stack gap={4}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <div style={{ minWidth: 0 }}>
              <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                {c.firstName} {c.lastName}
              </Text>
              {c.jobTitle && (
                <Text size="sm" c="dimmed">
                  {c.jobTitle}
                </Text>
              )}
            </div>
            {c.preferredChannel && (
              <Badge variant="light" title="Canal préféré">
                {preferredChannelLabels[c.preferredChannel]}
              </Badge>
            )}
          </Group>
          {c.phone && (
            <Text size="sm">
              <Text span size="sm" c="dimmed">
                Fixe :{' '}
              </Text>
              <Anchor size="sm" href={`tel:${c.phoneE164 ?? c.phone.replace(/\s/g, '')}`}>
                {c.phone}
              </Anchor>
            </Text>
          )}
          {c.mobile && (
            <Text size="sm">
              <Text span size="sm" c="dimmed">
                Mobile :{' '}
              </Text>
              <Anchor size="sm" href={`tel:${c.mobileE164 ?? c.mobile.replace(/\s/g, '')}`}>
                {c.mobile}
              </Anchor>
            </Text>
          )}
          {c.email && (
            <Anchor size="sm" href={`mailto:${c.email}`} style={{ overflowWrap: 'anywhere' }}>
              {c.email}
            </Anchor>
          )}
          <Text size="xs" c="dimmed">
            Base légale : {c.legalBasis ? legalBasisLabels[c.legalBasis] : 'non renseignée'}
            {c.legalBasis === 'consent' && c.consentAt ? ` (le ${day.format(new Date(c.consentAt))})` : ''}
          </Text>
          <RecordNotes>{c.notes}</RecordNotes>
          {actions}
        </Stack>
      )}
      dialog={(item, close) => (
        <ContactDialog clientId={clientId} contact={item} onClose={close} onSaved={refresh} />
      )}
      deletePath={(c) => `${base}/${c.id}`}
      deleteLabel={(c) => `le contact ${c.firstName} ${c.lastName}`}
    />
  );
}
