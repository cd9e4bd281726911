import { describe, expect, it } from 'vitest';
import { departmentOf } from './geo.ts';

describe('departmentOf', () => {
  it('reads the département of French postal codes, Corsica and overseas included', () => {
    expect(departmentOf('69003')).toBe('69');
    expect(departmentOf('01000')).toBe('01');
    expect(departmentOf('20000')).toBe('2A');
    expect(departmentOf('20200')).toBe('2B');
    expect(departmentOf('97400')).toBe('974');
    expect(departmentOf(' 75001 ')).toBe('75');
    expect(departmentOf('7500')).toBeNull();
    expect(departmentOf('B-1000')).toBeNull();
    expect(departmentOf(null)).toBeNull();
  });
});
