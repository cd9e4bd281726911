import { Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ConfirmModal } from '../../ui/feedback.tsx';
import { ticketApi } from './api.ts';
import { ticketsText } from './strings.ts';

const txt = ticketsText.escalate;

/** « Escalader » asks its reason (required, as the API does) in the app's modal, not the browser's prompt. */
export function EscalateModal({
  ticket,
  opened,
  onClose,
  onEscalated,
}: {
  ticket: { id: string; number: string };
  opened: boolean;
  onClose: () => void;
  onEscalated: () => void;
}) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const close = () => {
    setReason('');
    setMissing(false);
    setError(null);
    onClose();
  };
  async function confirm() {
    if (reason.trim().length < 3) {
      setMissing(true);
      return;
    }
    setSaving(true);
    try {
      await ticketApi.escalate(ticket.id, reason.trim());
      close();
      onEscalated();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }
  return (
    <ConfirmModal
      opened={opened}
      title={txt.title(ticket.number)}
      confirmLabel={txt.confirm}
      loading={saving}
      error={error}
      onConfirm={confirm}
      onClose={close}
    >
      <Text size="sm" mb="xs">
        {txt.intro}
      </Text>
      <Textarea
        label={txt.reason}
        required
        autosize
        minRows={3}
        maxLength={2000}
        value={reason}
        error={missing ? txt.reasonMissing : undefined}
        onChange={(e) => {
          setReason(e.currentTarget.value);
          setMissing(false);
        }}
      />
    </ConfirmModal>
  );
}
