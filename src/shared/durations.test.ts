import { describe, expect, it } from 'vitest';
import { formatDuration } from './durations.ts';

describe('formatDuration (issue 15 item 30: « 840 min » reads « 14 h »)', () => {
  it('uses minutes under an hour, hours beyond, days beyond a day', () => {
    expect(formatDuration(0)).toBe('0 min');
    expect(formatDuration(45)).toBe('45 min');
    expect(formatDuration(60)).toBe('1 h');
    expect(formatDuration(125)).toBe('2 h 05');
    expect(formatDuration(840)).toBe('14 h');
    expect(formatDuration(1440 + 180 + 20)).toBe('1 j 3 h');
    expect(formatDuration(-5)).toBe('0 min');
  });
});
