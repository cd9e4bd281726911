import { sql } from 'drizzle-orm';
import type { RatingsOut } from '../../../shared/schemas/technicians.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, rowsOf } from '../../infra/db.ts';
import { getTechnicianOrThrow } from '../technicians/technicians.service.ts';

/**
 * A technician's ratings, computed from facts over the last 90 days: his `terminee` interventions
 * (as one of their technicians) completed in the window — completion = check-out, or the last
 * change when there is none.
 *
 * - Punctuality: share of check-ins no later than 10 minutes after the planned start (early is on
 *   time) → score = 5 × share; the average delay counts late minutes only.
 * - Efficiency: per intervention, actual ÷ planned minutes, capped at 3 so that one disaster does not
 *   drown the rest; score = 5 × min(1, 1 ÷ average ratio) — as fast as planned or faster is 5.
 * - Quality: average rating (1–5, ADV or client), lowered by reworks. A rework is one of his
 *   interventions followed, within 30 days after its completion, by a new SAV intervention created
 *   at the same site. Penalty = 5 × reworks ÷ completed interventions (one rework among ten costs
 *   0.5 point); score = max(0, average − penalty).
 *
 * Each score is null when it has no input; scores are rounded to one decimal.
 */
export const ratingWindowDays = 90;
export const punctualityToleranceMinutes = 10;
export const efficiencyRatioCap = 3;
export const reworkWindowDays = 30;

type Row = {
  id: string;
  planned_start: Date | string | null;
  planned_minutes: number;
  check_in_at: Date | string | null;
  actual_minutes: number | null;
  rating: number | null;
  reworked: boolean;
};

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/** `GET /technicians/:id/ratings`: the ratings of a technician the actor may see (else 404). */
export async function getTechnicianRatings(db: Db, ctx: RequestContext, id: string): Promise<RatingsOut> {
  const row = await getTechnicianOrThrow(db, ctx, id);
  return (await computeRatingsOf(db, [row.id])).get(row.id)!;
}

/** Ratings of several technicians in one query (assignment proposals), by technician id. */
export async function computeRatingsOf(
  db: Db,
  technicianIds: readonly string[],
): Promise<Map<string, RatingsOut>> {
  const to = clock.now();
  const from = new Date(to.getTime() - ratingWindowDays * 86_400_000);
  const out = new Map<string, RatingsOut>();
  if (technicianIds.length === 0) return out;
  const ids = sql.join(
    technicianIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const res = await db.execute(sql`
    WITH mine AS (
      SELECT it.technician_id, i.id, i.site_id, i.planned_start, i.planned_minutes, i.check_in_at,
             i.actual_minutes, i.rating, coalesce(i.check_out_at, i.updated_at) AS done_at
        FROM interventions i
        JOIN intervention_technicians it ON it.intervention_id = i.id
       WHERE it.technician_id IN (${ids})
         AND i.status = 'terminee'
         AND coalesce(i.check_out_at, i.updated_at) >= ${from.toISOString()}::timestamptz
         AND coalesce(i.check_out_at, i.updated_at) <= ${to.toISOString()}::timestamptz
    )
    SELECT m.technician_id, m.id, m.planned_start, m.planned_minutes, m.check_in_at, m.actual_minutes,
           m.rating,
           (m.site_id IS NOT NULL AND EXISTS (
              SELECT 1 FROM interventions j
               WHERE j.site_id = m.site_id AND j.id <> m.id AND j.kind = 'sav'
                 AND j.created_at > m.done_at
                 AND j.created_at <= m.done_at + make_interval(days => ${reworkWindowDays})
           )) AS reworked
      FROM mine m`);
  const rows = rowsOf<Row & { technician_id: string }>(res);
  const byTech = new Map<string, Row[]>(technicianIds.map((id) => [id, []]));
  for (const r of rows) byTech.get(r.technician_id)?.push(r);
  for (const [id, list] of byTech) out.set(id, ratingsFromRows(list, from, to));
  return out;
}

function ratingsFromRows(rows: Row[], from: Date, to: Date): RatingsOut {
  // Punctuality
  const checked = rows.filter((r) => r.check_in_at && r.planned_start);
  const delays = checked.map(
    (r) => (toDate(r.check_in_at!).getTime() - toDate(r.planned_start!).getTime()) / 60_000,
  );
  const onTime = delays.filter((d) => d <= punctualityToleranceMinutes).length;
  const punctuality = {
    score: checked.length ? round1((5 * onTime) / checked.length) : null,
    checkIns: checked.length,
    onTime,
    toleranceMinutes: punctualityToleranceMinutes,
    averageDelayMinutes: checked.length
      ? round1(delays.reduce((s, d) => s + Math.max(0, d), 0) / checked.length)
      : null,
  };

  // Efficiency
  const measured = rows.filter((r) => r.actual_minutes !== null && r.planned_minutes > 0);
  const ratios = measured.map((r) => Math.min(efficiencyRatioCap, r.actual_minutes! / r.planned_minutes));
  const averageRatio = measured.length ? ratios.reduce((s, x) => s + x, 0) / measured.length : null;
  const efficiency = {
    score: averageRatio === null ? null : round1(5 * Math.min(1, averageRatio === 0 ? 1 : 1 / averageRatio)),
    measured: measured.length,
    plannedMinutes: measured.reduce((s, r) => s + r.planned_minutes, 0),
    actualMinutes: measured.reduce((s, r) => s + r.actual_minutes!, 0),
    averageRatio: averageRatio === null ? null : round2(averageRatio),
    ratioCap: efficiencyRatioCap,
  };

  // Quality
  const rated = rows.filter((r) => r.rating !== null);
  const averageRating = rated.length ? rated.reduce((s, r) => s + r.rating!, 0) / rated.length : null;
  const reworks = rows.filter((r) => r.reworked).length;
  const penalty = rows.length ? (5 * reworks) / rows.length : 0;
  const quality = {
    score: averageRating === null ? null : round1(Math.max(0, averageRating - penalty)),
    rated: rated.length,
    averageRating: averageRating === null ? null : round2(averageRating),
    reworks,
    reworkWindowDays,
    penalty: round2(penalty),
    explanation:
      'Moyenne des notes (1 à 5) diminuée de 5 × reprises ÷ interventions terminées. Une reprise : une nouvelle intervention SAV créée sur le même site dans les 30 jours.',
  };

  return {
    windowDays: ratingWindowDays,
    from: from.toISOString(),
    to: to.toISOString(),
    completed: rows.length,
    punctuality,
    efficiency,
    quality,
  };
}
