import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { desktop, launch, login, phone, shot } from './browser.ts';

const baseUrl = inject('baseUrl');
const extraShots = process.env.E2E_SHOTS_DIR;
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function snap(page: Page, name: string) {
  await shot(page, name);
  if (extraShots) {
    fs.mkdirSync(extraShots, { recursive: true });
    await page.screenshot({ path: path.join(extraShots, `${name}.png`), fullPage: true });
  }
}

const paris = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
function addDays(day: string, n: number) {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
/** The UTC instant of a Paris wall-clock time (CET/CEST). */
function parisAt(day: string, hhmm: string): string {
  for (const off of ['+01:00', '+02:00']) {
    const d = new Date(`${day}T${hhmm}:00${off}`);
    if (
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Paris',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(d) === hhmm
    )
      return d.toISOString();
  }
  throw new Error('no offset');
}

type Board = {
  technicians: { id: string; name: string }[];
  absences: { technicianId: string; kind: string; startsAt: string; endsAt: string }[];
};

function api(request: APIRequestContext) {
  const headers = { 'x-relais-csrf': '1', origin: baseUrl };
  return {
    get: async <T>(p: string) => {
      const res = await request.get(`${baseUrl}/api/v1${p}`);
      expect(res.status(), await res.text()).toBe(200);
      return (await res.json()) as T;
    },
    post: async <T>(p: string, data: unknown, status = [200, 201]) => {
      const res = await request.post(`${baseUrl}/api/v1${p}`, { headers, data });
      expect(status, await res.text()).toContain(res.status());
      return (await res.json()) as T;
    },
  };
}

/** x offset inside a board row (day view, 07:00–20:00) of a Paris time of day. */
async function xOf(row: Locator, hhmm: string) {
  const box = (await row.boundingBox())!;
  const [h, m] = hhmm.split(':').map(Number);
  return { x: ((h! * 60 + m! + 5 - 420) / 780) * box.width, y: box.height / 2 };
}

/** HTML5 drag and drop with the mouse, both ends in view. */
async function dragOnto(page: Page, source: Locator, target: Locator, at: { x: number; y: number }) {
  await target.scrollIntoViewIfNeeded();
  await source.scrollIntoViewIfNeeded();
  const s = (await source.boundingBox())!;
  const t = (await target.boundingBox())!;
  await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
  await page.mouse.down();
  await page.mouse.move(t.x + at.x, t.y + at.y, { steps: 12 });
  await page.waitForTimeout(300);
  await page.mouse.move(t.x + at.x + 1, t.y + at.y, { steps: 2 });
  await page.mouse.up();
}

describe('planning board', () => {
  it('ADV drags an intervention onto a technician on leave, sees why, then schedules it on a free one', async () => {
    const page = await browser.newPage({ viewport: desktop });
    await login(page, baseUrl, 'adv@relais.test');
    const call = api(page.request);

    // Thomas Terrain's approved leave: the demo has one next week; otherwise ADV records one (API).
    const today = paris(new Date());
    const from = parisAt(today, '00:00');
    const to = parisAt(addDays(today, 21), '00:00');
    let board = await call.get<Board>(`/planning/board?from=${from}&to=${to}`);
    const thomas = board.technicians.find((t) => t.name === 'Thomas Terrain')!;
    expect(thomas).toBeTruthy();
    let leave = board.absences.find((a) => a.technicianId === thomas.id && a.startsAt > from);
    if (!leave) {
      const start = addDays(today, 8);
      const created = await call.post<{ id: string }>('/absences', {
        technicianId: thomas.id,
        kind: 'conges',
        startsAt: parisAt(start, '00:00'),
        endsAt: parisAt(addDays(start, 2), '00:00'),
      });
      await call.post(`/absences/${created.id}/approve`, {});
      board = await call.get<Board>(`/planning/board?from=${from}&to=${to}`);
      leave = board.absences.find((a) => a.technicianId === thomas.id && a.startsAt > from)!;
    }
    // A weekday inside the leave.
    let day = paris(new Date(new Date(leave.startsAt).getTime() + 12 * 3_600_000));
    while ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay())) day = addDays(day, 1);
    expect(parisAt(day, '10:00') < leave.endsAt).toBe(true);

    // A new intervention to schedule, at a client site in Thomas's area.
    const clients = await call.get<{ items: { id: string }[] }>('/clients?q=&limit=50');
    let created: { id: string; number: string } | null = null;
    for (const c of clients.items) {
      const detail = await call.get<{ sites: { id: string; city: string | null }[] }>(`/clients/${c.id}`);
      if (!detail.sites.length) continue;
      created = await call.post<{ id: string; number: string }>('/interventions', {
        clientId: c.id,
        siteId: detail.sites[0]!.id,
        kind: 'sav',
        title: 'Standard en panne (parcours planning)',
        plannedMinutes: 60,
      });
      break;
    }
    expect(created).toBeTruthy();
    const intervention = created!;

    // A free technician and a time without any conflict that day (found with the live check).
    let free: { technicianId: string; hhmm: string } | null = null;
    for (const hhmm of ['10:00', '14:00', '15:00', '09:00', '11:00', '16:00']) {
      for (const t of board.technicians.filter((x) => x.id !== thomas.id)) {
        const res = await call.post<{ conflicts: unknown[] }>('/planning/check', {
          interventionId: intervention.id,
          technicianIds: [t.id],
          plannedStart: parisAt(day, hhmm),
          plannedMinutes: 60,
        });
        if (res.conflicts.length === 0) {
          free = { technicianId: t.id, hhmm };
          break;
        }
      }
      if (free) break;
    }
    expect(free, 'a technician free that day').toBeTruthy();

    await page.goto(`${baseUrl}/planning?view=day&day=${day}`);
    const card = page.getByTestId(`queue-card-${intervention.number}`);
    await card.waitFor();
    const thomasRow = page.getByTestId(`planning-row-${thomas.id}`);
    await thomasRow.getByTestId('planning-absence').first().waitFor();
    await snap(page, 'planning-board-day-desktop');

    // Onto Thomas, on leave: refused with the explanation, then cancelled.
    await dragOnto(page, card, thomasRow, await xOf(thomasRow, '10:00'));
    const modal = page.getByTestId('conflict-modal');
    await modal.waitFor();
    await expect.poll(() => modal.textContent()).toMatch(/Technicien absent/);
    expect(await modal.textContent()).toMatch(/Thomas Terrain est absent \(Congés\)/);
    expect(await modal.getByRole('button', { name: 'Forcer avec motif' }).count()).toBe(1);
    await snap(page, 'planning-conflict-desktop');
    await modal.getByRole('button', { name: 'Annuler' }).click();
    await modal.waitFor({ state: 'detached' });
    expect(await thomasRow.getByTestId(`planning-card-${intervention.number}`).count()).toBe(0);

    // Onto a free technician: scheduled, the card appears in his row.
    const freeRow = page.getByTestId(`planning-row-${free!.technicianId}`);
    await freeRow.scrollIntoViewIfNeeded();
    await dragOnto(page, card, freeRow, await xOf(freeRow, free!.hhmm));
    await freeRow.getByTestId(`planning-card-${intervention.number}`).waitFor();
    expect(await page.getByTestId(`queue-card-${intervention.number}`).count()).toBe(0);
    const saved = await call.get<{ status: string; plannedStart: string; technicians: { id: string }[] }>(
      `/interventions/${intervention.id}`,
    );
    expect(saved.status).toBe('planifiee');
    expect(saved.plannedStart).toBe(parisAt(day, free!.hhmm));
    expect(saved.technicians.map((t) => t.id)).toEqual([free!.technicianId]);
    await snap(page, 'planning-scheduled-desktop');

    // Week view, then the phone: a per-technician day list.
    await page.goto(`${baseUrl}/planning?view=week&day=${day}`);
    await page.getByTestId(`planning-card-${intervention.number}`).waitFor();
    await snap(page, 'planning-board-week-desktop');
    await page.setViewportSize(phone);
    await page.goto(`${baseUrl}/planning?day=${day}`);
    await page
      .getByTestId(`planning-day-${free!.technicianId}`)
      .getByText(intervention.number, { exact: false })
      .waitFor();
    await snap(page, 'planning-day-phone');
    await page.goto(`${baseUrl}/interventions/${intervention.id}`);
    await page.getByRole('heading', { name: 'Standard en panne (parcours planning)' }).waitFor();
    await snap(page, 'intervention-detail-phone');
    await page.setViewportSize(desktop);
    await page.reload();
    await page.getByRole('heading', { name: 'Standard en panne (parcours planning)' }).waitFor();
    await snap(page, 'intervention-detail-desktop');
    await page.goto(`${baseUrl}/interventions`);
    await page.getByText(intervention.number).first().waitFor();
    await snap(page, 'interventions-list-desktop');
    await page.close();
  });
});
