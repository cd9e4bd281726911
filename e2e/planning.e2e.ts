import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { desktop, launch, login, phone, pickDateTime, shot } from './browser.ts';

const baseUrl = inject('baseUrl');
const extraShots = process.env.E2E_SHOTS_DIR;
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function snap(page: Page, name: string, fullPage = true) {
  await shot(page, name, { fullPage });
  if (extraShots) {
    fs.mkdirSync(extraShots, { recursive: true });
    await page.screenshot({ path: path.join(extraShots, `${name}.png`), fullPage });
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
    put: async <T>(p: string, data: unknown) => {
      const res = await request.put(`${baseUrl}/api/v1${p}`, { headers, data });
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

type Api = ReturnType<typeof api>;
type Created = { id: string; number: string; version: number; clientName: string; siteCity: string | null };

/** The first client site found. */
async function firstSite(call: Api) {
  const clients = await call.get<{ items: { id: string }[] }>('/clients?q=&limit=50');
  for (const c of clients.items) {
    const detail = await call.get<{ sites: { id: string; city: string | null }[] }>(`/clients/${c.id}`);
    if (detail.sites.length) return { clientId: c.id, siteId: detail.sites[0]!.id };
  }
  throw new Error('no client with a site');
}

/** A new 60-minute intervention at the first client site found. */
async function newIntervention(call: Api, title: string) {
  const { clientId, siteId } = await firstSite(call);
  return call.post<Created>('/interventions', { clientId, siteId, kind: 'sav', title, plannedMinutes: 60 });
}

/** A technician and a time without any conflict that day (found with the live check). */
async function freeSlot(call: Api, technicians: { id: string }[], interventionId: string, day: string) {
  // Sites keep their opening hours (some close at noon on Fridays) and each area has few technicians.
  for (const hhmm of ['10:00', '14:00', '15:00', '09:00', '11:00', '16:00', '08:00', '13:00', '17:00']) {
    for (const t of technicians) {
      const res = await call.post<{ conflicts: unknown[] }>('/planning/check', {
        interventionId,
        technicianIds: [t.id],
        plannedStart: parisAt(day, hhmm),
        plannedMinutes: 60,
      });
      if (res.conflicts.length === 0) return { technicianId: t.id, hhmm };
    }
  }
  throw new Error(`no technician free on ${day}`);
}

/** Day `offset` (0 = Monday … 3 = Thursday) of next week (Paris), so the board's week has room; not a
 * Friday, when some demo sites close at noon. */
function nextWeekday(offset: number) {
  const today = paris(new Date());
  const isoDay = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(today, 7 - isoDay + Math.min(offset, 3));
}

/** Texts cut by their box (ellipsis or overflow) inside `root`. */
function cutTexts(root: Locator) {
  return root.evaluate((el) =>
    [...el.querySelectorAll<HTMLElement>('*')]
      .filter((e) => e.children.length === 0 && (e.textContent ?? '').trim() !== '')
      .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
      .map((e) => e.textContent),
  );
}

/** Thomas Terrain's approved leave (the demo's of next week, else one recorded by ADV) and a weekday in it. */
async function thomasOnLeave(call: Api) {
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
  return { board, thomas, day };
}

const wide = { width: 1440, height: 900 };

/** Presses Tab until `target` has the focus (keyboard only). */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 400; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('never reached by Tab');
}

const longDayFr = (day: string) =>
  new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${day}T12:00:00Z`));

describe('planning board', () => {
  it('ADV drags an intervention onto a technician on leave, sees why, then schedules it on a free one', async () => {
    const page = await browser.newPage({ viewport: desktop });
    await login(page, baseUrl, 'adv@relais.test');
    const call = api(page.request);

    const { board, thomas, day } = await thomasOnLeave(call);

    const intervention = await newIntervention(call, 'Standard en panne (parcours planning)');
    const free = await freeSlot(
      call,
      board.technicians.filter((x) => x.id !== thomas.id),
      intervention.id,
      day,
    );
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
    const freeRow = page.getByTestId(`planning-row-${free.technicianId}`);
    await freeRow.scrollIntoViewIfNeeded();
    await dragOnto(page, card, freeRow, await xOf(freeRow, free.hhmm));
    await freeRow.getByTestId(`planning-card-${intervention.number}`).waitFor();
    expect(await page.getByTestId(`queue-card-${intervention.number}`).count()).toBe(0);
    const saved = await call.get<{ status: string; plannedStart: string; technicians: { id: string }[] }>(
      `/interventions/${intervention.id}`,
    );
    expect(saved.status).toBe('planifiee');
    expect(saved.plannedStart).toBe(parisAt(day, free.hhmm));
    expect(saved.technicians.map((t) => t.id)).toEqual([free.technicianId]);
    await snap(page, 'planning-scheduled-desktop');

    // Week view, then the phone: a per-technician day list.
    await page.goto(`${baseUrl}/planning?view=week&day=${day}`);
    await page.getByTestId(`planning-card-${intervention.number}`).waitFor();
    await snap(page, 'planning-board-week-desktop');
    await page.setViewportSize(phone);
    await page.goto(`${baseUrl}/planning?day=${day}`);
    await page
      .getByTestId(`planning-day-${free.technicianId}`)
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

  it('ADV reads the week at 1440 px (client, city, time) and plans by keyboard only, then by touch on a phone', async () => {
    const page = await browser.newPage({ viewport: wide });
    await login(page, baseUrl, 'adv@relais.test');
    const call = api(page.request);
    const day = nextWeekday(1);
    const board = await call.get<Board>(
      `/planning/board?from=${parisAt(day, '00:00')}&to=${parisAt(addDays(day, 1), '00:00')}`,
    );

    // One intervention planned that day (API), one left in the queue for click-to-plan.
    const planned = await newIntervention(call, 'Lecture de la semaine');
    const at = await freeSlot(call, board.technicians, planned.id, day);
    await call.put(`/interventions/${planned.id}/schedule`, {
      technicianIds: [at.technicianId],
      plannedStart: parisAt(day, at.hhmm),
      plannedMinutes: 60,
      version: planned.version,
    });
    const queued = await newIntervention(call, 'Planifiée au clavier');

    // The week: the block says client, city and time without hover, nothing cut.
    await page.goto(`${baseUrl}/planning?view=week&day=${day}`);
    const block = page
      .getByTestId(`planning-cell-${at.technicianId}-${day}`)
      .getByTestId(`planning-card-${planned.number}`);
    await block.waitFor();
    const text = await block.innerText();
    const end = `${String(Number(at.hhmm.slice(0, 2)) + 1).padStart(2, '0')}:${at.hhmm.slice(3)}`;
    expect(text).toContain(`${at.hhmm} – ${end}`);
    expect(text).toContain(planned.clientName);
    expect(text).toContain(planned.siteCity!);
    expect((await block.boundingBox())!.width).toBeGreaterThan(110);
    const blocks = page.getByTestId('planning-board').locator('[data-testid^="planning-card-"]');
    expect(await blocks.count()).toBeGreaterThan(0);
    for (const b of await blocks.all()) expect(await cutTexts(b)).toEqual([]);
    await snap(page, 'planning-week-desktop');

    // Keyboard only: choose the queued intervention, open « Choisir le créneau… », fill, plan.
    const slot = await freeSlot(call, board.technicians, queued.id, day);
    const tech = board.technicians.find((t) => t.id === slot.technicianId)!;
    const queueCard = page.getByTestId(`queue-card-${queued.number}`);
    await queueCard.waitFor();
    await tabTo(page, queueCard);
    await page.keyboard.press('Enter');
    await page.getByTestId('planning-selection').waitFor();
    expect(await queueCard.getAttribute('aria-pressed')).toBe('true');
    await tabTo(page, page.getByRole('button', { name: 'Choisir le créneau…' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('plan-dialog');
    await dialog.waitFor();
    await tabTo(page, dialog.getByLabel('Technicien'));
    await page.keyboard.type(tech.name);
    await tabTo(page, dialog.getByLabel('Jour'));
    await page.keyboard.type(longDayFr(day));
    await tabTo(page, dialog.getByLabel('Heure de début'));
    await page.keyboard.type(slot.hhmm);
    expect(await dialog.getByLabel('Technicien').inputValue()).toBe(tech.id);
    expect(await dialog.getByLabel('Jour').inputValue()).toBe(day);
    await dialog.getByText('Créneau libre').waitFor();
    await snap(page, 'planning-click-plan-desktop', false);
    await tabTo(page, dialog.getByRole('button', { name: 'Planifier' }));
    await page.keyboard.press('Enter');
    await page
      .getByTestId(`planning-cell-${slot.technicianId}-${day}`)
      .getByTestId(`planning-card-${queued.number}`)
      .waitFor();
    const saved = await call.get<{ status: string; plannedStart: string; technicians: { id: string }[] }>(
      `/interventions/${queued.id}`,
    );
    expect(saved.status).toBe('planifiee');
    expect(saved.plannedStart).toBe(parisAt(day, slot.hhmm));
    expect(saved.technicians.map((t) => t.id)).toEqual([slot.technicianId]);

    // Phone with a touch screen: the week strip, the day's list, and the queue planned by tapping.
    const touch = await browser.newContext({
      storageState: await page.context().storageState(),
      viewport: phone,
      hasTouch: true,
      isMobile: true,
      locale: 'fr-FR',
    });
    const mobile = await touch.newPage();
    const onPhone = await newIntervention(call, 'Planifiée au doigt');
    const third = await freeSlot(call, board.technicians, onPhone.id, day);
    await mobile.goto(`${baseUrl}/planning?day=${day}`);
    await mobile.getByTestId('planning-week-strip').waitFor();
    await mobile
      .getByTestId(`planning-day-${at.technicianId}`)
      .getByText(planned.clientName)
      .first()
      .waitFor();
    await snap(mobile, 'planning-week-phone');
    await mobile.getByTestId(`queue-card-${onPhone.number}`).tap();
    await mobile
      .getByTestId(`planning-day-${third.technicianId}`)
      .getByRole('button', { name: 'Planifier ici' })
      .tap();
    const phoneDialog = mobile.getByTestId('plan-dialog');
    await phoneDialog.waitFor();
    expect(await phoneDialog.getByLabel('Technicien').inputValue()).toBe(third.technicianId);
    await phoneDialog.getByLabel('Heure de début').selectOption({ label: third.hhmm });
    await phoneDialog.getByText('Créneau libre').waitFor();
    await snap(mobile, 'planning-click-plan-phone', false);
    await phoneDialog.getByRole('button', { name: 'Planifier' }).tap();
    await mobile
      .getByTestId(`planning-day-${third.technicianId}`)
      .getByText(onPhone.number)
      .first()
      .waitFor();
    await touch.close();
    await page.close();
  });

  it('the new-intervention form ranks the technicians, shows the slot’s conflicts and forces with a reason', async () => {
    const page = await browser.newPage({ viewport: wide });
    await login(page, baseUrl, 'adv@relais.test');
    const call = api(page.request);
    const { thomas, day } = await thomasOnLeave(call);
    const site = await firstSite(call);
    const title = 'Standard muet (formulaire)';
    await page.goto(
      `${baseUrl}/interventions/nouvelle?clientId=${site.clientId}&siteId=${site.siteId}&title=${encodeURIComponent(title)}`,
    );
    await expect.poll(() => page.getByLabel('Titre').inputValue()).toBe(title);

    // The picker is ranked (skills, zone, availability), each with its score.
    const picker = page.getByRole('combobox', { name: 'Technicien à envoyer' });
    const scores = async () => {
      await picker.click();
      const options = page.getByRole('option');
      await expect.poll(() => options.count()).toBeGreaterThan(1);
      await expect.poll(async () => /\d+\/100/.test((await options.first().textContent()) ?? '')).toBe(true);
      const texts = await options.allTextContents();
      return texts.map((x) => ({ text: x, score: Number(/(\d+)\/100/.exec(x)?.[1]) }));
    };
    const before = await scores();
    expect(before.map((o) => o.score)).toEqual([...before.map((o) => o.score)].sort((a, b) => b - a));
    await page.getByRole('option', { name: /Thomas Terrain/ }).click();
    await pickDateTime(page, page.getByLabel('Début prévu (heure de Paris)'), day, '10:00');

    // Thomas is on leave then: the conflict is shown as on the board, nothing is saved yet.
    const conflicts = page.getByTestId('slot-conflicts');
    await conflicts.waitFor();
    expect(await conflicts.textContent()).toMatch(/Technicien absent/);
    expect(await conflicts.textContent()).toMatch(/Thomas Terrain est absent \(Congés\) du .* inclus/);
    const after = await scores();
    expect(after.map((o) => o.score)).toEqual([...after.map((o) => o.score)].sort((a, b) => b - a));
    expect(after[0]!.text).not.toMatch(/Thomas Terrain/);
    await snap(page, 'intervention-form-picker-desktop', false);
    await page.keyboard.press('Escape');
    await snap(page, 'intervention-form-conflict-desktop');
    await page.setViewportSize(phone);
    await conflicts.scrollIntoViewIfNeeded();
    await snap(page, 'intervention-form-conflict-phone', false);
    await page.setViewportSize(wide);

    // « Forcer avec motif »: the reason is required, then the intervention is created and planned.
    const force = page.getByRole('button', { name: 'Forcer avec motif' });
    await force.click();
    await page.getByText('Motif : 5 caractères au moins.').waitFor();
    expect(page.url()).toMatch(/\/interventions\/nouvelle/);
    await page.getByLabel('Motif pour forcer').fill('Client prioritaire, accord du chef');
    await force.click();
    await expect.poll(() => page.url()).toMatch(/\/interventions\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const saved = await call.get<{
      status: string;
      plannedStart: string;
      conflictOverride: string | null;
      technicians: { id: string }[];
    }>(`/interventions/${id}`);
    expect(saved.status).toBe('planifiee');
    expect(saved.plannedStart).toBe(parisAt(day, '10:00'));
    expect(saved.technicians.map((t) => t.id)).toEqual([thomas.id]);
    expect(saved.conflictOverride).toBe('Client prioritaire, accord du chef');
    await page.close();
  });
});
