/**
 * Quotes over HTTP: numbers, totals and VAT per rate in integer cents, versions (only the last one
 * is accepted), expiry, packs, partner isolation and prices, French 400s, audit and the client's
 * history.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addDays, parisDate } from '../../../shared/paris-time.ts';
import type { QuoteOut } from '../../../shared/schemas/quotes.ts';
import { auditLog, quotes } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { loginAs } from '../../test/harness.ts';
import { quoteSuite } from './quotes.fixture.ts';

// Workers on: sending queues the e-mail on the outbox's queue, which the workers define.
const s = quoteSuite(() => ({}));

const ok = <T = QuoteOut>(res: { statusCode: number; body: string }, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return JSON.parse(res.body) as T;
};

/** A draft for the direct client: 3 phones at 5 % off, a free training line at 10 %, 3 licences. */
async function draft(over: Record<string, unknown> = {}) {
  return ok(
    await s.f.commercial.post('/api/v1/quotes', {
      clientId: s.f.direct.clientId,
      billingSiteId: s.f.direct.siteId,
      installationSiteId: s.f.direct.siteId,
      contactId: s.f.direct.contactId,
      conditions: 'Acompte de 30 % à la commande.',
      lines: [
        { productId: s.f.phone.id, quantity: 3, discountBp: 500 },
        { label: 'Formation des utilisateurs', quantity: 1, unitPriceCents: 12_345, vatRateBp: 1000 },
        { label: 'Guide imprimé', quantity: 1, unitPriceCents: 999, vatRateBp: 550 },
        { productId: s.f.licence.id, quantity: 3 },
      ],
      ...over,
    }),
    201,
  );
}

describe('quote totals and numbers', () => {
  it('prices the lines and computes the totals per VAT rate, one-off apart from monthly', async () => {
    const q = await draft();
    expect(q.number).toMatch(new RegExp(`^D-${parisDate(clock.now()).slice(0, 4)}-\\d{6}$`));
    expect(q.version).toBe(1);
    expect(q.status).toBe('brouillon');
    expect(q.lines.map((l) => [l.label, l.unitPriceCents, l.netCents, l.billingPeriod])).toEqual([
      ['Yealink T54W', 18_900, 53_865, null],
      ['Formation des utilisateurs', 12_345, 12_345, null],
      ['Guide imprimé', 999, 999, null],
      ['Licence centrex utilisateur', 1030, 3090, 'mensuel'],
    ]);
    // VAT once per rate on its base, half-up: 12 345 × 10 % = 1 234,5 → 1 235; 999 × 5,5 % = 54,945 → 55.
    expect(q.totals.oneOff).toEqual({
      netCents: 67_209,
      vatCents: 12_063,
      grossCents: 79_272,
      vat: [
        { vatRateBp: 2000, baseCents: 53_865, vatCents: 10_773 },
        { vatRateBp: 1000, baseCents: 12_345, vatCents: 1235 },
        { vatRateBp: 550, baseCents: 999, vatCents: 55 },
      ],
    });
    expect(q.totals.monthly).toMatchObject({ netCents: 3090, vatCents: 618, grossCents: 3708 });
    expect(q.totals.commitmentMonths).toBe(36);
    expect(q.validUntil).toBe(addDays(parisDate(clock.now()), 30));
    expect(q.billingSite?.city).toBe('Lyon');
    expect(q.contact?.name).toBe('Claire Martin');
    expect(q.abilities).toMatchObject({ update: true, delete: true, send: true, decide: false });
    const next = await draft();
    expect(Number(next.number.slice(-6))).toBe(Number(q.number.slice(-6)) + 1);
  });

  it('lists the last version of each quote with its totals', async () => {
    const q = await draft();
    const list = ok<{ items: { id: string; totals: { oneOffCents: number } }[] }>(
      await s.f.commercial.get(`/api/v1/quotes?clientId=${s.f.direct.clientId}&status=brouillon`),
    );
    expect(list.items[0]).toMatchObject({ id: q.id, totals: { oneOffCents: 67_209 } });
  });

  it('expands a pack into editable lines at the end of the quote', async () => {
    const q = await draft({ lines: [] });
    const withPack = ok(await s.f.commercial.post(`/api/v1/quotes/${q.id}/packs`, { packId: s.f.pack.id }));
    expect(withPack.lines.map((l) => [l.label, l.quantity])).toEqual([
      ['Yealink T54W', 3],
      ['Installation sur site (forfait)', 1],
      ['Licence centrex utilisateur', 3],
    ]);
    const edited = ok(
      await s.f.commercial.patch(`/api/v1/quotes/${q.id}`, {
        lines: withPack.lines.map(
          ({ id: _, netCents: __, reference: ___, kind: ____, unit: _____, ...l }, n) => ({
            ...l,
            quantity: n === 0 ? 4 : l.quantity,
          }),
        ),
      }),
    );
    expect(edited.id).toBe(q.id);
    expect(edited.lines[0]!.quantity).toBe(4);
    expect(edited.totals.oneOff.netCents).toBe(4 * 18_900 + 35_000);
  });
});

describe('quote versions', () => {
  it('makes a v2 when a sent quote changes; only the last version can be accepted', async () => {
    const v1 = await draft();
    const sent = ok(await s.f.commercial.post(`/api/v1/quotes/${v1.id}/send`));
    expect(sent.status).toBe('envoye');
    expect(sent.abilities).toMatchObject({ send: false, decide: true, delete: false });
    const v2 = ok(
      await s.f.commercial.patch(`/api/v1/quotes/${v1.id}`, { conditions: 'Remise exceptionnelle.' }),
    );
    expect(v2).toMatchObject({ number: v1.number, version: 2, latest: true, status: 'brouillon' });
    expect(v2.id).not.toBe(v1.id);
    expect(v2.lines).toHaveLength(4);
    expect(v2.versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'envoye'],
      [2, 'brouillon'],
    ]);
    const old = ok(await s.f.commercial.get(`/api/v1/quotes/${v1.id}`));
    expect(old).toMatchObject({
      latest: false,
      status: 'envoye',
      conditions: 'Acompte de 30 % à la commande.',
    });
    expect(old.abilities).toMatchObject({ update: false, decide: false });

    const refusedOld = await s.f.commercial.post(`/api/v1/quotes/${v1.id}/accept`, {
      signerName: 'Claire Martin',
    });
    expect(refusedOld.statusCode).toBe(409);
    expect(refusedOld.json().error.message).toMatch(/version plus récente/);
    expect((await s.f.commercial.patch(`/api/v1/quotes/${v1.id}`, { conditions: 'x' })).statusCode).toBe(409);

    const list = ok<{ items: { id: string }[] }>(await s.f.commercial.get(`/api/v1/quotes?q=${v1.number}`));
    expect(list.items.map((i) => i.id)).toEqual([v2.id]);

    ok(await s.f.commercial.post(`/api/v1/quotes/${v2.id}/send`));
    const accepted = ok(
      await s.f.commercial.post(`/api/v1/quotes/${v2.id}/accept`, { signerName: 'Claire Martin' }),
    );
    expect(accepted).toMatchObject({ status: 'accepte', signerName: 'Claire Martin' });
    const twice = await s.f.commercial.post(`/api/v1/quotes/${v2.id}/accept`, {
      signerName: 'Claire Martin',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toMatch(/déjà été accepté/);
    expect((await s.f.commercial.patch(`/api/v1/quotes/${v2.id}`, { conditions: 'x' })).statusCode).toBe(409);

    const actions = await s.f.db
      .select({ action: auditLog.action, clientId: auditLog.clientId })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'quote')));
    const mine = actions.filter((a) => a.clientId === s.f.direct.clientId).map((a) => a.action);
    expect(mine).toEqual(expect.arrayContaining(['create', 'quote.send', 'quote.version', 'quote.accept']));
    const timeline = ok<{ items: { text?: string; title?: string }[] }>(
      await s.f.commercial.get(`/api/v1/clients/${s.f.direct.clientId}/timeline`),
    );
    expect(JSON.stringify(timeline.items)).toContain(v1.number);
  });

  it('refuses an acceptance after the validity date, and records a refusal with its reason', async () => {
    const q = await draft();
    ok(await s.f.commercial.post(`/api/v1/quotes/${q.id}/send`));
    // Its validity ended yesterday (moving the clock would expire the sessions too).
    const yesterday = addDays(parisDate(clock.now()), -1);
    await s.f.db.update(quotes).set({ validUntil: yesterday }).where(eq(quotes.id, q.id));
    const expired = ok(await s.f.commercial.get(`/api/v1/quotes/${q.id}`));
    expect(expired.status).toBe('expire');
    const late = await s.f.commercial.post(`/api/v1/quotes/${q.id}/accept`, { signerName: 'Claire Martin' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe(
      `Le devis ${q.number} a expiré le ${yesterday.split('-').reverse().join('/')} : demandez-en un nouveau.`,
    );
    const other = await draft();
    ok(await s.f.commercial.post(`/api/v1/quotes/${other.id}/send`));
    const refused = ok(
      await s.f.commercial.post(`/api/v1/quotes/${other.id}/refuse`, { reason: 'Trop cher.' }),
    );
    expect(refused).toMatchObject({ status: 'refuse', refusalReason: 'Trop cher.' });
  });

  it('deletes a draft v2 and makes v1 the last again; a sent quote is not deleted', async () => {
    const v1 = await draft();
    ok(await s.f.commercial.post(`/api/v1/quotes/${v1.id}/send`));
    expect((await s.f.adv.delete(`/api/v1/quotes/${v1.id}`)).statusCode).toBe(409);
    const v2 = ok(await s.f.commercial.patch(`/api/v1/quotes/${v1.id}`, { conditions: 'Autre' }));
    expect((await s.f.adv.delete(`/api/v1/quotes/${v2.id}`)).statusCode).toBe(204);
    expect(ok(await s.f.commercial.get(`/api/v1/quotes/${v1.id}`)).latest).toBe(true);
  });
});

describe('partners and quotes', () => {
  it('prices a partner’s quote at its own prices, hides purchase costs, and hides it from partner B', async () => {
    const q = ok(
      await s.f.partner.post('/api/v1/quotes', {
        clientId: s.f.ofPartner.clientId,
        billingSiteId: s.f.ofPartner.siteId,
        lines: [{ productId: s.f.phone.id, quantity: 2 }],
      }),
      201,
    );
    expect(q.partnerId).toBe(s.f.partnerA);
    expect(q.lines[0]!.unitPriceCents).toBe(17_010);
    expect(JSON.stringify(q)).not.toMatch(/purchase|11250|margin/i);
    expect((await s.f.partner2.get(`/api/v1/quotes/${q.id}`)).statusCode).toBe(404);
    expect((await s.f.partner2.patch(`/api/v1/quotes/${q.id}`, { conditions: 'x' })).statusCode).toBe(404);
    expect((await s.f.partner2.post(`/api/v1/quotes/${q.id}/send`)).statusCode).toBe(404);
    expect(
      (await s.f.partner2.post(`/api/v1/quotes/${q.id}/packs`, { packId: s.f.pack.id })).statusCode,
    ).toBe(404);
    expect((await s.f.partner2.delete(`/api/v1/quotes/${q.id}`)).statusCode).toBe(404);
    const listB = ok<{ items: { id: string }[] }>(await s.f.partner2.get('/api/v1/quotes?limit=200'));
    expect(listB.items.map((i) => i.id)).not.toContain(q.id);
    const listA = ok<{ items: { id: string; partnerId: string }[] }>(
      await s.f.partner.get('/api/v1/quotes?limit=200'),
    );
    expect(listA.items.map((i) => i.id)).toContain(q.id);
    expect(listA.items.every((i) => i.partnerId === s.f.partnerA)).toBe(true);
    // Staff quoting for partner A's client prices it at partner A's prices too.
    const staff = ok(
      await s.f.commercial.post('/api/v1/quotes', {
        clientId: s.f.ofPartner.clientId,
        lines: [{ productId: s.f.phone.id, quantity: 1 }],
      }),
      201,
    );
    expect(staff.lines[0]!.unitPriceCents).toBe(17_010);
  });

  it('refuses a partner a quote for a client that is not its own', async () => {
    const res = await s.f.partner.post('/api/v1/quotes', { clientId: s.f.direct.clientId, lines: [] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: 'clientId', message: 'Client inconnu.' }]);
  });

  it('lets support read quotes but not create them', async () => {
    const support = await loginAs(s.t.app, 'support@relais.test');
    expect((await support.get('/api/v1/quotes')).statusCode).toBe(200);
    expect(
      (await support.post('/api/v1/quotes', { clientId: s.f.direct.clientId, lines: [] })).statusCode,
    ).toBe(403);
  });
});

describe('quote input', () => {
  const details = async (body: Record<string, unknown>) => {
    const res = await s.f.commercial.post('/api/v1/quotes', { clientId: s.f.direct.clientId, ...body });
    expect(res.statusCode, res.body).toBe(400);
    return res.json().error.details as { path: string; message: string }[];
  };

  it('says in French what is wrong with a line', async () => {
    expect(await details({ lines: [{ label: 'Câble', quantity: 0, unitPriceCents: 500 }] })).toEqual([
      { path: 'lines.0.quantity', message: 'Quantité : 1 au moins.' },
    ]);
    expect(
      (await details({ lines: [{ label: 'Câble', quantity: 1, unitPriceCents: 500, vatRateBp: 1900 }] }))[0],
    ).toMatchObject({ path: 'lines.0.vatRateBp', message: expect.stringMatching(/^Taux de TVA inconnu/) });
    expect(await details({ lines: [{ label: 'Câble', quantity: 1 }] })).toEqual([
      { path: 'lines.0.unitPriceCents', message: 'Prix unitaire obligatoire sans article.' },
    ]);
    expect(
      await details({ lines: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] }),
    ).toEqual([{ path: 'lines.0.productId', message: 'Article introuvable.' }]);
    expect(
      (await details({ lines: [{ label: 'Câble', quantity: 1, unitPriceCents: 1.5 }] }))[0]!.message,
    ).toBe('Prix unitaire : montant en centimes entiers.');
  });

  it('refuses a site or contact of another client and a past validity date', async () => {
    expect(
      await details({
        lines: [],
        billingSiteId: s.f.other.siteId,
        installationSiteId: s.f.other.siteId,
        contactId: s.f.other.contactId,
        validUntil: addDays(parisDate(clock.now()), -1),
      }),
    ).toEqual([
      { path: 'billingSiteId', message: 'Ce site n’appartient pas au client.' },
      { path: 'contactId', message: 'Ce contact n’appartient pas au client.' },
      { path: 'installationSiteId', message: 'Ce site n’appartient pas au client.' },
      { path: 'validUntil', message: 'La date de validité est déjà passée.' },
    ]);
    expect((await details({ lines: [], colour: 'bleu' }))[0]!.path).toBe('colour');
    expect((await details({ lines: [], validUntil: '31/12/2026' }))[0]).toEqual({
      path: 'validUntil',
      message: 'Date attendue (AAAA-MM-JJ).',
    });
  });

  it('refuses to send a quote without lines', async () => {
    const q = await draft({ lines: [] });
    const res = await s.f.commercial.post(`/api/v1/quotes/${q.id}/send`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: 'lines', message: 'Le devis n’a aucune ligne.' }]);
  });
});
