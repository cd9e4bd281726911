import { hash, verify } from '@node-rs/argon2';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validationFailed } from '../../infra/errors.ts';
import { WorkerPool } from '../../infra/worker-pool.ts';
import { demoPassword } from '../../demo/credentials.ts';
import type { StrengthInput, StrengthOutput } from './password-strength.worker.ts';

/**
 * argon2id, m = 19 MiB, t = 2, p = 1 (OWASP). `2` is Algorithm.Argon2id (a const enum). `hash` and
 * `verify` of @node-rs/argon2 run on libuv's thread pool, off the event loop.
 */
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

const strengthPool = new WorkerPool<StrengthInput, StrengthOutput>(
  new URL(`./password-strength.worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/**
 * zxcvbn's cost grows steeply with the length (0.3 s for 64 characters, 3 s for 200, up to 19 s for
 * 1,024): only this many first characters are estimated. What follows can only add strength.
 */
export const strengthPrefixLength = 64;

/** The product's name: guessable, whatever the company. */
const productName = 'relais';
/** Characters of its own a password must keep once the guessable words, years and separators are gone. */
const ownCharactersMin = 8;

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The guessable words of these inputs (name, email, company…), lower case and without accents. */
function guessableWords(inputs: string[]): string[] {
  const words = inputs.flatMap((s) => fold(s).split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length > 2);
  return [...new Set(words)].sort((a, b) => b.length - a.length);
}

/** Whether the password is little more than guessable words, years, digits and separators. */
function builtFromGuessable(password: string, words: string[]): boolean {
  let rest = fold(password);
  for (const w of words) rest = rest.replaceAll(w, '');
  rest = rest.replace(/(19|20)\d\d/g, '').replace(/[^\p{L}\p{N}]+/gu, '');
  return rest.length < ownCharactersMin;
}

/**
 * Refuses a password that is too short, too long, the demo password, built from guessable words
 * (the product's name, `guessable`: the company's, the user's name and email) or easy to guess by
 * zxcvbn's estimate (in a worker thread, on the first `strengthPrefixLength` characters), with a
 * French explanation.
 */
export async function assertPasswordStrongOrThrow(password: string, guessable: string[], path = 'password') {
  const fail = (message: string) => {
    throw validationFailed([{ path, message }], message);
  };
  if (password.length < passwordMinLength) {
    fail(`Le mot de passe doit contenir au moins ${passwordMinLength} caractères.`);
  }
  if (password.length > passwordMaxLength) {
    fail(`Le mot de passe ne peut pas dépasser ${passwordMaxLength} caractères.`);
  }
  if (fold(password).includes(demoPassword)) {
    fail('Ce mot de passe est celui de la démonstration, connu de tous : choisissez-en un autre.');
  }
  const words = guessableWords([productName, demoPassword, ...guessable]);
  if (builtFromGuessable(password, words)) {
    fail(
      'Mot de passe trop facile à deviner : il ne doit pas reposer sur le nom de Relais, de l’entreprise, ni sur vos nom et adresse e-mail.',
    );
  }
  const result = await strengthPool.run({
    password: password.slice(0, strengthPrefixLength),
    userInputs: [...words, ...guessable.map(fold)],
  });
  if (result.score < 3) {
    const hints = [result.warning, ...result.suggestions].filter(Boolean).join(' ');
    fail(`Mot de passe trop facile à deviner.${hints ? ` ${hints}` : ''}`);
  }
}
