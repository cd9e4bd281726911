import {
  ActionIcon,
  Anchor,
  Button,
  Checkbox,
  Divider,
  Group,
  Loader,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { interventionKindLabels } from '../../../shared/interventions.ts';
import type { FieldIntervention } from '../../../shared/schemas/field.ts';
import { useMe } from '../../app/auth.ts';
import {
  parisDateTime,
  parisTime,
  resizePhoto,
  type SignatureHandle,
  SignatureCanvas,
  StatusBadge,
  SyncBanner,
} from './field-ui.tsx';
import { findIntervention, perform, startField, useField } from './sync.ts';

type Part = { label: string; quantity: number; serial: string };

function mapsUrl(i: FieldIntervention): string | null {
  const s = i.site;
  if (!s) return null;
  const destination =
    s.latitude != null && s.longitude != null
      ? `${s.latitude},${s.longitude}`
      : [s.addressLine, s.postalCode, s.city].filter(Boolean).join(' ');
  return destination
    ? `https://www.google.com/maps/dir/?api=1&destination=${encodeURIComponent(destination)}`
    : null;
}

/** Position for the check-in when the technician allows it (never blocks for more than 5 s). */
function currentPosition(): Promise<{ latitude: number; longitude: number } | undefined> {
  if (!('geolocation' in navigator)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 5000);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        clearTimeout(timer);
        resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude });
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
      { enableHighAccuracy: true, timeout: 5000, maximumAge: 60_000 },
    );
  });
}

/** One intervention on the phone: navigate, call, check in, report, photos, signature, finish. */
export function FieldDetailPage() {
  const me = useMe();
  const { id = '' }: { id?: string } = useParams({ strict: false });
  const s = useField();
  useEffect(() => {
    void startField(me.user.id);
  }, [me.user.id]);
  const it = findIntervention(s, id);

  if (!it) {
    return (
      <Stack maw={600} mx="auto">
        <Anchor component={Link} to="/terrain">
          ← Ma journée
        </Anchor>
        {s.loaded ? <Text>Intervention introuvable sur ce téléphone.</Text> : <Loader />}
      </Stack>
    );
  }
  return <Detail key={it.id} it={it} />;
}

function Detail({ it }: { it: FieldIntervention }) {
  const open = !['terminee', 'annulee', 'echouee'].includes(it.status);
  const canEdit = it.abilities.update && open;
  const [report, setReport] = useState(it.report ?? '');
  const [checklist, setChecklist] = useState(it.checklist);
  const [parts, setParts] = useState<Part[]>(it.parts.map((p) => ({ ...p, serial: p.serial ?? '' })));
  const [minutes, setMinutes] = useState<number | string>(it.actualMinutes ?? '');
  const [signer, setSigner] = useState(it.contact?.name ?? '');
  const [place, setPlace] = useState(it.site?.city ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failing, setFailing] = useState(false);
  const [reason, setReason] = useState('');
  const sig = useRef<SignatureHandle>(null);
  const photoInput = useRef<HTMLInputElement>(null);
  const maps = mapsUrl(it);
  const phone = it.contact?.mobile || it.contact?.phone || it.site?.phone || it.client.phone;
  const reportDirty =
    report !== (it.report ?? '') ||
    JSON.stringify(checklist) !== JSON.stringify(it.checklist) ||
    JSON.stringify(parts) !== JSON.stringify(it.parts.map((p) => ({ ...p, serial: p.serial ?? '' }))) ||
    (minutes === '' ? null : Number(minutes)) !== it.actualMinutes;

  const run = async (fn: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };
  const saveReport = () =>
    perform(
      it.id,
      'report',
      {
        report,
        checklist,
        parts: parts
          .filter((p) => p.label.trim())
          .map((p) => ({ label: p.label.trim(), quantity: p.quantity, serial: p.serial.trim() || null })),
        ...(minutes === '' ? {} : { actualMinutes: Number(minutes) }),
      },
      'Compte rendu',
    );
  const checkIn = () =>
    run(async () => {
      const pos = await currentPosition();
      await perform(it.id, 'check_in', pos ?? {}, 'Arrivée sur site');
    });
  const sign = () =>
    run(async () => {
      if (!signer.trim()) return setError('Indiquez le nom du signataire.');
      if (!sig.current || sig.current.isEmpty()) return setError('Le client doit signer dans le cadre.');
      await perform(
        it.id,
        'signature',
        {
          signerName: signer.trim(),
          ...(place.trim() ? { place: place.trim() } : {}),
          pngBase64: sig.current.toPngBase64(),
        },
        'Signature',
      );
    });
  const finish = () =>
    run(async () => {
      if (reportDirty) await saveReport();
      const missing = it.remote
        ? []
        : [
            !it.checkInAt && 'l’arrivée sur site',
            !(report.trim() || it.report?.trim()) && 'le compte rendu',
            !it.signature && 'la signature du client',
          ].filter(Boolean);
      if (missing.length) return setError(`Avant de terminer, il manque : ${missing.join(', ')}.`);
      await perform(it.id, 'complete', undefined, 'Fin de l’intervention');
    });
  const addPhotos = (files: FileList | null) =>
    run(async () => {
      for (const f of Array.from(files ?? [])) {
        try {
          const dataBase64 = await resizePhoto(f);
          await perform(it.id, 'photo', { mimeType: 'image/jpeg', dataBase64 }, 'Photo');
        } catch {
          setError('Cette image ne peut pas être lue.');
        }
      }
      if (photoInput.current) photoInput.current.value = '';
    });

  return (
    <Stack gap="md" maw={600} mx="auto" pb="xl">
      <Anchor component={Link} to="/terrain">
        ← Ma journée
      </Anchor>
      <SyncBanner />
      <div>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Text size="sm" c="dimmed">
              {it.number} · {interventionKindLabels[it.kind]}
              {it.remote ? ' · à distance' : ''}
            </Text>
            <Title order={2} size="h3">
              {it.client.name}
            </Title>
          </div>
          <StatusBadge status={it.status} />
        </Group>
        <Text fw={600}>{it.title}</Text>
        <Text size="sm">
          {parisTime(it.plannedStart)} · {it.plannedMinutes} min prévues
        </Text>
        {it.description && (
          <Text size="sm" c="dimmed" mt={4}>
            {it.description}
          </Text>
        )}
      </div>

      <SimpleGrid cols={2}>
        <Button
          size="lg"
          component="a"
          href={maps ?? undefined}
          target="_blank"
          rel="noreferrer"
          disabled={!maps}
          variant="light"
        >
          Itinéraire
        </Button>
        <Button
          size="lg"
          component="a"
          href={phone ? `tel:${phone.replace(/\s/g, '')}` : undefined}
          disabled={!phone}
          variant="light"
        >
          Appeler
        </Button>
      </SimpleGrid>

      {it.site && (
        <Paper withBorder p="sm" radius="md">
          <Text fw={600}>{it.site.name}</Text>
          <Text size="sm">
            {[it.site.addressLine, [it.site.postalCode, it.site.city].filter(Boolean).join(' ')]
              .filter(Boolean)
              .join(', ')}
          </Text>
          {it.site.accessInstructions && (
            <Text size="sm" c="dimmed" mt={4}>
              Accès : {it.site.accessInstructions}
            </Text>
          )}
          {it.contact && (
            <Text size="sm" mt={4}>
              Contact : {it.contact.name}
              {phone ? ` · ${phone}` : ''}
            </Text>
          )}
          {it.technicians.length > 1 && (
            <Text size="sm" mt={4}>
              Avec : {it.technicians.map((t) => t.name).join(', ')}
            </Text>
          )}
        </Paper>
      )}

      {canEdit && (
        <Stack gap="xs">
          {!it.remote && ['planifiee', 'confirmee'].includes(it.status) && (
            <Button
              size="lg"
              variant="outline"
              onClick={() => run(() => perform(it.id, 'en_route', undefined, 'En route'))}
              loading={busy}
            >
              Je suis en route
            </Button>
          )}
          {['planifiee', 'confirmee', 'en_route'].includes(it.status) && (
            <Button size="lg" color="orange" onClick={checkIn} loading={busy}>
              {it.remote ? 'Commencer' : 'Arrivé sur site'}
            </Button>
          )}
        </Stack>
      )}
      {it.checkInAt && (
        <Text size="sm" c="dimmed">
          Arrivée : {parisDateTime(it.checkInAt)}
          {it.checkOutAt ? ` · départ : ${parisDateTime(it.checkOutAt)}` : ''}
        </Text>
      )}

      <Divider label="Compte rendu" labelPosition="left" />
      {checklist.length > 0 && (
        <Stack gap="xs">
          {checklist.map((c, idx) => (
            <Checkbox
              key={c.label}
              size="md"
              label={c.label}
              checked={c.done}
              disabled={!canEdit}
              onChange={(e) => {
                const done = e.currentTarget.checked;
                setChecklist((l) => l.map((x, j) => (j === idx ? { ...x, done } : x)));
              }}
            />
          ))}
        </Stack>
      )}
      <Textarea
        label="Compte rendu"
        placeholder="Travaux réalisés, tests, réserves…"
        autosize
        minRows={4}
        value={report}
        disabled={!canEdit}
        onChange={(e) => setReport(e.currentTarget.value)}
      />
      <Stack gap="xs">
        <Text fw={500} size="sm">
          Pièces utilisées
        </Text>
        {parts.map((p, idx) => (
          <Group key={idx} gap="xs" wrap="nowrap" align="flex-end">
            <TextInput
              aria-label="Pièce"
              placeholder="Pièce"
              style={{ flex: 2 }}
              value={p.label}
              disabled={!canEdit}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setParts((l) => l.map((x, j) => (j === idx ? { ...x, label: v } : x)));
              }}
            />
            <NumberInput
              aria-label="Quantité"
              min={1}
              w={70}
              value={p.quantity}
              disabled={!canEdit}
              onChange={(v) =>
                setParts((l) => l.map((x, j) => (j === idx ? { ...x, quantity: Number(v) || 1 } : x)))
              }
            />
            <TextInput
              aria-label="N° de série"
              placeholder="N° de série"
              style={{ flex: 1 }}
              value={p.serial}
              disabled={!canEdit}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setParts((l) => l.map((x, j) => (j === idx ? { ...x, serial: v } : x)));
              }}
            />
            {canEdit && (
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                aria-label="Retirer la pièce"
                onClick={() => setParts((l) => l.filter((_, j) => j !== idx))}
              >
                ×
              </ActionIcon>
            )}
          </Group>
        ))}
        {canEdit && (
          <Button
            variant="subtle"
            onClick={() => setParts((l) => [...l, { label: '', quantity: 1, serial: '' }])}
          >
            Ajouter une pièce
          </Button>
        )}
      </Stack>
      <NumberInput
        label="Temps passé (minutes)"
        description="Laissé vide : calculé entre l’arrivée et le départ."
        min={0}
        max={1440}
        value={minutes}
        disabled={!canEdit}
        onChange={setMinutes}
      />
      {canEdit && (
        <Button size="lg" variant="light" disabled={!reportDirty} onClick={() => run(saveReport)}>
          Enregistrer le compte rendu
        </Button>
      )}

      <Divider label="Photos" labelPosition="left" />
      <Text size="sm">
        {it.photos.length === 0
          ? 'Aucune photo.'
          : `${it.photos.length} photo${it.photos.length > 1 ? 's' : ''}${
              it.photos.some((p) => p.filename === 'Photo en attente d’envoi')
                ? ' (dont en attente d’envoi)'
                : ''
            }.`}
      </Text>
      {canEdit && (
        <>
          <input
            ref={photoInput}
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            hidden
            data-testid="photo-input"
            onChange={(e) => addPhotos(e.currentTarget.files)}
          />
          <Button size="lg" variant="light" onClick={() => photoInput.current?.click()}>
            Prendre une photo
          </Button>
        </>
      )}

      <Divider label="Signature du client" labelPosition="left" />
      {it.signature ? (
        <Text>
          Signé par <strong>{it.signature.signedByName}</strong> le {parisDateTime(it.signature.signedAt)}
          {it.signature.signedPlace ? ` à ${it.signature.signedPlace}` : ''}.
        </Text>
      ) : canEdit ? (
        <Stack gap="xs">
          <SimpleGrid cols={2}>
            <TextInput
              label="Nom du signataire"
              value={signer}
              onChange={(e) => setSigner(e.currentTarget.value)}
            />
            <TextInput label="Lieu" value={place} onChange={(e) => setPlace(e.currentTarget.value)} />
          </SimpleGrid>
          <SignatureCanvas ref={sig} />
          <Button size="lg" variant="light" onClick={sign} loading={busy}>
            Valider la signature
          </Button>
        </Stack>
      ) : (
        <Text c="dimmed">Pas de signature.</Text>
      )}

      {error && (
        <Text c="red" role="alert">
          {error}
        </Text>
      )}
      {canEdit && (
        <Stack gap="xs" mt="md">
          {it.status === 'sur_site' && !it.checkOutAt && (
            <Button
              size="lg"
              variant="default"
              onClick={() => run(() => perform(it.id, 'check_out', undefined, 'Départ du site'))}
            >
              Départ du site
            </Button>
          )}
          <Button size="xl" color="green" onClick={finish} loading={busy} disabled={it.status !== 'sur_site'}>
            Terminer l’intervention
          </Button>
          {failing ? (
            <Paper withBorder p="sm">
              <Textarea
                label="Raison de l’échec"
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
              <Group mt="xs" justify="flex-end">
                <Button variant="default" onClick={() => setFailing(false)}>
                  Annuler
                </Button>
                <Button
                  color="red"
                  disabled={!reason.trim()}
                  onClick={() =>
                    run(() => perform(it.id, 'fail', { reason: reason.trim() }, 'Intervention échouée'))
                  }
                >
                  Déclarer l’échec
                </Button>
              </Group>
            </Paper>
          ) : (
            ['en_route', 'sur_site'].includes(it.status) && (
              <Button variant="subtle" color="red" onClick={() => setFailing(true)}>
                Intervention impossible…
              </Button>
            )
          )}
        </Stack>
      )}
      {it.status === 'terminee' && (
        <Paper withBorder p="sm" bg="green.0">
          <Text fw={600} c="green.9">
            Intervention terminée.
          </Text>
          <Text size="sm">
            {it.pvFileId ? (
              <Anchor href={`/api/v1/interventions/${it.id}/pv.pdf`}>
                Télécharger le procès-verbal de recette
              </Anchor>
            ) : (
              'Le procès-verbal de recette sera envoyé au client dès la synchronisation.'
            )}
          </Text>
        </Paper>
      )}
    </Stack>
  );
}
