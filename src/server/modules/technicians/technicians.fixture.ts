// The shared setup of the technician tests (technicians.profiles.test.ts, technicians.activity.test.ts).
import { afterAll, beforeAll } from 'vitest';
import { clock } from '../../infra/clock.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';

// Tuesday 1 December 2026, 10:00 in Paris: inside the demo working hours (Mon–Fri 08:00–12:00).
export const base = '2026-12-01T09:00:00Z';

export let t: TestApp;
export let adv: Session;
export let commercial: Session;
export let thomas: Session;
export let ines: Session;
export let partner: Session;
export let support: Session;
export const ids: Record<string, string> = {};

export async function techByName(s: Session, name: string) {
  const res = await s.get(`/api/v1/technicians?q=${encodeURIComponent(name)}`);
  return res.json().items.find((x: { name: string }) => x.name === name);
}

/**
 * The app at a fixed Tuesday morning (clock frozen), the sessions of the roles the technician tests
 * act as, and the ids of five demo technicians by name.
 */
export function useTechniciansFixture(): void {
  beforeAll(async () => {
    clock.set(base);
    t = await createTestApp();
    adv = await loginAs(t.app, 'adv@relais.test');
    commercial = await loginAs(t.app, 'commercial@relais.test');
    thomas = await loginAs(t.app, 'tech.terrain@relais.test');
    ines = await loginAs(t.app, 'tech.interne@relais.test');
    partner = await loginAs(t.app, 'partenaire@relais.test');
    support = await loginAs(t.app, 'support@relais.test');
    for (const n of [
      'Thomas Terrain',
      'Inès Technicienne',
      'Julien Moreau',
      'Sophie Lambert',
      'Karim Benali',
    ]) {
      ids[n] = (await techByName(adv, n)).id;
    }
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });
}
