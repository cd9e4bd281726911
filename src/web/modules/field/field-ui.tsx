import { Alert, Badge, Button, CloseButton, Group, Paper, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import SignaturePad from 'signature_pad';
import {
  type InterventionStatus,
  interventionStatusColors,
  interventionStatusLabels,
} from '../../../shared/interventions.ts';
import { ApiError } from '../../app/api.ts';
import { technicianApi, technicianKeys, technicianQueries } from '../technicians/api.ts';
import { dismissError, type FieldState, useField } from './sync.ts';

export const parisTime = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleTimeString('fr-FR', {
        timeZone: 'Europe/Paris',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '—';
export const parisDateTime = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString('fr-FR', {
        timeZone: 'Europe/Paris',
        day: 'numeric',
        month: 'long',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '—';

export function StatusBadge({ status }: { status: InterventionStatus }) {
  return (
    <Badge
      color={interventionStatusColors[status]}
      variant="light"
      size="lg"
      style={{ flexShrink: 0, overflow: 'visible' }}
    >
      {interventionStatusLabels[status]}
    </Badge>
  );
}

const plural = (n: number) => `${n} opération${n > 1 ? 's' : ''} en attente`;

/** « Hors ligne — N opérations en attente » / « Synchronisé », and the operations refused. */
export function SyncBanner() {
  const s: FieldState = useField();
  let color = 'green';
  let text = 'Synchronisé';
  if (!s.online) {
    color = 'orange';
    text =
      s.pending > 0
        ? `Hors ligne — ${plural(s.pending)}`
        : 'Hors ligne — données enregistrées sur le téléphone';
  } else if (s.pending > 0) {
    color = 'blue';
    text = `Synchronisation — ${plural(s.pending)}`;
  }
  return (
    <Stack gap="xs">
      <Paper
        p="sm"
        radius="md"
        bg={`${color}.0`}
        withBorder
        data-testid="sync-banner"
        data-online={s.online}
        data-pending={s.pending}
        role="status"
        aria-live="polite"
      >
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} c={`${color}.9`}>
            {text}
          </Text>
          {s.savedAt && !s.online && (
            <Text size="xs" c="dimmed" data-testid="sync-saved-at">
              Données du {parisDateTime(s.savedAt)}
            </Text>
          )}
        </Group>
      </Paper>
      {s.errors.map((e) => (
        <Alert key={e.key} color="red" title={`${e.label} : refusé par le serveur`}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text size="sm">{e.message}</Text>
            <CloseButton aria-label="Masquer" onClick={() => dismissError(e.key)} />
          </Group>
        </Alert>
      ))}
    </Stack>
  );
}

/**
 * « Partager ma position »: the technician's own switch (CNIL). While on, the position is sent at
 * most every 60 s; a 409 means off duty — shown, and no retry loop.
 */
export function PositionSharing() {
  const queryClient = useQueryClient();
  const me = useQuery(technicianQueries.me());
  const [notice, setNotice] = useState<string | null>(null);
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => technicianApi.setPositionSharing(enabled),
    onSuccess: (data, enabled) => {
      queryClient.setQueryData(
        technicianKeys.me,
        (old) => old && { ...old, ...data, positionSharing: enabled },
      );
      setNotice(null);
    },
  });
  const on = me.data?.positionSharing === true;

  useEffect(() => {
    if (!on || !('geolocation' in navigator)) return;
    let last = 0;
    let stopped = false;
    const watch = navigator.geolocation.watchPosition(
      async (p) => {
        if (stopped || Date.now() - last < 60_000) return;
        last = Date.now();
        try {
          await technicianApi.sendPosition({
            latitude: p.coords.latitude,
            longitude: p.coords.longitude,
            accuracy: p.coords.accuracy,
          });
          setNotice(null);
        } catch (e) {
          if (e instanceof ApiError && e.status === 409) {
            stopped = true;
            navigator.geolocation.clearWatch(watch);
            setNotice(e.message || 'Vous êtes hors service : votre position n’est pas enregistrée.');
          }
        }
      },
      () => setNotice('Position indisponible : autorisez la localisation pour ce site.'),
      { enableHighAccuracy: true, maximumAge: 30_000 },
    );
    return () => {
      stopped = true;
      navigator.geolocation.clearWatch(watch);
    };
  }, [on]);

  return (
    <Paper p="sm" withBorder radius="md">
      <Switch
        size="lg"
        label="Partager ma position"
        description="Uniquement pendant vos heures de service ; vous pouvez l’arrêter à tout moment."
        checked={on}
        disabled={!me.data || toggle.isPending}
        onChange={(e) => toggle.mutate(e.currentTarget.checked)}
      />
      {me.isError && (
        <Text size="sm" c="red" mt={4}>
          Partage de position indisponible : {(me.error as Error).message}
        </Text>
      )}
      {toggle.isError && (
        <Text size="sm" c="red" mt={4}>
          {(toggle.error as Error).message}
        </Text>
      )}
      {notice && (
        <Text size="sm" c="orange.8" mt={4}>
          {notice}
        </Text>
      )}
    </Paper>
  );
}

export type SignatureHandle = { isEmpty(): boolean; toPng(): Promise<Blob>; clear(): void };

/** The canvas as an image file (queued as a Blob, sent in a form). */
function canvasBlob(c: HTMLCanvasElement, type: string, quality?: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    c.toBlob((b) => (b ? resolve(b) : reject(new Error('Image illisible.'))), type, quality),
  );
}

/** The client signs with a finger on the technician's screen. */
export const SignatureCanvas = forwardRef<SignatureHandle>(function SignatureCanvas(_props, ref) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  useEffect(() => {
    const c = canvas.current!;
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    c.width = c.offsetWidth * ratio;
    c.height = c.offsetHeight * ratio;
    c.getContext('2d')!.scale(ratio, ratio);
    pad.current = new SignaturePad(c, { backgroundColor: 'rgb(255,255,255)', penColor: '#102a43' });
    return () => pad.current?.off();
  }, []);
  useImperativeHandle(ref, () => ({
    isEmpty: () => pad.current?.isEmpty() ?? true,
    toPng: () => canvasBlob(canvas.current!, 'image/png'),
    clear: () => pad.current?.clear(),
  }));
  return (
    <Stack gap={4}>
      <canvas
        ref={canvas}
        data-testid="signature-canvas"
        aria-label="Zone de signature du client"
        style={{
          width: '100%',
          height: 180,
          border: '1px solid var(--mantine-color-gray-4)',
          borderRadius: 8,
          touchAction: 'none',
          background: '#fff',
        }}
      />
      <Group justify="flex-end">
        <Button variant="subtle" size="xs" onClick={() => pad.current?.clear()}>
          Effacer la signature
        </Button>
      </Group>
    </Stack>
  );
});

/** A photo resized on the phone (≤ 1600 px, JPEG) before it is queued. */
export async function resizePhoto(file: File, max = 1600): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, max / Math.max(bitmap.width, bitmap.height));
  const w = Math.round(bitmap.width * scale);
  const h = Math.round(bitmap.height * scale);
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  c.getContext('2d')!.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  return canvasBlob(c, 'image/jpeg', 0.82);
}
