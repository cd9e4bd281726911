import { describe, expect, it } from 'vitest';
import { completionRefusal, missingForCompletion } from './intervention-completion.ts';

const done = {
  remote: false,
  checkInAt: '2026-03-02T08:00:00Z',
  report: 'Borne posée.',
  signedAt: new Date(),
};

describe('intervention completion', () => {
  it('needs nothing more once checked in, reported and signed', () => {
    expect(missingForCompletion(done)).toEqual([]);
  });

  it('lists what is missing on site, in the order the technician does it', () => {
    expect(
      missingForCompletion({ remote: false, checkInAt: null, report: '  ', signedAt: undefined }),
    ).toEqual(['l’arrivée sur site', 'le compte rendu', 'la signature du client']);
    expect(missingForCompletion({ ...done, report: null })).toEqual(['le compte rendu']);
    expect(missingForCompletion({ ...done, signedAt: null })).toEqual(['la signature du client']);
  });

  it('asks nothing of a remote intervention', () => {
    expect(missingForCompletion({ remote: true, checkInAt: null, report: null, signedAt: null })).toEqual([]);
  });

  it('says it in one French sentence', () => {
    expect(completionRefusal(['le compte rendu', 'la signature du client'])).toBe(
      'Avant de terminer, il manque : le compte rendu, la signature du client.',
    );
  });
});
