import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';
import { buildClient, buildPartner, buildPartnerUser } from '../../test/factories.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t.app, 'admin@relais.test');
});
afterAll(() => t.close());

type Row = { id: string; clientCount: number; abilities: { delete: boolean } };
const listed = async (id: string) =>
  ((await admin.get('/api/v1/partners')).json().items as Row[]).find((p) => p.id === id)!;

describe('partners admin list (issue 15 item 26)', () => {
  it('counts each partner’s clients, in the list and on the record', async () => {
    const p = await buildPartner(admin);
    await buildClient(admin, { partnerId: p.id });
    await buildClient(admin, { partnerId: p.id });
    expect((await listed(p.id)).clientCount).toBe(2);
    expect((await admin.get(`/api/v1/partners/${p.id}`)).json().clientCount).toBe(2);
    const demo = (await admin.get('/api/v1/partners')).json().items as Row[];
    expect(demo.filter((x) => x.clientCount > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('offers delete only when it can succeed: no client and no user', async () => {
    const empty = await buildPartner(admin);
    expect((await listed(empty.id)).abilities.delete).toBe(true);

    const withClient = await buildPartner(admin);
    await buildClient(admin, { partnerId: withClient.id });
    expect((await listed(withClient.id)).abilities.delete).toBe(false);
    expect((await admin.delete(`/api/v1/partners/${withClient.id}`)).statusCode).toBe(409);

    const { partner: withUser } = await buildPartnerUser(admin);
    expect((await listed(withUser.id)).abilities.delete).toBe(false);
    const refused = await admin.delete(`/api/v1/partners/${withUser.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe(
      'Ce partenaire a encore 1 utilisateur : désactivez-le ou rattachez-le à un autre partenaire avant de supprimer le partenaire.',
    );

    expect((await admin.delete(`/api/v1/partners/${empty.id}`)).statusCode).toBe(204);
  });
});
