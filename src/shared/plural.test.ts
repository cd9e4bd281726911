import { describe, expect, it } from 'vitest';
import { plural } from './plural.ts';

describe('plural (issue 15 item 30)', () => {
  it('agrees the noun with its count, the French way', () => {
    expect(plural(0, 'résultat')).toBe('0 résultat');
    expect(plural(1, 'ticket ouvert')).toBe('1 ticket ouvert');
    expect(plural(21, 'résultat')).toBe('21 résultats');
    expect(plural(2, 'ticket ouvert')).toBe('2 tickets ouverts');
    expect(plural(3, 'travail', 'travaux')).toBe('3 travaux');
    expect(plural(1500, 'client')).toMatch(/^1\s500 clients$/);
  });
});
