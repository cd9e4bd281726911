import type { FastifyInstance } from 'fastify';
import { type ErrorDetail, validationFailed } from './errors.ts';

/** A NUL, a high surrogate without its low half, or a low surrogate without its high half. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the NUL character is the point.
const badCharacter = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function problemOf(text: string): string | null {
  const found = badCharacter.exec(text);
  if (!found) return null;
  return found[0] === '\u0000'
    ? 'Le texte contient un caractère nul (U+0000), non accepté.'
    : 'Le texte contient un caractère invalide (moitié isolée d’une paire UTF-16).';
}

/**
 * The first string of `value` (keys included) that the database cannot store, with its path
 * (`items.0.name`). Walks without recursion, so that a deeply nested body cannot overflow the stack.
 */
export function badTextIn(value: unknown): ErrorDetail | null {
  const stack: [unknown, string[]][] = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const message = problemOf(v);
      if (message) return { path: path.join('.'), message };
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, child] of Object.entries(v)) {
        const keyProblem = problemOf(k);
        if (keyProblem)
          return { path: [...path, k.replace(badCharacter, '?')].join('.'), message: keyProblem };
        stack.push([child, [...path, k]]);
      }
    }
  }
  return null;
}

/**
 * Two rules for every route, before validation. Every text: a NUL or a lone surrogate in the body,
 * the query string or a path parameter is a 400 with the field's path. A hook rather than the zod
 * schemas, so that no route escapes it (free-form records, routes without a body schema, the
 * `data` field of multipart forms, which the uploads hook parses just before this one). Every
 * PATCH: an empty object changes nothing, a 400 rather than an update without fields.
 */
export function installInputChecks(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    for (const part of [req.params, req.query, req.body]) {
      const bad = badTextIn(part);
      if (bad) throw validationFailed([bad]);
    }
    const body = req.body;
    if (req.method === 'PATCH' && body && typeof body === 'object' && !Object.keys(body).length) {
      throw validationFailed([], 'Aucun champ à modifier : envoyez au moins un champ.');
    }
  });
}
