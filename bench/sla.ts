// SLA figures on the backend named by TEST_DB (pglite | postgresql): 10,000 open tickets with their
// clocks (business-hours and 24/7 policies, sites in Paris and Alsace, a third paused), then the time
// `recomputeOpenClocks` takes after a policy change (target ≤ 2 s), `ticketSlaSummaries` for a page of
// 50 (p50/p95 over 100 rounds) and one `scanSla` pass. Nothing is asserted.
import { eq, sql } from 'drizzle-orm';
import {
  businessCalendars,
  clients,
  sites,
  slaPolicies,
  ticketSlaClocks,
  tickets,
} from '../src/server/db/schema/index.ts';
import type { SlaSegment } from '../src/server/db/schema/tickets.ts';
import { clock } from '../src/server/infra/clock.ts';
import { createTestApp, testBackend } from '../src/server/test/harness.ts';
import { demoBusinessHours } from '../src/server/demo/contracts.ts';
import { recomputeOpenClocks, ticketSlaSummaries } from '../src/server/modules/tickets/sla.service.ts';
import { scanSla } from '../src/server/modules/tickets/sla.jobs.ts';

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const tag = `[${testBackend}] sla`;
const count = Number(process.env.SLA_BENCH_TICKETS ?? 10_000);

clock.set('2027-03-08T08:00:00Z'); // Monday 9:00 Paris
const t = await createTestApp({ workers: false });
const db = t.database.db;
await db.delete(slaPolicies);
const [business] = await db
  .insert(businessCalendars)
  .values({ name: 'Bench ouvré', kind: 'hours', hours: demoBusinessHours })
  .returning();
const [always] = await db.insert(businessCalendars).values({ name: 'Bench 24/7', kind: '24x7' }).returning();
const policies = await db
  .insert(slaPolicies)
  .values([
    { name: 'P1', priority: 'P1', firstResponseMinutes: 30, resolutionMinutes: 240, calendarId: always!.id },
    {
      name: 'P2',
      priority: 'P2',
      firstResponseMinutes: 60,
      resolutionMinutes: 480,
      calendarId: business!.id,
    },
    {
      name: 'P3',
      priority: 'P3',
      firstResponseMinutes: 240,
      resolutionMinutes: 1440,
      calendarId: business!.id,
    },
    {
      name: 'P4',
      priority: 'P4',
      firstResponseMinutes: 480,
      resolutionMinutes: 2400,
      calendarId: business!.id,
    },
  ])
  .returning();
const policyOf = new Map(policies.map((p) => [p.priority, p]));
const [client] = await db.select().from(clients).limit(1);
const siteRows = await db
  .insert(sites)
  .values([
    { clientId: client!.id, name: 'Bench Paris', department: '75' },
    { clientId: client!.id, name: 'Bench Strasbourg', department: '67' },
  ])
  .returning();

const started = Date.now();
const priorities = ['P1', 'P2', 'P3', 'P4'] as const;
for (let i = 0; i < count; i += 1000) {
  const batch = Array.from({ length: Math.min(1000, count - i) }, (_, k) => {
    const n = i + k;
    const createdAt = new Date(Date.parse('2027-03-01T08:00:00Z') + (n % 5000) * 60_000);
    return {
      number: `T-BENCH-${String(n).padStart(7, '0')}`,
      clientId: client!.id,
      siteId: siteRows[n % 2]!.id,
      type: 'incident',
      priority: priorities[n % 4]!,
      status: n % 3 === 0 ? 'en_attente_client' : 'en_cours',
      channel: 'telephone',
      subject: `Bench ${n}`,
      createdAt,
      updatedAt: createdAt,
    };
  });
  const rows = await db.insert(tickets).values(batch).returning({
    id: tickets.id,
    createdAt: tickets.createdAt,
    priority: tickets.priority,
    status: tickets.status,
  });
  const clocks = rows.flatMap((r) => {
    const p = policyOf.get(r.priority)!;
    const paused = r.status === 'en_attente_client';
    const segments: SlaSegment[] = [
      {
        from: r.createdAt.toISOString(),
        to: paused ? new Date(r.createdAt.getTime() + 600_000).toISOString() : null,
      },
    ];
    return (['first_response', 'resolution'] as const).map((metric) => ({
      ticketId: r.id,
      metric,
      policyId: p.id,
      targetSeconds: (metric === 'first_response' ? p.firstResponseMinutes : p.resolutionMinutes) * 60,
      segments,
      state: paused ? 'paused' : 'running',
    }));
  });
  await db.insert(ticketSlaClocks).values(clocks);
}
console.log(
  `${tag}: ${count} tickets ouverts et ${count * 2} horloges créés en ${((Date.now() - started) / 1000).toFixed(1)} s`,
);

// First computation (every running clock gets its deadline), then after a policy change.
let t0 = performance.now();
const first = await recomputeOpenClocks(db, clock.now());
console.log(`${tag}: recalcul initial de ${first} horloges en ${ms(performance.now() - t0)}`);
await db.update(slaPolicies).set({ resolutionMinutes: 600 }).where(eq(slaPolicies.priority, 'P2'));
t0 = performance.now();
const changed = await recomputeOpenClocks(db, clock.now());
console.log(
  `${tag}: recalcul après changement de politique (${count} tickets ouverts) : ${changed} horloges en ${ms(performance.now() - t0)} (cible ≤ 2000 ms)`,
);

const ids = (
  await db.select({ id: tickets.id }).from(tickets).where(sql`${tickets.number} LIKE 'T-BENCH-%'`)
).map((r) => r.id);
const samples: number[] = [];
for (let round = 0; round < 100; round++) {
  const start = (round * 50) % Math.max(1, ids.length - 50);
  const page = ids.slice(start, start + 50);
  const s = performance.now();
  await ticketSlaSummaries(db, page);
  samples.push(performance.now() - s);
}
samples.sort((a, b) => a - b);
console.log(
  `${tag}: ticketSlaSummaries (page de 50) p50 ${ms(pct(samples, 50))}, p95 ${ms(pct(samples, 95))}`,
);

t0 = performance.now();
const scan = await scanSla(db, null, new Date('2027-03-01T09:00:00Z'));
console.log(
  `${tag}: passe de scanSla (${scan.warned} alertes, ${scan.breached} dépassements) en ${ms(performance.now() - t0)}`,
);
await t.close();
process.exit(0);
