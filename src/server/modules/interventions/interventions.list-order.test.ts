import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let adv: Session;
beforeAll(async () => {
  t = await createTestApp();
  adv = await loginAs(t.app, 'adv@relais.test');
});
afterAll(() => t.close());

type Row = { id: string; plannedStart: string | null };

describe('GET /interventions order (issue 15 item 30)', () => {
  it('lists the unplanned ones first, then the planned ones, never interleaved, across pages', async () => {
    const all = (await adv.get('/api/v1/interventions?limit=200')).json().items as Row[];
    const planned = all.map((r) => r.plannedStart !== null);
    expect(planned).toContain(true);
    expect(planned).toContain(false);
    expect(planned.indexOf(true)).toBe(planned.lastIndexOf(false) + 1);
    const starts = all.filter((r) => r.plannedStart).map((r) => r.plannedStart!);
    expect(starts).toEqual([...starts].sort().reverse());

    const paged: Row[] = [];
    let cursor: string | null = null;
    do {
      const res = await adv.get(`/api/v1/interventions?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      paged.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor && paged.length < all.length + 7);
    expect(paged.map((r) => r.id)).toEqual(all.map((r) => r.id));
  });
});
