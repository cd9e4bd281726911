import { Anchor, Badge, Group, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import {
  type ContactRecordOut,
  legalBases,
  legalBasisLabels,
  preferredChannelLabels,
  preferredChannels,
} from '../../../shared/schemas/client-records.ts';
import { clientApi } from './api.ts';
import {
  RecordForm,
  type RecordFormProps,
  RecordNotes,
  RecordTab,
  TelLink,
  useClientRecords,
  useRecordForm,
} from './records-ui.tsx';

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

function PhoneLine({ label, phone, e164 }: { label: string; phone: string | null; e164: string | null }) {
  if (!phone) return null;
  return (
    <Text size="sm">
      <Text span size="sm" c="dimmed">
        {label} :{' '}
      </Text>
      <TelLink phone={phone} e164={e164} />
    </Text>
  );
}

function ContactDialog({ clientId, record: contact, onClose, onSaved }: RecordFormProps<ContactRecordOut>) {
  const { form, general, submit } = useRecordForm<ContactForm>({
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
    send: (body) => clientApi.saveRecord(clientId, 'contacts', contact?.id, body),
    saved: contact ? 'Contact modifié.' : 'Contact ajouté.',
    onSaved,
    onClose,
  });
  return (
    <RecordForm
      form={form}
      general={general}
      onCancel={onClose}
      onSubmit={(v) => submit({ ...v, email: v.email.trim() === '' ? null : v.email.trim() })}
    >
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
        <TextInput label="Mobile" type="tel" placeholder="06 12 34 56 78" {...form.getInputProps('mobile')} />
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
    </RecordForm>
  );
}

/** Contacts tab of the client page: phones as tel: links, e-mails as mailto:, channel and GDPR basis. */
export function ContactsTab({ clientId, editable }: { clientId: string; editable: boolean }) {
  const { query, refresh } = useClientRecords(clientId, 'contacts');
  return (
    <RecordTab
      query={query}
      what="Contacts"
      empty="Aucun contact enregistré."
      editable={editable}
      titles={{ add: 'Ajouter un contact', edit: 'Modifier le contact' }}
      cardCols={{ base: 1, sm: 2, lg: 3 }}
      cardTestId="contact-card"
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
          <PhoneLine label="Fixe" phone={c.phone} e164={c.phoneE164} />
          <PhoneLine label="Mobile" phone={c.mobile} e164={c.mobileE164} />
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
      form={(contact, close) => (
        <ContactDialog clientId={clientId} record={contact} onClose={close} onSaved={refresh} />
      )}
      remove={(contact) => clientApi.removeRecord(clientId, 'contacts', contact.id)}
      deleteLabel={(contact) => `le contact ${contact.firstName} ${contact.lastName}`}
      onDone={refresh}
    />
  );
}
