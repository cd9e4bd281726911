/**
 * What happens when an order enters a stage, inside the stage change's transaction: the client's
 * e-mail for the key stages (once per order and stage), the internal notifications of the team
 * whose step it is, the installation interventions. Called by `orders.service.ts` after it has
 * moved the order, recorded the history, the audit entry and the live event.
 */
import type { orders } from '../../db/schema/index.ts';
import type { OrderStage } from '../../../shared/orders.ts';
import type { Db } from '../../infra/db.ts';
import type { Jobs } from '../../infra/jobs.ts';
import type { RequestContext } from '../../infra/context.ts';

export type OrderEffects = { jobs: Jobs; publicUrl: string };
export type StageChange = {
  order: typeof orders.$inferSelect;
  from: OrderStage | null;
  to: OrderStage;
};

export async function afterStageChange(
  _tx: Db,
  _ctx: RequestContext,
  _fx: OrderEffects,
  _change: StageChange,
): Promise<void> {
  // Filled by the stage e-mails, notifications and installation work (issue 17).
}

export type ShipmentRecorded = {
  order: typeof orders.$inferSelect;
  shipment: { id: string; number: string; carrier: string; trackingNumber: string; shippedAt: Date };
};

/** A shipment was recorded (its BL numbered): the client's « expédiée » e-mail with the tracking link. */
export async function afterShipmentRecorded(
  _tx: Db,
  _ctx: RequestContext,
  _fx: OrderEffects,
  _shipment: ShipmentRecorded,
): Promise<void> {
  // Filled by the stage e-mails work (issue 17).
}
