import { describe, expect, it } from 'vitest';
import { formatPhone } from './phone.ts';
import { formatRange } from './schemas/client-records.ts';

describe('formatPhone (issue 15 item 6)', () => {
  it('writes a French number the French way, whatever was typed or stored', () => {
    for (const typed of [
      '0478123457',
      '+33478123457',
      '04.78.12.34.57',
      '0033 4 78 12 34 57',
      '+33 4 78 12 34 57',
    ]) {
      expect(formatPhone(typed), typed).toBe('04 78 12 34 57');
    }
    expect(formatPhone('+33612345678')).toBe('06 12 34 56 78');
    expect(formatPhone('+262262123456')).toBe('0262 12 34 56');
  });
  it('keeps a foreign number international, and what is no number as typed', () => {
    expect(formatPhone('+442079460958')).toBe('+44 20 7946 0958');
    expect(formatPhone('poste 12')).toBe('poste 12');
    expect(formatPhone(null)).toBeNull();
  });
  it('formats an SDA range the same way', () => {
    expect(formatRange('+33472000000', '+33472000099')).toBe('04 72 00 00 00 → 00 99 (100 numéros)');
  });
});
