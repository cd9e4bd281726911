import { Anchor, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { completionRefusal, missingForCompletion } from '../../../../shared/intervention-completion.ts';
import { parisParts } from '../../../../shared/paris-time.ts';
import type { FieldIntervention } from '../../../../shared/schemas/field.ts';
import { useMe } from '../../../app/auth.ts';
import { parisDateTime, SyncBanner } from '../field-ui.tsx';
import { findIntervention, perform, startField, useField } from '../sync.ts';
import { DetailHeader } from './detail-header.tsx';
import { currentPosition } from './field-helpers.ts';
import { FinishSection } from './finish-section.tsx';
import { PhotosSection } from './photos-section.tsx';
import { ReportSection } from './report-section.tsx';
import { SignatureSection } from './signature-section.tsx';
import { useReportDraft } from './use-report-draft.ts';
import { recordTitle, usePageTitle } from '../../../ui/page-title.ts';

const route = getRouteApi('/app/terrain/$id');

/** One intervention on the phone: navigate, call, check in, report, photos, signature, finish. */
export function FieldDetailPage() {
  const me = useMe();
  const { id } = route.useParams();
  const s = useField();
  useEffect(() => {
    void startField(me.user.id);
  }, [me.user.id]);
  const it = findIntervention(s, id);
  usePageTitle(recordTitle(it?.number, it?.title));

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
  const draft = useReportDraft(it);
  const { report, reportDirty, saveReport } = draft;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };
  const [askEnRoute, setAskEnRoute] = useState(false);
  const enRoute = () => run(() => perform(it.id, 'en_route', undefined, 'En route'));
  // Setting off for a job planned another day is most often a wrong tap: asked first.
  const otherDay =
    it.plannedStart !== null && parisParts(new Date(it.plannedStart)).day !== parisParts(new Date()).day;
  const checkIn = () =>
    run(async () => {
      const pos = await currentPosition();
      await perform(it.id, 'check_in', pos ?? {}, 'Arrivée sur site');
    });
  const finish = () =>
    run(async () => {
      if (reportDirty) await saveReport();
      // The draft was just queued, the intervention shown here is from before it.
      const missing = missingForCompletion({
        ...it,
        report: report.trim() ? report : it.report,
        signedAt: it.signature?.signedAt,
      });
      if (missing.length) return setError(completionRefusal(missing));
      await perform(it.id, 'complete', undefined, 'Fin de l’intervention');
    });

  return (
    <Stack gap="md" maw={600} mx="auto" pb="xl">
      <Anchor component={Link} to="/terrain">
        ← Ma journée
      </Anchor>
      <SyncBanner />
      <DetailHeader it={it} />
      <Modal
        opened={askEnRoute}
        onClose={() => setAskEnRoute(false)}
        title="Intervention prévue un autre jour"
        centered
      >
        <Stack>
          <Text>
            Cette intervention est prévue le {parisDateTime(it.plannedStart)}, pas aujourd’hui. Partir quand
            même ?
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAskEnRoute(false)}>
              Annuler
            </Button>
            <Button
              onClick={() => {
                setAskEnRoute(false);
                void enRoute();
              }}
            >
              Je pars quand même
            </Button>
          </Group>
        </Stack>
      </Modal>

      {canEdit && (
        <Stack gap="xs">
          {!it.remote && ['planifiee', 'confirmee'].includes(it.status) && (
            <Button
              size="lg"
              variant="outline"
              onClick={() => (otherDay ? setAskEnRoute(true) : enRoute())}
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
      <ReportSection draft={draft} canEdit={canEdit} run={run} />

      <PhotosSection it={it} canEdit={canEdit} run={run} setError={setError} />

      <SignatureSection it={it} canEdit={canEdit} busy={busy} run={run} setError={setError} />

      {error && (
        <Text c="red" role="alert">
          {error}
        </Text>
      )}
      <FinishSection it={it} canEdit={canEdit} busy={busy} run={run} finish={finish} />
    </Stack>
  );
}
