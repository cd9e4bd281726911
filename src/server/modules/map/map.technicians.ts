import { sql } from 'drizzle-orm';
import { parisDayRange } from '../../../shared/paris-time.ts';
import {
  type MapCardOut,
  type MapTechnician,
  type TechnicianMapStatus,
  technicianMapStatusLabels,
} from '../../../shared/schemas/map.ts';
import { technicianKindLabels } from '../../../shared/schemas/technicians.ts';
import type { OpeningHours } from '../../db/schema/clients.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, rowsOf } from '../../infra/db.ts';
import { notFound } from '../../infra/errors.ts';
import { scopeWhere as scopeWhereOn } from '../../policy/scope-sql.ts';
import { withinWorkingHours } from '../technicians/paris.ts';
import { latestPositionMaxAgeMs } from '../technicians/technicians.read.ts';
import { kindOfRole } from '../technicians/technicians.repo.ts';
import { line, timeFr } from './map.format.ts';
import { and, type Filters } from './map.sql.ts';

/** The technicians layer (planning read, staff only) and a technician's card. */

type TechnicianState = MapTechnician & { phone: string | null; zones: string[]; current: string | null };

/**
 * Technicians on the map, with planning read and never for a partner (null then). Live position:
 * the latest one, at most 2 h old, only while sharing is on and he is on duty (inside his working
 * hours, not on approved absence — the rule of positions.ts); otherwise his home base (skipped
 * without one). Status: on approved absence → indisponible; otherwise on site / en route from today's
 * interventions; otherwise outside working hours → indisponible; else libre.
 */
export async function loadTechnicians(
  db: Db,
  ctx: RequestContext,
  f: Partial<Filters>,
  now: Date,
  onlyId?: string,
): Promise<TechnicianState[] | null> {
  if (!ctx.policy.staffCan('planning', 'read')) return null;
  const scope = ctx.policy.scopeFor('planning');
  if (scope.kind !== 'all' && scope.kind !== 'technician') return null;
  const { start, end } = parisDayRange(now);
  const since = new Date(now.getTime() - latestPositionMaxAgeMs);
  const nowIso = now.toISOString();
  const res = await db.execute(sql`
    SELECT t.id, u.name, u.role, t.phone, t.zones, t.working_hours, t.position_sharing,
      t.home_latitude, t.home_longitude,
      p.latitude AS live_lat, p.longitude AS live_lon, p.recorded_at,
      EXISTS (SELECT 1 FROM absences a WHERE a.technician_id = t.id AND a.status = 'approuvee'
        AND a.starts_at <= ${nowIso}::timestamptz AND a.ends_at > ${nowIso}::timestamptz) AS absent,
      cur.status AS current_status, cur.number AS current_number
    FROM technicians t JOIN users u ON u.id = t.user_id
    LEFT JOIN LATERAL (SELECT tp.latitude, tp.longitude, tp.recorded_at FROM technician_positions tp
      WHERE tp.technician_id = t.id AND tp.recorded_at >= ${since.toISOString()}::timestamptz
      ORDER BY tp.recorded_at DESC LIMIT 1) p ON t.position_sharing
    LEFT JOIN LATERAL (SELECT i.status, i.number FROM interventions i
      JOIN intervention_technicians it ON it.intervention_id = i.id
      WHERE it.technician_id = t.id AND i.status IN ('en_route', 'sur_site')
        AND i.planned_start >= ${start.toISOString()}::timestamptz AND i.planned_start < ${end.toISOString()}::timestamptz
      ORDER BY (i.status = 'sur_site') DESC, i.planned_start LIMIT 1) cur ON true
    WHERE ${and([
      sql`t.active AND u.disabled_at IS NULL`,
      scopeWhereOn(scope, { technician: sql`t.user_id` }),
      onlyId ? sql`t.id = ${onlyId}::uuid` : undefined,
      f.skillId
        ? sql`EXISTS (SELECT 1 FROM technician_skills ts WHERE ts.technician_id = t.id AND ts.skill_id = ${f.skillId}::uuid)`
        : undefined,
      f.department ? sql`(${f.department} = ANY(t.zones) OR t.home_department = ${f.department})` : undefined,
    ])}
    ORDER BY u.name, t.id`);
  const round = (n: number) => Math.round(n * 1e5) / 1e5;
  const out: TechnicianState[] = [];
  for (const r of rowsOf<{
    id: string;
    name: string;
    role: string;
    phone: string | null;
    zones: string[] | null;
    working_hours: OpeningHours | string | null;
    home_latitude: number | null;
    home_longitude: number | null;
    live_lat: number | null;
    live_lon: number | null;
    recorded_at: Date | string | null;
    absent: boolean;
    current_status: 'en_route' | 'sur_site' | null;
    current_number: string | null;
  }>(res)) {
    const hours =
      typeof r.working_hours === 'string' ? (JSON.parse(r.working_hours) as OpeningHours) : r.working_hours;
    const inHours = withinWorkingHours(hours, now);
    const onDuty = inHours && !r.absent;
    const status: TechnicianMapStatus = r.absent
      ? 'indisponible'
      : (r.current_status ?? (inHours ? 'libre' : 'indisponible'));
    if (f.statusFor?.has('technicians') && f.status !== status) continue;
    const live = onDuty && r.live_lat !== null && r.live_lon !== null && r.recorded_at !== null;
    let lat: number;
    let lon: number;
    if (live) {
      lat = Number(r.live_lat);
      lon = Number(r.live_lon);
    } else if (r.home_latitude !== null && r.home_longitude !== null) {
      lat = Number(r.home_latitude);
      lon = Number(r.home_longitude);
    } else continue;
    out.push({
      id: r.id,
      name: r.name,
      kind: kindOfRole(r.role),
      lat: round(lat),
      lon: round(lon),
      source: live ? 'live' : 'home',
      positionAt: live ? new Date(r.recorded_at!).toISOString() : null,
      status,
      phone: r.phone,
      zones: r.zones ?? [],
      current: r.current_number,
    });
  }
  return out;
}

const technicianStatusColors: Record<TechnicianMapStatus, string> = {
  libre: 'green',
  en_route: 'cyan',
  sur_site: 'orange',
  indisponible: 'gray',
};

export async function technicianCard(db: Db, ctx: RequestContext, id: string): Promise<MapCardOut> {
  const [t] = (await loadTechnicians(db, ctx, {}, clock.now(), id)) ?? [];
  if (!t) throw notFound('Technicien');
  return {
    layer: 'technicians',
    id: t.id,
    title: t.name,
    subtitle: technicianKindLabels[t.kind],
    badge: { label: technicianMapStatusLabels[t.status], color: technicianStatusColors[t.status] },
    lines: [
      {
        label: 'Position',
        value:
          t.source === 'live' && t.positionAt
            ? `Position partagée à ${timeFr.format(new Date(t.positionAt))}`
            : 'Domicile (point de départ)',
      },
      ...line('Téléphone', t.phone),
      ...line('Intervention en cours', t.current),
      { label: 'Zones', value: t.zones.length ? t.zones.join(', ') : 'Aucune zone' },
    ],
    links: [{ label: 'Fiche technicien', href: `/techniciens/${t.id}` }],
    ticketId: null,
  };
}
