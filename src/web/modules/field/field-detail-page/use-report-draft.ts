import { useState } from 'react';
import type { FieldIntervention } from '../../../../shared/schemas/field.ts';
import { perform } from '../sync.ts';
import type { Part } from './field-helpers.ts';

/** The report being written on the phone (text, checklist, parts, time) and its save. */
export function useReportDraft(it: FieldIntervention) {
  const [report, setReport] = useState(it.report ?? '');
  const [checklist, setChecklist] = useState(it.checklist);
  const [parts, setParts] = useState<Part[]>(it.parts.map((p) => ({ ...p, serial: p.serial ?? '' })));
  const [minutes, setMinutes] = useState<number | string>(it.actualMinutes ?? '');
  const reportDirty =
    report !== (it.report ?? '') ||
    JSON.stringify(checklist) !== JSON.stringify(it.checklist) ||
    JSON.stringify(parts) !== JSON.stringify(it.parts.map((p) => ({ ...p, serial: p.serial ?? '' }))) ||
    (minutes === '' ? null : Number(minutes)) !== it.actualMinutes;
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
  return {
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
  };
}

export type ReportDraft = ReturnType<typeof useReportDraft>;
