import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidateMatrixCache } from '../../policy/matrix.service.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let adv: Session;
/** Two clients without a partner, and a ticket of each opened by support. */
let [clientA, clientB, ticketOfA, ticketOfB] = ['', '', '', ''];
beforeAll(async () => {
  t = await createTestApp();
  adv = await loginAs(t.app, 'adv@relais.test');
  const support = await loginAs(t.app, 'support@relais.test');
  clientA = (await adv.post('/api/v1/clients', { name: 'Boulangerie Martin' })).json().id;
  clientB = (await adv.post('/api/v1/clients', { name: 'Garage des Alpes' })).json().id;
  const ticket = async (clientId: string) => {
    const res = await support.post('/api/v1/tickets', {
      clientId,
      type: 'incident',
      subject: 'Plus de tonalité',
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  ticketOfA = await ticket(clientA);
  ticketOfB = await ticket(clientB);
});
afterAll(() => t.close());

const unknownId = '00000000-0000-4000-8000-000000000000';
const body = (extra: Record<string, unknown>) => ({
  clientId: clientA,
  kind: 'sav',
  remote: true,
  title: 'Diagnostic à distance',
  ...extra,
});
type Res = {
  statusCode: number;
  json(): { error: { code: string; details: { path: string; message: string }[] } };
};
const refusal = (res: Res) => ({
  status: res.statusCode,
  code: res.json().error.code,
  details: res.json().error.details,
});
const unknownTicket = {
  status: 400,
  code: 'validation_failed',
  details: [{ path: 'ticketId', message: 'Ticket inconnu.' }],
};

describe('what an intervention refers to', () => {
  it('links the intervention to a ticket of the same client', async () => {
    const res = await adv.post('/api/v1/interventions', body({ ticketId: ticketOfA }));
    expect(res.statusCode).toBe(201);
    expect(res.json().ticketId).toBe(ticketOfA);
  });

  it('refuses an unknown ticket, and another client’s ticket, on create and on update', async () => {
    expect(refusal(await adv.post('/api/v1/interventions', body({ ticketId: unknownId })))).toEqual(
      unknownTicket,
    );
    const foreign = await adv.post('/api/v1/interventions', body({ ticketId: ticketOfB }));
    expect(refusal(foreign)).toEqual({
      status: 400,
      code: 'validation_failed',
      details: [{ path: 'ticketId', message: 'Ce ticket concerne un autre client que l’intervention.' }],
    });

    const created = (await adv.post('/api/v1/interventions', body({}))).json();
    const patch = (ticketId: string) =>
      adv.patch(`/api/v1/interventions/${created.id}`, { version: created.version, ticketId });
    expect(refusal(await patch(unknownId))).toEqual(unknownTicket);
    expect(refusal(await patch(ticketOfB)).details[0]?.path).toBe('ticketId');
    const linked = await patch(ticketOfA);
    expect(linked.statusCode).toBe(200);
    expect(linked.json().ticketId).toBe(ticketOfA);
  });

  it('answers a ticket the actor may not read as if it did not exist', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const { matrix } = (await admin.get('/api/v1/permissions/matrix')).json();
    matrix.adv.tickets = { actions: [], scope: 'all' };
    expect((await admin.put('/api/v1/permissions/matrix', { matrix })).statusCode).toBe(200);
    invalidateMatrixCache();
    try {
      expect(refusal(await adv.post('/api/v1/interventions', body({ ticketId: ticketOfA })))).toEqual(
        unknownTicket,
      );
      expect(refusal(await adv.post('/api/v1/interventions', body({ ticketId: ticketOfB })))).toEqual(
        unknownTicket,
      );
    } finally {
      await admin.post('/api/v1/permissions/matrix/reset');
      invalidateMatrixCache();
    }
  });

  it('refuses any order, orders not being available yet', async () => {
    const res = await adv.post('/api/v1/interventions', body({ orderId: unknownId }));
    expect(refusal(res)).toEqual({
      status: 400,
      code: 'validation_failed',
      details: [
        {
          path: 'orderId',
          message:
            'Les commandes ne sont pas encore disponibles : une intervention ne peut pas encore être rattachée à une commande.',
        },
      ],
    });
    const created = (await adv.post('/api/v1/interventions', body({ orderId: null }))).json();
    const patch = await adv.patch(`/api/v1/interventions/${created.id}`, {
      version: created.version,
      orderId: unknownId,
    });
    expect(refusal(patch).details[0]?.path).toBe('orderId');
  });
});
