/**
 * Orders (commandes) for the server and the web app: the stages of the pipeline, their French
 * labels, and which stages an order goes through — decided by its lines, never by hand.
 *
 * saisie → validation ADV → staging → expédition → livraison → installation → facturation → terminée,
 * plus « annulée » (with a reason, until the order is shipped). An order without hardware skips
 * staging, shipping and delivery; an order without an on-site service skips installation.
 */
import { recordNumber } from './record-number.ts';

export const orderStages = [
  'saisie',
  'validation',
  'staging',
  'expedition',
  'livraison',
  'installation',
  'facturation',
  'terminee',
  'annulee',
] as const;
export type OrderStage = (typeof orderStages)[number];

/** The stages of the pipeline in order (every stage but « annulée »). */
export const pipelineStages = orderStages.filter((s) => s !== 'annulee') as Exclude<OrderStage, 'annulee'>[];

export const orderStageLabels: Record<OrderStage, string> = {
  saisie: 'Saisie',
  validation: 'Validation ADV',
  staging: 'Staging',
  expedition: 'Expédition',
  livraison: 'Livraison',
  installation: 'Installation',
  facturation: 'Facturation',
  terminee: 'Terminée',
  annulee: 'Annulée',
};

/** A commande's number: `CMD-2026-000045` (its rank among the year's orders). */
export const orderNumber = (year: number | string, rank: number): string => recordNumber('CMD', year, rank);

/** What the lines of an order say about its path. */
export type OrderShape = {
  /** A line of hardware: the order is staged, shipped and delivered. */
  hasHardware: boolean;
  /** A line of a service performed at the client's site: the order is installed. */
  hasOnSiteService: boolean;
};

export type OrderLineShape = { kind: 'materiel' | 'service' | 'abonnement' | null; onSite: boolean };

export function orderShapeOf(lines: readonly OrderLineShape[]): OrderShape {
  return {
    hasHardware: lines.some((l) => l.kind === 'materiel'),
    hasOnSiteService: lines.some((l) => l.kind === 'service' && l.onSite),
  };
}

/** The stages this order goes through, in order (a services-only order has no staging…). */
export function stagesOf(shape: OrderShape): OrderStage[] {
  return pipelineStages.filter((s) => {
    if (s === 'staging' || s === 'expedition' || s === 'livraison') return shape.hasHardware;
    if (s === 'installation') return shape.hasOnSiteService;
    return true;
  });
}

/** The stage after `stage` on this order's path; null at the end or when cancelled. */
export function nextStageOf(stage: OrderStage, shape: OrderShape): OrderStage | null {
  const path = stagesOf(shape);
  const i = path.indexOf(stage);
  return i >= 0 && i < path.length - 1 ? (path[i + 1] as OrderStage) : null;
}

/**
 * Whether the order may still be cancelled: until it is shipped. Once it has left for delivery (or
 * a shipment was recorded) it is returned, not cancelled; a services-only order can be cancelled
 * until its invoicing.
 */
export function isCancellable(stage: OrderStage, shipped: boolean): boolean {
  if (shipped) return false;
  return ['saisie', 'validation', 'staging', 'expedition', 'installation'].includes(stage);
}

/** Stages an order is still « en cours » in (the board's columns). */
export const activeStages = pipelineStages.filter((s) => s !== 'terminee');

/** Default limits, in days, after which an order waiting in a stage is late (setting `orders.stageLimits`). */
export const defaultStageLimitDays: Partial<Record<OrderStage, number>> = {
  saisie: 3,
  validation: 2,
  staging: 5,
  expedition: 3,
  livraison: 5,
  installation: 15,
  facturation: 5,
};
