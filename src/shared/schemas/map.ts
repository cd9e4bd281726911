import { z } from '../zod.ts';
import { uuid } from './common.ts';
import { departmentCode } from './technicians.ts';

/**
 * The France map (module map): its layers, their filters and the compact payload the web app
 * clusters. Each layer is read with the right and scope of its own module: technicians → planning,
 * sites and installations → clients, tickets → tickets, interventions → interventions. A layer the
 * user may not read comes back `null`; partners never get the technicians layer.
 */
export const mapLayers = ['technicians', 'sites', 'installations', 'tickets', 'interventions'] as const;
export type MapLayer = (typeof mapLayers)[number];
export const mapLayerLabels: Record<MapLayer, string> = {
  technicians: 'Techniciens',
  sites: 'Sites clients',
  installations: 'Installations',
  tickets: 'Tickets ouverts',
  interventions: 'Interventions du jour',
};

/** A technician's state on the map: from today's interventions and whether he is on duty. */
export const technicianMapStatuses = ['libre', 'en_route', 'sur_site', 'indisponible'] as const;
export type TechnicianMapStatus = (typeof technicianMapStatuses)[number];
export const technicianMapStatusLabels: Record<TechnicianMapStatus, string> = {
  libre: 'Disponible',
  en_route: 'En route',
  sur_site: 'Sur site',
  indisponible: 'Hors service',
};

/** SLA state of an open ticket: the worst of its running clocks. */
export const ticketMapSlaStates = ['ok', 'at_risk', 'breached'] as const;
export type TicketMapSlaState = (typeof ticketMapSlaStates)[number];
export const ticketMapSlaLabels: Record<TicketMapSlaState, string> = {
  ok: 'Dans les délais',
  at_risk: 'Bientôt en retard',
  breached: 'SLA dépassé',
};

/** `GET /map/points` query. `layers` is a comma-separated list (default: every readable layer). */
export const mapPointsQuery = z.strictObject({
  layers: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return [...mapLayers];
      const out: MapLayer[] = [];
      for (const part of s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        if (!(mapLayers as readonly string[]).includes(part)) {
          ctx.addIssue({ code: 'custom', message: `Calque inconnu : ${part}.` });
          return z.NEVER;
        }
        out.push(part as MapLayer);
      }
      return out;
    }),
  partnerId: uuid.optional(),
  segmentId: uuid.optional(),
  /** Technicians holding this skill; tickets and interventions needing it. */
  skillId: uuid.optional(),
  department: departmentCode.optional(),
  /** Layer-specific status: a technician map status, a ticket SLA state or an intervention status. */
  status: z.string().trim().max(40).optional(),
});
export type MapPointsQuery = z.infer<typeof mapPointsQuery>;

/**
 * A point layer as columns (compact for 100k points): `lat[i]`, `lon[i]`, `cat[i]`, where `cat[i]`
 * indexes `categories` (segment name for sites, platform type for installations, SLA state for
 * tickets, status for interventions). Coordinates are rounded to 5 decimals (~1 m). No ids: a click
 * asks `GET /map/cards/:layer/at?lat=&lon=` what stands at that spot (ids were 3/4 of the bytes).
 */
export const mapPointLayer = z.object({
  lat: z.array(z.number()),
  lon: z.array(z.number()),
  cat: z.array(z.number().int()),
  categories: z.array(z.string()),
});
export type MapPointLayer = z.infer<typeof mapPointLayer>;

/** Technicians are few: full objects. `source` says where the point comes from. */
export const mapTechnician = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['terrain', 'interne']),
  lat: z.number(),
  lon: z.number(),
  /** `live`: shared position while on duty (never older than 2 h); `home`: home base. */
  source: z.enum(['live', 'home']),
  positionAt: z.string().nullable(),
  status: z.enum(technicianMapStatuses),
});
export type MapTechnician = z.infer<typeof mapTechnician>;

export const mapPointsOut = z.object({
  technicians: z.array(mapTechnician).nullable(),
  sites: mapPointLayer.nullable(),
  installations: mapPointLayer.nullable(),
  tickets: mapPointLayer.nullable(),
  interventions: mapPointLayer.nullable(),
  /**
   * Sites of the visible clients without coordinates (not geocoded, not found, error); computed
   * only when the sites layer is asked for (and readable), else `null`.
   */
  sitesWithoutCoordinates: z.number().int().nullable(),
});
export type MapPointsOut = z.infer<typeof mapPointsOut>;

/** `GET /map/cards/:layer/:id`: the summary card opened by a click. */
export const mapCardOut = z.object({
  layer: z.enum(mapLayers),
  id: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  /** Colour name of the badge (Mantine colour) and its French label. */
  badge: z.object({ label: z.string(), color: z.string() }).nullable(),
  lines: z.array(z.object({ label: z.string(), value: z.string() })),
  /** In-app links, e.g. « Fiche client » → /clients/…, « Ticket » → /tickets/…. */
  links: z.array(z.object({ label: z.string(), href: z.string() })),
  /** For a ticket: its site's coordinates, to ask for the technicians near it. */
  ticketId: z.string().nullable(),
});
export type MapCardOut = z.infer<typeof mapCardOut>;

/** The point layers (columns without ids): a click on one of their points asks what is at that spot. */
export const mapPointLayers = ['sites', 'installations', 'tickets', 'interventions'] as const;
export type MapPointLayerName = (typeof mapPointLayers)[number];

/** Most cards `GET /map/cards/:layer/at` returns for one spot (`total` says how many stand there). */
export const mapCardsAtMax = 20;

/**
 * `GET /map/cards/:layer/at`: the same filters as `/map/points`, and the clicked point's coordinates
 * exactly as `/map/points` gave them (rounded to 5 decimals).
 */
export const mapCardsAtQuery = mapPointsQuery.omit({ layers: true }).extend({
  lat: z.coerce.number('Latitude invalide.').min(-90, 'Latitude invalide.').max(90, 'Latitude invalide.'),
  lon: z.coerce
    .number('Longitude invalide.')
    .min(-180, 'Longitude invalide.')
    .max(180, 'Longitude invalide.'),
});
export type MapCardsAtQuery = z.infer<typeof mapCardsAtQuery>;

/**
 * Every record of the layer standing at those rounded coordinates within the user's rights and
 * scope (several sites in one building → several cards), in French order of title, at most
 * `mapCardsAtMax`; `total` counts them all. Empty when none (never 404).
 */
export const mapCardsAtOut = z.object({ items: z.array(mapCardOut), total: z.number().int() });
export type MapCardsAtOut = z.infer<typeof mapCardsAtOut>;
