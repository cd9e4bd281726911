import { describe, expect, it } from 'vitest';
import { parisDayStart } from '../../shared/paris-time.ts';

describe('parisDayStart', () => {
  it('starts a winter day at 23:00 UTC the day before and a summer day at 22:00', () => {
    expect(parisDayStart('2026-01-15').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(parisDayStart('2026-07-14').toISOString()).toBe('2026-07-13T22:00:00.000Z');
  });
});
