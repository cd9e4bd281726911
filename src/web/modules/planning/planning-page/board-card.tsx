import { useNavigate } from '@tanstack/react-router';
import { interventionStatusLabels } from '../../../../shared/interventions.ts';
import type { BoardIntervention } from '../../../../shared/schemas/interventions.ts';
import { durationLabel, timeLabel } from '../../interventions/shared.tsx';
import { colorVars, position } from './board-layout.ts';
import { cardProps, type RowPartProps } from './use-board-drag.ts';

type Props = RowPartProps & { c: BoardIntervention };

/** Day view, a planned intervention on a technician's row: chosen on click (to move it), moved by drag, opened by double click. */
export function BoardCard({ c, t, days, canDrag, drag }: Props) {
  const navigate = useNavigate();
  const pos = position(days, c.plannedStart!, c.plannedMinutes);
  if (!pos) return null;
  return (
    <div
      title={`${c.number} · ${c.title} · ${c.clientName}${c.siteCity ? ` (${c.siteCity})` : ''} · ${timeLabel(new Date(c.plannedStart!))} · ${durationLabel(c.plannedMinutes)} · ${interventionStatusLabels[c.status]}${c.conflictOverride ? ' · planifiée malgré un conflit' : ''}`}
      data-testid={`planning-card-${c.number}`}
      {...cardProps(drag, c, t.id, canDrag, () => void navigate({ to: `/interventions/${c.id}` as string }))}
      style={{
        position: 'absolute',
        top: 4,
        bottom: 4,
        left: `${pos.left}%`,
        width: `${pos.width}%`,
        ...colorVars(c.status),
        borderRadius: 4,
        padding: '2px 4px',
        overflow: 'hidden',
        cursor: canDrag ? 'grab' : 'pointer',
        zIndex: 2,
        outline: drag.selected?.card.id === c.id ? '2px solid var(--mantine-color-blue-filled)' : undefined,
        fontSize: 'var(--mantine-font-size-xs)',
        lineHeight: 1.35,
        whiteSpace: 'nowrap',
        textOverflow: 'ellipsis',
      }}
    >
      <div style={{ fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {c.conflictOverride ? '⚠ ' : ''}
        {c.clientName}
      </div>
      <div
        style={{
          color: 'var(--mantine-color-dimmed)',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
        }}
      >
        {timeLabel(new Date(c.plannedStart!))} · {c.number}
      </div>
    </div>
  );
}
