/**
 * Maintenance contracts over HTTP (rights, validation, audit) and the daily renewal job with a
 * controlled clock: alerts at 90 / 30 days and at the notice deadline once each, tacit renewal,
 * expiry.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  clients,
  maintenanceContracts,
  notifications,
  sites,
  users,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';
import { emailQueue } from '../notifications/outbox.service.ts';
import { runContractAlerts } from './contracts.jobs.ts';

let t: TestApp;
let db: Db;
let adv: Session;
let commercial: Session;
let support: Session;
let partner: Session;
let ownClient: { id: string; accountManagerId: string | null };
let otherClient: { id: string };
let ownSite: string;
let otherSite: string;
let advId: string;

beforeAll(async () => {
  clock.set('2026-03-02T09:00:00Z');
  t = await createTestApp({ workers: false });
  db = t.database.db;
  await t.jobs.defineQueue(emailQueue);
  adv = await loginAs(t.app, 'adv@relais.test');
  commercial = await loginAs(t.app, 'commercial@relais.test');
  support = await loginAs(t.app, 'support@relais.test');
  partner = await loginAs(t.app, 'partenaire@relais.test');
  const [pUser] = await db.select().from(users).where(eq(users.email, 'partenaire@relais.test'));
  const [a] = await db.select().from(clients).where(eq(clients.partnerId, pUser!.partnerId!)).limit(1);
  const all = await db.select().from(clients);
  const b = all.find((c) => c.partnerId !== pUser!.partnerId)!;
  ownClient = a!;
  otherClient = b;
  const [s1] = await db
    .insert(sites)
    .values({ clientId: a!.id, name: 'Site A', department: '69' })
    .returning();
  const [s2] = await db
    .insert(sites)
    .values({ clientId: b.id, name: 'Site B', department: '75' })
    .returning();
  ownSite = s1!.id;
  otherSite = s2!.id;
  const [advUser] = await db.select().from(users).where(eq(users.email, 'adv@relais.test'));
  advId = advUser!.id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const body = (over: Record<string, unknown> = {}) => ({
  reference: `MC-T-${Math.floor(Math.random() * 1e9)}`,
  name: 'Maintenance Premium',
  startsOn: '2025-06-01',
  endsOn: '2026-06-01',
  tacitRenewal: true,
  renewalMonths: 12,
  noticeDays: 60,
  gtiMinutes: 240,
  gtrMinutes: 480,
  ...over,
});

describe('contracts API', () => {
  it('creates, validates and audits; partners read their clients’ contracts only', async () => {
    const bad = await commercial.post(
      `/api/v1/clients/${ownClient.id}/contracts`,
      body({ siteIds: [otherSite] }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toContain('siteIds');
    const dates = await commercial.post(
      `/api/v1/clients/${ownClient.id}/contracts`,
      body({ startsOn: '2026-06-01', endsOn: '2026-05-01' }),
    );
    expect(dates.statusCode).toBe(400);
    expect(JSON.stringify(dates.json())).toContain('endsOn');

    const created = await commercial.post(
      `/api/v1/clients/${ownClient.id}/contracts`,
      body({ siteIds: [ownSite] }),
    );
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ status: 'actif', noticeDeadline: '2026-04-02', gtiMinutes: 240 });
    expect(c.sites).toEqual([{ id: ownSite, name: 'Site A' }]);
    expect(c.abilities.update).toBe(true);
    const dup = await adv.post(`/api/v1/clients/${ownClient.id}/contracts`, body({ reference: c.reference }));
    expect(dup.statusCode).toBe(409);

    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, c.id), eq(auditLog.action, 'create')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.clientId).toBe(ownClient.id);

    const patched = await adv.patch(`/api/v1/contracts/${c.id}`, { endsOn: '2025-01-01' });
    expect(patched.statusCode).toBe(400);
    const ok = await adv.patch(`/api/v1/contracts/${c.id}`, { noticeDays: 30, platformIds: [] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().noticeDeadline).toBe('2026-05-02');

    // Partner: reads its client's contracts, never edits; another partner's client is 404.
    const list = await partner.get(`/api/v1/clients/${ownClient.id}/contracts`);
    expect(list.statusCode).toBe(200);
    expect(list.json().map((x: { id: string }) => x.id)).toContain(c.id);
    expect(list.json()[0].abilities.update).toBe(false);
    expect((await partner.patch(`/api/v1/contracts/${c.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await partner.post(`/api/v1/clients/${ownClient.id}/contracts`, body())).statusCode).toBe(403);
    expect((await partner.get(`/api/v1/clients/${otherClient.id}/contracts`)).statusCode).toBe(404);
    const other = await adv.post(`/api/v1/clients/${otherClient.id}/contracts`, body());
    expect(other.statusCode).toBe(201);
    expect((await partner.get(`/api/v1/contracts/${other.json().id}`)).statusCode).toBe(404);
    const partnerAll = (await partner.get('/api/v1/contracts')).json().items as { id: string }[];
    expect(partnerAll.map((x) => x.id)).not.toContain(other.json().id);

    // Support reads clients but does not write them.
    expect((await support.get(`/api/v1/contracts/${c.id}`)).statusCode).toBe(200);
    expect((await support.patch(`/api/v1/contracts/${c.id}`, { name: 'x' })).statusCode).toBe(403);

    // Expiring within 90 days (from 2 March 2026: up to 31 May).
    const expiring = (await adv.get('/api/v1/contracts?expiring=90')).json().items as {
      id: string;
      endsOn: string;
    }[];
    expect(expiring.every((x) => x.endsOn <= '2026-05-31')).toBe(true);
    expect(expiring.map((x) => x.id)).not.toContain(c.id);
    const within100 = (await adv.get('/api/v1/contracts?expiring=100')).json().items as { id: string }[];
    expect(within100.map((x) => x.id)).toContain(c.id);

    // GET /contracts pages like every list (issue 15 item 30): { items, nextCursor }, by end date.
    const all = (await adv.get('/api/v1/contracts?limit=500')).json();
    expect(all.nextCursor).toBeNull();
    const paged: { id: string; endsOn: string }[] = [];
    let cursor: string | null = null;
    do {
      const res = await adv.get(`/api/v1/contracts?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      paged.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(paged.map((x) => x.id)).toEqual(all.items.map((x: { id: string }) => x.id));
    expect((await adv.get('/api/v1/contracts?cursor=nope')).statusCode).toBe(400);

    expect((await adv.delete(`/api/v1/contracts/${other.json().id}`)).statusCode).toBe(204);
  });
});

describe('renewal and expiry alerts', () => {
  async function alertsFor(contractId: string) {
    return db
      .select()
      .from(notifications)
      .where(and(eq(notifications.entityId, contractId), eq(notifications.type, 'contract.renewal')));
  }

  it('alerts at 90 and 30 days and at the notice deadline, once each; rolls a tacit contract over', async () => {
    const [k] = await db
      .insert(maintenanceContracts)
      .values({
        clientId: ownClient.id,
        reference: 'MC-ALERT-1',
        name: 'Tacite',
        startsOn: '2025-09-01',
        endsOn: '2026-09-01',
        tacitRenewal: true,
        renewalMonths: 12,
        noticeDays: 45,
      })
      .returning();
    const recipients = new Set([advId, ...(ownClient.accountManagerId ? [ownClient.accountManagerId] : [])]);
    const keys = async () => new Set((await alertsFor(k!.id)).map((n) => n.idempotencyKey));

    clock.set('2026-06-01T05:30:00Z'); // 07:30 Paris, 92 days before
    await runContractAlerts(db, t.jobs);
    expect(await keys()).toEqual(new Set());

    clock.set('2026-06-03T05:30:00Z'); // 90 days before
    await runContractAlerts(db, t.jobs);
    await runContractAlerts(db, t.jobs);
    expect(await keys()).toEqual(new Set([`contract:${k!.id}:d90:2026-09-01`]));
    const d90 = await alertsFor(k!.id);
    expect(new Set(d90.map((n) => n.userId))).toEqual(recipients);

    clock.set('2026-07-18T05:30:00Z'); // notice deadline: 1 September − 45 days
    await runContractAlerts(db, t.jobs);
    clock.set('2026-08-02T05:30:00Z'); // 30 days before
    await runContractAlerts(db, t.jobs);
    await runContractAlerts(db, t.jobs);
    expect(await keys()).toEqual(
      new Set([
        `contract:${k!.id}:d90:2026-09-01`,
        `contract:${k!.id}:notice:2026-09-01`,
        `contract:${k!.id}:d30:2026-09-01`,
      ]),
    );
    expect((await alertsFor(k!.id)).length).toBe(3 * recipients.size);

    clock.set('2026-09-01T05:30:00Z'); // the end date: renewed for 12 months
    const r1 = await runContractAlerts(db, t.jobs);
    const r2 = await runContractAlerts(db, t.jobs);
    expect(r1.renewed).toBeGreaterThanOrEqual(1);
    expect(r2.renewed).toBe(0);
    const [after] = await db.select().from(maintenanceContracts).where(eq(maintenanceContracts.id, k!.id));
    expect(after).toMatchObject({ endsOn: '2027-09-01', status: 'actif' });
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, k!.id), eq(auditLog.action, 'contract.renewed')));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toMatchObject({ endsOn: '2027-09-01', reference: k!.reference });
    expect(await keys()).toContain(`contract:${k!.id}:renewed:2026-09-01`);
  });

  it('a contract without tacit renewal expires at its end date', async () => {
    const [k] = await db
      .insert(maintenanceContracts)
      .values({
        clientId: ownClient.id,
        reference: 'MC-ALERT-2',
        name: 'Ferme',
        startsOn: '2026-01-10',
        endsOn: '2026-10-10',
        tacitRenewal: false,
      })
      .returning();
    clock.set('2026-10-10T05:30:00Z');
    await runContractAlerts(db, t.jobs);
    await runContractAlerts(db, t.jobs);
    const [after] = await db.select().from(maintenanceContracts).where(eq(maintenanceContracts.id, k!.id));
    expect(after).toMatchObject({ endsOn: '2026-10-10', status: 'expire' });
    const expired = (await alertsFor(k!.id)).filter((n) => n.idempotencyKey.includes(':expired:'));
    expect(expired.length).toBeGreaterThan(0);
    expect(new Set(expired.map((n) => n.userId)).size).toBe(expired.length);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, k!.id), eq(auditLog.action, 'contract.expired')));
    expect(audits).toHaveLength(1);
  });
});
