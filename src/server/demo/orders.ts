/**
 * Demo quotes and orders: what a telecom integrator's ADV has on its desk on a given morning —
 * drafts, quotes sent (one expired), accepted and refused, and orders at every stage of the
 * pipeline, a few late, one on hold, one cancelled, for direct clients and for partners A and B.
 * Stage history, shipments and numbers are coherent with the stage each order has reached.
 */
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { type OrderStage, orderNumber, orderShapeOf, stagesOf } from '../../shared/orders.ts';
import { addDays, parisDate } from '../../shared/paris-time.ts';
import { quoteNumber, quoteTotals } from '../../shared/quotes.ts';
import { recordNumber } from '../../shared/record-number.ts';
import {
  clients,
  contacts,
  documentCounters,
  orderLines,
  orderShipmentLines,
  orderShipments,
  orderStageHistory,
  orders,
  products,
  quoteLines,
  quotes,
  sites,
  users,
} from '../db/schema/index.ts';
import { clock } from '../infra/clock.ts';
import type { Db } from '../infra/db.ts';

type Rnd = { int: (min: number, max: number) => number; pick: <T>(list: readonly T[]) => T };

/** What the demo sells, by the catalogue's references: [reference, quantity]. */
const baskets: { name: string; items: [string, number][] }[] = [
  {
    name: 'pharmacie',
    items: [
      ['YEA-T54W', 3],
      ['TPL-ER605', 1],
      ['INST-SITE', 1],
      ['CTX-USER', 3],
    ],
  },
  {
    name: 'agence',
    items: [
      ['YEA-T31P', 6],
      ['SNOM-M900', 1],
      ['INST-SITE', 1],
      ['FORM-UTIL', 1],
      ['TRK-SIP', 6],
    ],
  },
  {
    name: 'licences',
    items: [
      ['3CX-PRO-8', 1],
      ['CONF-CTX', 1],
      ['TRK-SIP', 4],
    ],
  },
  {
    name: 'renouvellement',
    items: [
      ['YEA-T31P', 4],
      ['TPL-ER605', 1],
    ],
  },
];

/** The orders of the demo: the stage each has reached, and how many days it has waited there. */
const orderPlan: { stage: OrderStage; basket: number; waitedDays: number; hold?: string }[] = [
  { stage: 'saisie', basket: 0, waitedDays: 0 },
  { stage: 'saisie', basket: 2, waitedDays: 1 },
  { stage: 'validation', basket: 1, waitedDays: 1 },
  { stage: 'validation', basket: 0, waitedDays: 4 },
  { stage: 'validation', basket: 3, waitedDays: 0 },
  { stage: 'staging', basket: 0, waitedDays: 2 },
  { stage: 'staging', basket: 1, waitedDays: 8 },
  { stage: 'staging', basket: 3, waitedDays: 3, hold: 'Le client déménage : attendre la nouvelle adresse.' },
  { stage: 'expedition', basket: 0, waitedDays: 1 },
  { stage: 'expedition', basket: 3, waitedDays: 5 },
  { stage: 'livraison', basket: 1, waitedDays: 2 },
  { stage: 'livraison', basket: 0, waitedDays: 1 },
  { stage: 'installation', basket: 0, waitedDays: 6 },
  { stage: 'installation', basket: 1, waitedDays: 3 },
  { stage: 'installation', basket: 1, waitedDays: 20 },
  { stage: 'facturation', basket: 0, waitedDays: 1 },
  { stage: 'facturation', basket: 2, waitedDays: 2 },
  { stage: 'facturation', basket: 3, waitedDays: 7 },
  { stage: 'terminee', basket: 0, waitedDays: 30 },
  { stage: 'terminee', basket: 1, waitedDays: 45 },
  { stage: 'terminee', basket: 2, waitedDays: 12 },
  { stage: 'terminee', basket: 3, waitedDays: 60 },
  { stage: 'annulee', basket: 3, waitedDays: 10 },
];

const carriers = ['Colissimo', 'Chronopost', 'DHL', 'UPS'] as const;
const quoteStatusPlan = ['brouillon', 'brouillon', 'envoye', 'envoye', 'expire', 'refuse', 'refuse'] as const;
const refusals = ['Budget reporté à l’an prochain.', 'Offre concurrente retenue.'];

const day = 86_400_000;

type Line = typeof orderLines.$inferInsert;

/** Inserts the demo quotes and orders (after the catalogue); returns its summary. */
export async function seedOrders(tx: Db, { rnd }: { rnd: Rnd }): Promise<string> {
  const now = clock.now();
  const year = Number(parisDate(now).slice(0, 4));
  const catalogue = await tx.select().from(products);
  const byRef = new Map(catalogue.map((p) => [p.reference, p]));
  const [commercial] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, 'commercial@relais.test'));
  const [adv] = await tx.select({ id: users.id }).from(users).where(eq(users.email, 'adv@relais.test'));
  // Clients whose identity is complete (SIREN and a site with an address), direct and partners'.
  const candidates = await tx
    .select({
      id: clients.id,
      partnerId: clients.partnerId,
      siteId: sql<string>`min(${sites.id}::text)`,
    })
    .from(clients)
    .innerJoin(sites, and(eq(sites.clientId, clients.id), isNotNull(sites.addressLine)))
    .where(isNotNull(clients.siren))
    .groupBy(clients.id)
    .orderBy(asc(clients.name));
  const contactRows = await tx
    .select({ id: contacts.id, clientId: contacts.clientId })
    .from(contacts)
    .orderBy(contacts.id);
  const contactOf = new Map<string, string>();
  for (const c of contactRows) if (!contactOf.has(c.clientId)) contactOf.set(c.clientId, c.id);
  const direct = candidates.filter((c) => !c.partnerId);
  const partnered = candidates.filter((c) => c.partnerId);
  // One client in three is a partner's: both partners get quotes and orders.
  const clientFor = (i: number) =>
    i % 3 === 2 && partnered.length ? partnered[i % partnered.length]! : direct[(i * 5) % direct.length]!;

  const linesOf = (basket: number): Omit<Line, 'orderId'>[] =>
    baskets[basket]!.items.map(([ref, quantity], position) => {
      const p = byRef.get(ref)!;
      return {
        position,
        productId: p.id,
        reference: p.reference,
        kind: p.kind,
        onSite: p.onSite,
        label: p.name,
        quantity,
        unit: p.unit,
        unitPriceCents: p.priceCents,
        purchaseCostCents: p.purchaseCostCents,
        discountBp: rnd.int(0, 2) === 0 ? 500 : 0,
        vatRateBp: p.vatRateBp,
        billingPeriod: p.billingPeriod,
        commitmentMonths: p.commitmentMonths,
      };
    });
  const totalsOf = (lines: Omit<Line, 'orderId'>[]) => {
    const t = quoteTotals(
      lines.map((l) => ({
        ...l,
        discountBp: l.discountBp ?? 0,
        billingPeriod: l.billingPeriod as 'mensuel' | 'annuel' | null,
      })),
    );
    return {
      oneOffCents: t.oneOff.netCents,
      monthlyCents: t.monthly.netCents,
      yearlyCents: t.yearly.netCents,
    };
  };

  // ── Quotes: drafts, sent, expired, refused; and one accepted quote per order that came from one.
  let quoteRank = 0;
  const addQuote = async (
    i: number,
    status: 'brouillon' | 'envoye' | 'expire' | 'refuse' | 'accepte',
    basket: number,
    createdAt: Date,
  ) => {
    const client = clientFor(i);
    const lines = linesOf(basket);
    const sentAt = status === 'brouillon' ? null : new Date(createdAt.getTime() + day / 4);
    const validUntil = addDays(parisDate(createdAt), status === 'expire' ? 15 : 30);
    const [q] = await tx
      .insert(quotes)
      .values({
        number: quoteNumber(year, ++quoteRank),
        status: status === 'expire' ? 'envoye' : status,
        clientId: client.id,
        partnerId: client.partnerId,
        billingSiteId: client.siteId,
        installationSiteId: client.siteId,
        contactId: contactOf.get(client.id) ?? null,
        validUntil,
        ...totalsOf(lines),
        createdBy: commercial?.id ?? null,
        sentAt,
        decidedAt:
          status === 'accepte' || status === 'refuse' ? new Date(createdAt.getTime() + 2 * day) : null,
        signerName: status === 'accepte' ? 'Le gérant' : null,
        refusalReason: status === 'refuse' ? refusals[i % refusals.length]! : null,
        createdAt,
        updatedAt: createdAt,
      })
      .returning({ id: quotes.id });
    await tx
      .insert(quoteLines)
      .values(lines.map(({ onSite: _, purchaseCostCents: __, ...l }) => ({ ...l, quoteId: q!.id })));
    return { id: q!.id, client, lines };
  };
  for (const [i, status] of quoteStatusPlan.entries()) {
    const age = status === 'expire' ? 40 : status === 'brouillon' ? i : 5 + i;
    await addQuote(100 + i, status, i % baskets.length, new Date(now.getTime() - age * day));
  }

  // ── Orders at every stage: the history walks the order's path up to where it waits.
  let orderRank = 0;
  let shipmentRank = 0;
  for (const [i, plan] of orderPlan.entries()) {
    const fromQuote = i % 4 !== 1;
    const stageSince = new Date(now.getTime() - plan.waitedDays * day - rnd.int(1, 8) * 3600_000);
    const lines = linesOf(plan.basket);
    const shape = orderShapeOf(lines.map((l) => ({ kind: l.kind as 'materiel', onSite: l.onSite ?? false })));
    const cancelled = plan.stage === 'annulee';
    const path = stagesOf(shape);
    const reached = cancelled ? path.slice(0, 3) : path.slice(0, path.indexOf(plan.stage) + 1);
    if (reached.length === 0) continue; // a stage not on this basket's path: skipped
    // Each earlier stage took one to three days.
    const steps = reached.map(() => rnd.int(1, 3));
    const createdAt = new Date(stageSince.getTime() - steps.slice(1).reduce((s, d) => s + d * day, 0) - day);
    const quote = fromQuote
      ? await addQuote(i, 'accepte', plan.basket, new Date(createdAt.getTime() - 4 * day))
      : null;
    const client = quote?.client ?? clientFor(i);
    const [order] = await tx
      .insert(orders)
      .values({
        number: orderNumber(year, ++orderRank),
        stage: plan.stage,
        stageSince,
        onHold: Boolean(plan.hold),
        holdReason: plan.hold ?? null,
        cancelReason: cancelled ? 'Le client a choisi de différer son projet.' : null,
        hasHardware: shape.hasHardware,
        hasOnSiteService: shape.hasOnSiteService,
        clientId: client.id,
        partnerId: client.partnerId,
        quoteId: quote?.id ?? null,
        billingSiteId: client.siteId,
        installationSiteId: client.siteId,
        contactId: contactOf.get(client.id) ?? null,
        customerReference: i % 3 === 0 ? `BC-${String(4200 + i)}` : null,
        ...totalsOf(lines),
        createdBy: (fromQuote ? commercial?.id : adv?.id) ?? null,
        createdAt,
        updatedAt: stageSince,
      })
      .returning({ id: orders.id });
    const insertedLines = await tx
      .insert(orderLines)
      .values(lines.map((l) => ({ ...l, orderId: order!.id })))
      .returning({ id: orderLines.id, kind: orderLines.kind, quantity: orderLines.quantity });
    // History: every stage reached, the last one still open (or closed by the cancellation).
    const stages: OrderStage[] = cancelled ? [...reached, 'annulee'] : reached;
    let at = createdAt;
    const history = stages.map((stage, k) => {
      const enteredAt = k === stages.length - 1 ? stageSince : at;
      const next =
        k === stages.length - 1
          ? null
          : k === stages.length - 2
            ? stageSince
            : new Date(at.getTime() + steps[k + 1]! * day);
      at = next ?? at;
      return {
        orderId: order!.id,
        stage,
        enteredAt,
        leftAt: next,
        byUserId: (k === 0 ? (fromQuote ? commercial?.id : adv?.id) : adv?.id) ?? null,
      };
    });
    await tx.insert(orderStageHistory).values(history);
    // Shipped orders carry their shipment and BL.
    const shipped = stages.includes('livraison');
    if (shipped) {
      const leftExpedition = history.find((h) => h.stage === 'expedition')?.leftAt ?? stageSince;
      const carrier = carriers[i % carriers.length]!;
      const [shipment] = await tx
        .insert(orderShipments)
        .values({
          orderId: order!.id,
          number: recordNumber('BL', year, ++shipmentRank),
          carrier,
          trackingNumber: `${carrier.slice(0, 2).toUpperCase()}${String(100_000_000 + rnd.int(0, 899_999_999))}FR`,
          shippedAt: leftExpedition,
          byUserId: adv?.id ?? null,
        })
        .returning({ id: orderShipments.id });
      const hardware = insertedLines.filter((l) => l.kind === 'materiel');
      if (hardware.length)
        await tx
          .insert(orderShipmentLines)
          .values(hardware.map((l) => ({ shipmentId: shipment!.id, lineId: l.id, quantity: l.quantity })));
    }
  }
  const counters = [
    { kind: 'quote', year, last: quoteRank },
    { kind: 'order', year, last: orderRank },
    { kind: 'delivery_note', year, last: shipmentRank },
  ].filter((c) => c.last > 0);
  if (counters.length) await tx.insert(documentCounters).values(counters).onConflictDoNothing();
  return `${quoteRank} devis, ${orderRank} commandes`;
}
