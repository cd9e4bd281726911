import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as fr from '@zxcvbn-ts/language-fr';
import { validationFailed } from '../../infra/errors.ts';

/** argon2id, m = 19 MiB, t = 2, p = 1 (OWASP). `2` is Algorithm.Argon2id (a const enum). */
const productionArgonOptions = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
let argonOptions: { algorithm: 2; memoryCost: number; timeCost: number; parallelism: number } =
  productionArgonOptions;

/**
 * Test runs only: argon2id at m = 1 MiB, t = 1, so that the hundreds of logins of the integration
 * tests do not each spend ~40 ms of CPU. A no-op unless NODE_ENV is `test` (set by vitest), so the
 * server, the benchmarks and production always hash at the OWASP cost. Verifying reads the cost from
 * the hash itself: a test database's hashes must be made after this call (the harness calls it
 * before building its template databases).
 */
export function useTestPasswordHashCost(): void {
  if (process.env.NODE_ENV !== 'test') return;
  argonOptions = { ...productionArgonOptions, memoryCost: 1024, timeCost: 1 };
}

export const passwordMinLength = 12;
/** Long passphrases are hashed whole; the cap only keeps a request from costing minutes. */
export const passwordMaxLength = 1024;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('relais-dummy-password-for-timing');
  return dummyHash;
}

let zxcvbn: ZxcvbnFactory | undefined;
function strength(): ZxcvbnFactory {
  zxcvbn ??= new ZxcvbnFactory({
    translations: fr.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...fr.dictionary },
    useLevenshteinDistance: true,
  });
  return zxcvbn;
}

/**
 * Refuses a password that is too short, too long, common or easy to guess, with a French
 * explanation. `userInputs` (name, email) count as guessable words.
 */
export function assertPasswordStrongOrThrow(password: string, userInputs: string[] = [], path = 'password') {
  const fail = (message: string) => {
    throw validationFailed([{ path, message }], message);
  };
  if (password.length < passwordMinLength) {
    fail(`Le mot de passe doit contenir au moins ${passwordMinLength} caractères.`);
  }
  if (password.length > passwordMaxLength) {
    fail(`Le mot de passe ne peut pas dépasser ${passwordMaxLength} caractères.`);
  }
  const words = userInputs
    .flatMap((s) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter((w) => w.length > 2);
  const result = strength().check(password, [...words, 'relais']);
  if (result.score < 3) {
    const hints = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
    fail(`Mot de passe trop facile à deviner.${hints ? ` ${hints}` : ''}`);
  }
}
