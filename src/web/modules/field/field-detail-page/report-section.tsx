import { Button, Checkbox, Divider, NumberInput, Stack, Textarea } from '@mantine/core';
import { PartsEditor } from './parts-editor.tsx';
import type { ReportDraft } from './use-report-draft.ts';

type Run = (fn: () => Promise<void>) => Promise<void>;

type Props = { draft: ReportDraft; canEdit: boolean; run: Run };

/** Checklist, report, parts and time spent, saved together. */
export function ReportSection({ draft, canEdit, run }: Props) {
  const {
    report,
    setReport,
    checklist,
    setChecklist,
    parts,
    setParts,
    minutes,
    setMinutes,
    reportDirty,
    saveReport,
  } = draft;
  return (
    <>
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
      <PartsEditor parts={parts} setParts={setParts} canEdit={canEdit} />
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
    </>
  );
}
