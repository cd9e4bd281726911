import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isPublicHoliday } from '../src/shared/holidays.ts';
import { desktop, launch, login, phone, pickDateTime, shot } from './browser.ts';

const baseUrl = inject('baseUrl');
const extraShots = process.env.E2E_SHOTS_DIR;
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-relais-csrf': '1' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : res.json();
    },
    { method, path, body },
  ) as Promise<T>;
}

/** A weekday at least `days` days ahead (past the demo's planned interventions and leave). */
/** A working day `days` ahead: not a weekend nor a public holiday (22 days after 3 December is Christmas). */
function weekdayAhead(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  const closed = () =>
    [0, 6].includes(d.getUTCDay()) || isPublicHoliday(d.toISOString().slice(0, 10), 'metropole') !== null;
  while (closed()) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

type Proposal = {
  requiredSkills: { id: string; name: string }[];
  candidates: { name: string; eligible: boolean; factors: { key: string; detail: string }[] }[];
};

async function snap(page: Page, name: string) {
  await shot(page, name);
  if (extraShots) {
    fs.mkdirSync(extraShots, { recursive: true });
    await page.screenshot({ path: path.join(extraShots, `${name}.png`), fullPage: true });
  }
}

describe('tickets', () => {
  it('a partner opens a ticket; support takes it, replies, adds a note; the partner sees only the reply', async () => {
    const subject = `Standard muet ${Date.now()}`;
    // The partner opens a ticket for one of its clients.
    const partner = await browser.newPage({ viewport: desktop });
    await login(partner, baseUrl, 'partenaire@relais.test');
    const clientsRes = await partner.request.get(`${baseUrl}/api/v1/clients?limit=1`);
    const client = ((await clientsRes.json()) as { items: { id: string }[] }).items[0]!;
    await partner.goto(`${baseUrl}/tickets/nouveau?clientId=${client.id}`);
    await partner.getByLabel('Objet').fill(subject);
    await partner.getByLabel('Description').fill('Plus aucun appel entrant depuis 9 h.');
    await snap(partner, 'tickets-new-partner-desktop');
    await partner.getByRole('button', { name: 'Ouvrir le ticket' }).click();
    await expect.poll(() => partner.url()).toMatch(/\/tickets\/[0-9a-f-]{36}$/);
    const ticketUrl = partner.url();
    await expect.poll(() => partner.getByText(subject).count()).toBeGreaterThan(0);

    // Support takes it: assigns to self, en cours, public reply, internal note.
    const support = await browser.newPage({ viewport: desktop });
    await login(support, baseUrl, 'support@relais.test');
    await support.goto(`${baseUrl}/tickets?`);
    await expect.poll(() => support.getByRole('tab', { name: /Non attribués/ }).count()).toBeGreaterThan(0);
    await support.getByRole('tab', { name: /Non attribués/ }).click();
    await expect.poll(() => support.getByText(subject).count()).toBeGreaterThan(0);
    await snap(support, 'tickets-queue-desktop');
    await support.goto(ticketUrl);
    await expect.poll(() => support.getByText(subject).count()).toBeGreaterThan(0);
    await snap(support, 'ticket-detail-before-desktop');
    await support.getByPlaceholder('Non attribué').click();
    await support.getByRole('option', { name: 'Samuel Support' }).click();
    await expect.poll(() => support.getByPlaceholder('Non attribué').inputValue()).toBe('Samuel Support');
    await support.getByRole('button', { name: 'En cours', exact: true }).click();
    await expect.poll(() => support.getByText('En cours', { exact: true }).count()).toBeGreaterThan(0);
    await support
      .getByLabel('Réponse (envoyée par e-mail au contact)')
      .fill('Nous redémarrons votre standard.');
    await support.getByRole('button', { name: 'Envoyer la réponse' }).click();
    // The message itself in the conversation (not the text still in the box while sending).
    await expect
      .poll(() =>
        support
          .locator('[data-visibility="public"]', { hasText: 'Nous redémarrons votre standard.' })
          .count(),
      )
      .toBe(1);
    await support.locator('label', { hasText: 'Note interne' }).first().click();
    await expect
      .poll(() => support.getByLabel('Note interne (jamais visible du client ni du partenaire)').count())
      .toBe(1);
    await support
      .getByLabel('Note interne (jamais visible du client ni du partenaire)')
      .fill('Trunk SIP en erreur 503.');
    await snap(support, 'ticket-note-typed-desktop');
    await support.getByRole('button', { name: 'Ajouter la note' }).click();
    await expect
      .poll(() =>
        support.locator('[data-visibility="internal"]', { hasText: 'Trunk SIP en erreur 503.' }).count(),
      )
      .toBe(1);
    await snap(support, 'ticket-detail-support-desktop');
    await support.setViewportSize(phone);
    await snap(support, 'ticket-detail-support-phone');
    await support.goto(`${baseUrl}/tickets`);
    await expect.poll(() => support.getByText(subject).count()).toBeGreaterThan(0);
    await snap(support, 'tickets-queue-phone');

    // The partner sees the public reply, never the note.
    await partner.reload();
    await expect.poll(() => partner.getByText('Nous redémarrons votre standard.').count()).toBe(1);
    expect(await partner.getByText('Trunk SIP en erreur 503.').count()).toBe(0);
    expect(await partner.getByText('Note interne').count()).toBe(0);
    await snap(partner, 'ticket-detail-partner-desktop');
    await partner.setViewportSize(phone);
    await snap(partner, 'ticket-detail-partner-phone');
    await partner.close();
    await support.close();
  });

  it('support assigns with the explained proposal; ADV sends the technician from the ticket', async () => {
    // The machine running the journeys may be busy: give the server time after each action.
    const wait = { timeout: 15_000 };
    const support = await browser.newPage({ viewport: desktop });
    await login(support, baseUrl, 'support@relais.test');
    // An on-site SAV at a direct client's site with its telephony platform, where the best-ranked
    // technician covers the site's département (so that ADV can send him without a zone conflict).
    const clients = await api<{ items: { id: string; partnerId: string | null }[] }>(
      support,
      'GET',
      '/clients?limit=60',
    );
    const subject = `Standard coupé sur site ${Date.now()}`;
    let ticket: { id: string } | undefined;
    let required: string[] = [];
    for (const c of clients.items.filter((x) => !x.partnerId)) {
      const detail = await api<{ sites: { id: string }[] }>(support, 'GET', `/clients/${c.id}`);
      const platforms = await api<{ id: string; siteId: string | null }[] | { items: { id: string }[] }>(
        support,
        'GET',
        `/clients/${c.id}/platforms`,
      );
      const list = Array.isArray(platforms) ? platforms : platforms.items;
      if (!detail.sites[0] || !list[0]) continue;
      const created = await api<{ id: string }>(support, 'POST', '/tickets', {
        clientId: c.id,
        siteId: detail.sites[0].id,
        platformId: list[0].id,
        type: 'sav',
        priority: 'P2',
        subject,
      });
      const p = await api<Proposal>(support, 'GET', `/tickets/${created.id}/assignment-proposal`);
      const best = p.candidates[0];
      if (best?.eligible && best.factors.some((f) => f.key === 'zone' && f.detail.startsWith('Couvre le'))) {
        ticket = created;
        required = p.requiredSkills.map((x) => x.name);
        break;
      }
      await api(support, 'POST', `/tickets/${created.id}/status`, { to: 'resolu' });
    }
    expect(ticket).toBeDefined();
    if (!ticket) return;
    await support.goto(`${baseUrl}/tickets/${ticket.id}`);
    await expect.poll(() => support.getByText(subject).count(), wait).toBeGreaterThan(0);
    await support.getByRole('button', { name: 'Proposer un technicien' }).click();
    await expect.poll(() => support.getByText('Techniciens proposés').count(), wait).toBe(1);
    const eligible = support.locator('[data-eligible="true"]');
    await expect.poll(() => eligible.count(), wait).toBeGreaterThan(0);
    const first = eligible.first();
    const name = (await first.getAttribute('data-candidate'))!;
    // The reasons are shown, and the score; excluded technicians are listed with theirs.
    expect(await first.innerText()).toMatch(/\/100/);
    expect(await first.locator('[data-reason]').count()).toBeGreaterThan(0);
    expect(await support.locator('[data-eligible="false"]').count()).toBeGreaterThan(0);
    expect(await support.locator('[data-eligible="false"]').first().innerText()).toMatch(
      /Ne maîtrise pas|Certification|En congé|Absent|En formation|arrêt|désactivé|inactif/,
    );
    await first.getByText('Détail du score').click();
    await expect.poll(() => first.getByText(/^Échéance SLA [\d,]+\/10$/).count(), wait).toBe(1);
    await snap(support, 'ticket-assignment-proposal-desktop');
    await support.setViewportSize(phone);
    await support.waitForTimeout(500); // the shell's navbar slides away
    await snap(support, 'ticket-assignment-proposal-phone');
    await support.setViewportSize(desktop);
    await first.getByRole('button', { name: 'Attribuer' }).click();
    await expect.poll(() => support.getByPlaceholder('Non attribué').inputValue(), wait).toBe(name);
    await expect.poll(() => support.getByText('Techniciens proposés').count(), wait).toBe(0);
    await support.close();

    // ADV sends the assigned technician: the form comes pre-filled from the ticket.
    const adv = await browser.newPage({ viewport: desktop });
    await login(adv, baseUrl, 'adv@relais.test');
    await adv.goto(`${baseUrl}/tickets/${ticket.id}`);
    await expect.poll(() => adv.getByText(subject).count(), wait).toBeGreaterThan(0);
    await adv.getByRole('link', { name: 'Créer une intervention' }).click();
    await expect.poll(() => adv.url(), wait).toMatch(/\/interventions\/nouvelle/);
    await expect
      .poll(() => adv.getByRole('combobox', { name: 'Technicien à envoyer' }).inputValue(), wait)
      .toBe(name);
    expect(await adv.getByRole('combobox', { name: 'Type', exact: true }).inputValue()).toBe('SAV');
    expect(await adv.getByLabel('Titre').inputValue()).toContain(subject);
    // The skills the ticket's platform calls for, as in the proposal.
    expect(required.length).toBeGreaterThan(0);
    for (const skill of required)
      await expect.poll(() => adv.locator('.mantine-Pill-label', { hasText: skill }).count(), wait).toBe(1);
    await adv.getByLabel('Titre').fill(`Dépannage standard — ${subject}`);
    await pickDateTime(adv, adv.getByLabel('Début prévu (heure de Paris)'), weekdayAhead(22), '10:00');
    await snap(adv, 'intervention-from-ticket-desktop');
    await adv.getByRole('button', { name: 'Créer l’intervention' }).click();
    await expect.poll(() => adv.url(), wait).toMatch(/\/interventions\/[0-9a-f-]{36}$/);
    await expect
      .poll(() => adv.getByText(`Dépannage standard — ${subject}`).count(), wait)
      .toBeGreaterThan(0);
    // Linked to the ticket, and the technician is on it (no conflict refused the slot).
    await expect.poll(() => adv.getByRole('link', { name: new RegExp(subject) }).count(), wait).toBe(1);
    expect(await adv.getByText(/Intervention créée mais pas planifiée/).count()).toBe(0);
    await expect.poll(() => adv.getByText(name, { exact: true }).count(), wait).toBeGreaterThan(0);
    await snap(adv, 'intervention-from-ticket-linked-desktop');
    // ADV corrects it later: « Modifier » opens the same form, the client fixed, the slot kept.
    await adv.getByRole('link', { name: 'Modifier', exact: true }).click();
    await expect.poll(() => adv.url(), wait).toMatch(/\/interventions\/[0-9a-f-]{36}\/modifier$/);
    await expect
      .poll(() => adv.getByLabel('Titre').inputValue(), wait)
      .toBe(`Dépannage standard — ${subject}`);
    expect(await adv.getByRole('combobox', { name: 'Client' }).isDisabled()).toBe(true);
    expect(await adv.getByLabel('Technicien à envoyer').count()).toBe(0);
    await adv.getByLabel('Titre').fill(`Remplacement du standard — ${subject}`);
    await adv.getByLabel('Check-list').fill('Couper l’alimentation\nRemplacer le boîtier');
    await snap(adv, 'intervention-edit-desktop');
    await adv.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => adv.url(), wait).toMatch(/\/interventions\/[0-9a-f-]{36}$/);
    await expect
      .poll(() => adv.getByText(`Remplacement du standard — ${subject}`).count(), wait)
      .toBeGreaterThan(0);
    await expect.poll(() => adv.getByText('Remplacer le boîtier').count(), wait).toBeGreaterThan(0);
    await expect.poll(() => adv.getByText(name, { exact: true }).count(), wait).toBeGreaterThan(0);
    await adv.close();

    // An admin turns automatic assignment on for SAV tickets, then off again.
    const admin = await browser.newPage({ viewport: desktop });
    await login(admin, baseUrl, 'admin@relais.test');
    await admin.goto(`${baseUrl}/admin/sla`);
    await admin.getByRole('tab', { name: 'Attribution automatique' }).click();
    const sav = admin.getByRole('switch', { name: 'SAV' });
    await expect.poll(() => sav.isChecked(), wait).toBe(false);
    await sav.click({ force: true });
    await expect.poll(() => sav.isChecked(), wait).toBe(true);
    await expect
      .poll(() => admin.getByText('Attribution automatique activée pour « SAV ».').count(), wait)
      .toBe(1);
    const settings = await api<{ items: { ticketType: string; autoAssign: boolean }[] }>(
      admin,
      'GET',
      '/tickets/assignment-settings',
    );
    expect(settings.items.find((i) => i.ticketType === 'sav')?.autoAssign).toBe(true);
    await snap(admin, 'admin-auto-assign-desktop');
    await sav.click({ force: true });
    await expect.poll(() => sav.isChecked(), wait).toBe(false);
    await admin.close();
  });
});

describe('tickets screens speak the user’s language (issue 15 items 9 and 11)', () => {
  type Clock = { state: string; dueAt: string | null } | null;
  type Row = {
    id: string;
    number: string;
    status: string;
    sla: { firstResponse: Clock; resolution: Clock } | null;
  };

  it('priorities by name, lateness in days, « Tous les ouverts » and « Résolus et clos »', async () => {
    const page = await browser.newPage({ viewport: desktop });
    await login(page, baseUrl, 'support@relais.test');
    await page.goto(`${baseUrl}/tickets`);
    await page.getByRole('tab', { name: /Tous les ouverts/ }).click();
    await page.locator('[data-ticket]').first().waitFor();
    // Priorities are named (« Critique », « Haute »…), the code only in the tooltip.
    const badges = await page.locator('[data-ticket] [data-priority]').allTextContents();
    expect(badges.length).toBeGreaterThan(0);
    for (const b of badges) expect(['Critique', 'Haute', 'Normale', 'Basse']).toContain(b.trim());
    // More than a day late reads in days and hours, never « 122 h ».
    const open = await api<{ items: Row[] }>(page, 'GET', '/tickets?queue=all&limit=100');
    const dayAgo = Date.now() - 86_400_000;
    const late = open.items.filter((t) =>
      [t.sla?.firstResponse, t.sla?.resolution].some(
        (c) => c?.state === 'breached' && c.dueAt && Date.parse(c.dueAt) < dayAgo,
      ),
    );
    expect(late.length).toBeGreaterThan(0);
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/dépassé de (2[4-9]|[3-9]\d|\d{3,}) h/);
    expect(text).toMatch(/dépassé de \d+ j/);
    await snap(page, 'tickets-all-open-desktop');
    // The resolved and closed ones, one click away.
    await page.getByRole('tab', { name: 'Résolus et clos' }).click();
    await expect
      .poll(async () => {
        const statuses = await page
          .locator('[data-ticket]')
          .evaluateAll((rows) =>
            rows.map(
              (r) => (r.textContent ?? '').match(/Résolu|Clos|Ouvert|En cours|En attente|Escaladé/)?.[0],
            ),
          );
        return statuses.length > 0 && statuses.every((s) => s === 'Résolu' || s === 'Clos');
      })
      .toBe(true);
    // Resolved late: « Dépassé », never « dépassé de 47 h ».
    expect(await page.locator('main').innerText()).not.toMatch(/dépassé de (2[4-9]|[3-9]\d|\d{3,}) h/);
    await snap(page, 'tickets-done-desktop');
    await page.setViewportSize(phone);
    await page.getByRole('tab', { name: /Tous les ouverts/ }).click();
    await page.waitForLoadState('networkidle');
    await shot(page, 'tickets-all-open-phone', { fullPage: false });
    await page.close();
  });

  it('escalation asks its reason and team deletion its confirmation in the app’s modals', async () => {
    const support = await browser.newPage({ viewport: desktop });
    // The browser's own prompt or confirm must never open.
    const native: string[] = [];
    support.on('dialog', (d) => {
      native.push(d.message());
      void d.dismiss();
    });
    await login(support, baseUrl, 'support@relais.test');
    const clients = await api<{ items: { id: string }[] }>(support, 'GET', '/clients?limit=1');
    const subject = `Standard à escalader ${Date.now()}`;
    const created = await api<{ id: string; number: string }>(support, 'POST', '/tickets', {
      clientId: clients.items[0]!.id,
      type: 'incident',
      priority: 'P2',
      subject,
    });
    await support.goto(`${baseUrl}/tickets/${created.id}`);
    await support.getByText(subject).waitFor();
    // Its priority reads « Haute ».
    await support.locator('[data-priority="P2"]', { hasText: 'Haute' }).first().waitFor();
    await support.getByRole('button', { name: 'Escalader' }).click();
    const modal = support.getByRole('dialog', { name: `Escalader le ticket ${created.number}` });
    await modal.waitFor();
    // The reason is required: confirming without one says so and sends nothing.
    await modal.getByRole('button', { name: 'Escalader' }).click();
    await modal.getByText('Indiquez le motif (3 caractères au moins).').waitFor();
    await snap(support, 'ticket-escalate-modal-desktop');
    await modal.getByLabel('Motif de l’escalade').fill('Client bloqué depuis ce matin, standard muet.');
    await modal.getByRole('button', { name: 'Escalader' }).click();
    await support.getByText(`Ticket ${created.number} escaladé.`).waitFor();
    await expect.poll(() => modal.count()).toBe(0);
    await support.getByText('Niveau 2', { exact: false }).first().waitFor();
    await support.setViewportSize(phone);
    await support.getByRole('button', { name: 'Escalader' }).click();
    await modal.waitFor();
    await support.waitForTimeout(400); // the opening transition
    await shot(support, 'ticket-escalate-modal-phone', { fullPage: false });
    await modal.getByRole('button', { name: 'Annuler' }).click();
    await support.close();

    const admin = await browser.newPage({ viewport: desktop });
    admin.on('dialog', (d) => {
      native.push(d.message());
      void d.dismiss();
    });
    await login(admin, baseUrl, 'admin@relais.test');
    await admin.goto(`${baseUrl}/admin/equipes`);
    const name = `Équipe éphémère ${Date.now()}`;
    await admin.getByLabel('Nom').fill(name);
    await admin.getByRole('button', { name: 'Enregistrer' }).click();
    const row = admin.getByRole('row', { name: new RegExp(name) });
    await row.waitFor();
    await row.getByRole('button', { name: 'Supprimer' }).click();
    const confirm = admin.getByRole('dialog', { name: `Supprimer l’équipe « ${name} » ?` });
    await confirm.waitFor();
    await admin.waitForTimeout(400); // the opening transition
    await snap(admin, 'team-delete-modal-desktop');
    // « Annuler » keeps it.
    await confirm.getByRole('button', { name: 'Annuler' }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await row.count()).toBe(1);
    await row.getByRole('button', { name: 'Supprimer' }).click();
    await confirm.getByRole('button', { name: 'Supprimer' }).click();
    await admin.getByText(`Équipe « ${name} » supprimée.`).waitFor();
    await expect.poll(() => row.count()).toBe(0);
    await admin.close();
    expect(native).toEqual([]);
  });
});
