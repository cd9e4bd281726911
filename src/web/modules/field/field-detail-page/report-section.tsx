import { Button, Checkbox, Divider, NumberInput, Stack, Textarea } from '@mantine/core';
import { PartsEditor } from './parts-editor.tsx';
import type { ReportDraft } from './use-report-draft.ts';
import type { SectionProps } from './field-helpers.ts';

type Props = Pick<SectionProps, 'canEdit' | 'run'> & { draft: ReportDraft };

/** Checklist, report, parts and time spent, saved together. */
export function ReportSection({ draft, canEdit, run }: Props) {
  return (
    <>
      <Divider label="Compte rendu" labelPosition="left" />
      {draft.checklist.length > 0 && (
        <Stack gap="xs">
          {draft.checklist.map((c, idx) => (
            <Checkbox
              key={c.label}
              size="md"
              label={c.label}
              checked={c.done}
              disabled={!canEdit}
              onChange={(e) => {
                const done = e.currentTarget.checked;
                draft.setChecklist((l) => l.map((x, j) => (j === idx ? { ...x, done } : x)));
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
        value={draft.report}
        disabled={!canEdit}
        onChange={(e) => draft.setReport(e.currentTarget.value)}
      />
      <PartsEditor parts={draft.parts} setParts={draft.setParts} canEdit={canEdit} />
      <NumberInput
        label="Temps passé (minutes)"
        description="Laissé vide : calculé entre l’arrivée et le départ."
        min={0}
        max={1440}
        value={draft.minutes}
        disabled={!canEdit}
        onChange={draft.setMinutes}
      />
      {canEdit && (
        <Button size="lg" variant="light" disabled={!draft.reportDirty} onClick={() => run(draft.saveReport)}>
          Enregistrer le compte rendu
        </Button>
      )}
    </>
  );
}
