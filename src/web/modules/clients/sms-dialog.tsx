import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ClientDetailOut } from '../../../shared/schemas/clients.ts';
import { smsMaxSegments } from '../../../shared/schemas/sms.ts';
import { nonGsmCharacters, smsLength, toE164 } from '../../../shared/sms.ts';
import { ApiError } from '../../app/api.ts';
import { clientApi, clientKeys, clientQueries } from './api.ts';
import { formatPhone } from '../../../shared/phone.ts';

const other = 'autre';

const parisTime = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' })
    .format(new Date(iso))
    .replace(':', ' h ');

/** Characters, encoding and number of SMS of the text, as the network will count them. */
export function SmsCounter({ text }: { text: string }) {
  const l = smsLength(text);
  const offending = l.encoding === 'UCS-2' ? nonGsmCharacters(text) : [];
  const tooLong = l.segments > smsMaxSegments;
  return (
    <Stack gap={2} data-testid="sms-counter" aria-live="polite">
      <Text size="sm" c={tooLong ? 'red' : undefined}>
        {l.units} caractère{l.units > 1 ? 's' : ''} · {l.encoding} · {l.segments} SMS
        {l.segments > 0 && !tooLong && (
          <Text span size="sm" c="dimmed">
            {' '}
            · encore {l.remaining} avant le {l.segments + 1}ᵉ SMS
          </Text>
        )}
      </Text>
      {tooLong && (
        <Text size="xs" c="red">
          Trop long : {smsMaxSegments} SMS au plus.
        </Text>
      )}
      {l.encoding === 'UCS-2' ? (
        <Text size="xs" c="orange.8">
          Encodage UCS-2 à cause de {offending.map((c) => `« ${c} »`).join(', ')} : 70 caractères par SMS au
          lieu de 160. Remplacer ces caractères (par ex. « ê » par « e », « ’ » par « ' ») repasse en GSM-7.
        </Text>
      ) : (
        <Text size="xs" c="dimmed">
          GSM-7 : 160 caractères par SMS (153 par partie au-delà). Un accent comme « ê » ou « ç » passe le
          texte en UCS-2 (70 caractères).
        </Text>
      )}
    </Stack>
  );
}

/** Texting a client's contact (or any number) from the client record. */
export function SmsDialog({
  opened,
  onClose,
  client,
}: {
  opened: boolean;
  onClose: () => void;
  client: Pick<ClientDetailOut, 'id' | 'name' | 'phone' | 'contacts'>;
}) {
  const phone = useMediaQuery('(max-width: 35.99em)');
  const queryClient = useQueryClient();
  // A contact's mobile first (an SMS to a landline is lost), then any other number it has.
  const options = [
    ...client.contacts.flatMap((c) =>
      [c.mobile, c.phone]
        .filter((n): n is string => !!n && toE164(n) !== null)
        .map((n, i) => ({
          value: i === 0 ? c.id : `${c.id}:2`,
          label: `${c.firstName} ${c.lastName} — ${formatPhone(n)}`,
          number: n,
        })),
    ),
    ...(client.phone && toE164(client.phone)
      ? [{ value: 'standard', label: `Standard — ${formatPhone(client.phone)}`, number: client.phone }]
      : []),
  ];
  const [choice, setChoice] = useState<string>(options[0]?.value ?? other);
  const [typed, setTyped] = useState('');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const quota = useQuery({ ...clientQueries.smsQuota(), enabled: opened });
  const to = choice === other ? typed : (options.find((o) => o.value === choice)?.number ?? '');
  const e164 = to.trim() ? toE164(to) : null;

  const send = useMutation({
    mutationFn: () => clientApi.sendSms({ to, text, clientId: client.id }),
    onSuccess: (sent) => {
      queryClient.setQueryData(clientKeys.smsQuota, sent.quota);
      notifications.show({
        color: 'green',
        message: `SMS envoyé au ${formatPhone(sent.recipient)} (${sent.segments} SMS, ${sent.encoding}).`,
      });
      setText('');
      setErrors({});
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.details.length) setErrors(e.fieldErrors());
      if (e instanceof ApiError && e.status === 429)
        void queryClient.invalidateQueries({ queryKey: clientKeys.sms });
    },
  });
  const apiError = send.error instanceof ApiError ? send.error : null;
  const close = () => {
    send.reset();
    setErrors({});
    onClose();
  };
  const q = quota.data;

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={`Envoyer un SMS — ${client.name}`}
      size="lg"
      fullScreen={phone}
    >
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          setErrors({});
          send.mutate();
        }}
      >
        <Stack>
          {options.length > 0 && (
            <Select
              label="Destinataire"
              data={[...options, { value: other, label: 'Autre numéro…' }]}
              value={choice}
              onChange={(v) => setChoice(v ?? other)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          )}
          {choice === other && (
            <TextInput
              label={options.length > 0 ? 'Numéro' : 'Numéro du destinataire'}
              placeholder="06 12 34 56 78"
              type="tel"
              autoComplete="off"
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              error={errors.to}
              data-autofocus
            />
          )}
          {choice !== other && errors.to && (
            <Text size="sm" c="red">
              {errors.to}
            </Text>
          )}
          {to.trim() !== '' && (
            <Text size="xs" c={e164 ? 'dimmed' : 'red'}>
              {e164
                ? `Sera envoyé au ${formatPhone(e164)}`
                : 'Numéro invalide : vérifiez les chiffres (ex. 06 12 34 56 78 ou +32…).'}
            </Text>
          )}
          <div>
            <Textarea
              label="Message"
              autosize
              minRows={4}
              maxRows={10}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={errors.text}
              data-autofocus={choice !== other ? true : undefined}
            />
            <div style={{ marginTop: 6 }}>
              <SmsCounter text={text} />
            </div>
          </div>
          {q && apiError?.status !== 429 && (
            <Text size="sm" c={q.remaining === 0 ? 'red' : 'dimmed'} data-testid="sms-quota">
              {q.remaining === 0 && q.nextAt
                ? `Limite atteinte : ${q.limit} SMS par heure. Prochain envoi possible à ${parisTime(q.nextAt)}.`
                : `Il vous reste ${q.remaining} SMS sur ${q.limit} pour l’heure en cours.`}
            </Text>
          )}
          {apiError && !apiError.details.length && (
            <Alert color="red" role="alert">
              {apiError.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={send.isPending}>
              Annuler
            </Button>
            <Button
              type="submit"
              loading={send.isPending}
              disabled={!text.trim() || !e164 || smsLength(text).segments > smsMaxSegments}
            >
              Envoyer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
