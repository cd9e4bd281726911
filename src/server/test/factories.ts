import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Role } from '../../shared/permissions.ts';
import type { clientBody } from '../../shared/schemas/clients.ts';
import { withLuhnKey } from '../../shared/schemas/common.ts';
import { users } from '../db/schema/index.ts';
import type { Db } from '../infra/db.ts';
import { loginAs, type Session } from './harness.ts';

/**
 * Small factories for tests: records made through the public API by a signed-in admin, exactly as a
 * user would, each with a unique name, so that a test states what it needs instead of searching the
 * demo data for a row that happens to fit.
 */

const unique = () => randomBytes(3).toString('hex');
const password = 'cheval-agrafe-lune-pivoine-47';

function bodyOf<T>(res: { statusCode: number; body: string; json(): unknown }, expected: number): T {
  if (res.statusCode !== expected) throw new Error(`factory: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

/** A valid head-office SIRET (its first 9 digits a valid SIREN), distinct for each `prefix` and `n`. */
export function makeSiret(prefix: number, n: number): string {
  const siren = withLuhnKey(String(prefix + n).padStart(8, '0'));
  return withLuhnKey(`${siren}0001`);
}

export type Built = { id: string; name: string };

/** A partner (reseller) with no client yet. */
export async function buildPartner(admin: Session, overrides: { name?: string } = {}): Promise<Built> {
  const res = await admin.post('/api/v1/partners', { name: overrides.name ?? `Partenaire ${unique()}` });
  return bodyOf<Built>(res, 201);
}

/** A user of `role` (of `partnerId` for a partner account), signed in. */
export async function buildUser(
  admin: Session,
  role: Role,
  opts: { partnerId?: string; name?: string } = {},
): Promise<{ id: string; email: string; session: Session }> {
  const email = `${role}.${unique()}@usine.test`;
  const res = await admin.post('/api/v1/users', {
    email,
    name: opts.name ?? `Utilisateur ${role} ${unique()}`,
    role,
    partnerId: opts.partnerId ?? null,
    password,
  });
  const { id } = bodyOf<{ id: string }>(res, 201);
  return { id, email, session: await loginAs(admin.app, email, password) };
}

/** A new partner and one of its users, signed in. */
export async function buildPartnerUser(admin: Session) {
  const partner = await buildPartner(admin);
  const user = await buildUser(admin, 'partenaire', { partnerId: partner.id });
  return { partner, ...user };
}

/** A client created by `session` (a partner's session creates it for its own partner). */
export async function buildClient(
  session: Session,
  overrides: Partial<z.input<typeof clientBody>> = {},
): Promise<Built & { partnerId: string | null }> {
  const res = await session.post('/api/v1/clients', { name: `Client usine ${unique()}`, ...overrides });
  return bodyOf<Built & { partnerId: string | null }>(res, 201);
}

/** The partner of a partner's user account (the demo's `partenaire@relais.test`, say). */
export async function partnerIdOf(db: Db, email: string): Promise<string> {
  const [u] = await db.select({ partnerId: users.partnerId }).from(users).where(eq(users.email, email));
  if (!u?.partnerId) throw new Error(`factory: ${email} is not a partner's user`);
  return u.partnerId;
}
