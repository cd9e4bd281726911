import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import {
  clients,
  contacts,
  interventions,
  interventionTechnicians,
  partners,
  sites,
  storedFiles,
  technicians,
  users,
} from '../db/schema/index.ts';
import type { Db } from '../infra/db.ts';

/**
 * Test data for the technician's phone, written straight to the tables: a technician profile for a
 * demo user, a client site and contact, an intervention assigned to him.
 */
export async function technicianFor(db: Db, email: string): Promise<{ id: string; userId: string }> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!user) throw new Error(`no user ${email}`);
  await db.insert(technicians).values({ userId: user.id }).onConflictDoNothing();
  const [tech] = await db
    .select({ id: technicians.id })
    .from(technicians)
    .where(eq(technicians.userId, user.id));
  return { id: tech!.id, userId: user.id };
}

/** A demo client of partner A / B (by demo partner order) or of no partner. */
export async function demoClient(db: Db, partner: 'A' | 'B' | null) {
  let partnerId: string | null = null;
  if (partner) {
    const list = await db
      .select({ id: partners.id })
      .from(partners)
      .orderBy(partners.createdAt, partners.name);
    partnerId = list[partner === 'A' ? 0 : 1]!.id;
  }
  const [client] = await db
    .select()
    .from(clients)
    .where(partnerId ? eq(clients.partnerId, partnerId) : isNull(clients.partnerId))
    .orderBy(clients.name)
    .limit(1);
  return client!;
}

export type FieldFixture = {
  id: string;
  number: string;
  clientId: string;
  partnerId: string | null;
  contactEmail: string;
};

export async function createFieldIntervention(
  db: Db,
  opts: {
    technicianEmails: string[];
    partner?: 'A' | 'B' | null;
    remote?: boolean;
    status?: string;
    plannedStart?: Date;
    contactEmail?: string;
  },
): Promise<FieldFixture> {
  const client = await demoClient(db, opts.partner ?? null);
  const tag = randomUUID().slice(0, 8);
  const [site] = await db
    .insert(sites)
    .values({
      clientId: client.id,
      name: `Agence ${tag}`,
      addressLine: '12 rue de la République',
      postalCode: '69002',
      city: 'Lyon',
      department: '69',
      latitude: 45.7597,
      longitude: 4.8422,
      geocodeStatus: 'ok',
      accessInstructions: 'Badge à l’accueil, local technique au sous-sol.',
      phone: '04 72 00 00 00',
    })
    .returning();
  const contactEmail = opts.contactEmail ?? `contact.${tag}@client.test`;
  const [contact] = await db
    .insert(contacts)
    .values({
      clientId: client.id,
      firstName: 'Élodie',
      lastName: `Réception ${tag}`,
      email: contactEmail,
      phone: '04 72 11 22 33',
      mobile: '06 12 34 56 78',
    })
    .returning();
  const [row] = await db
    .insert(interventions)
    .values({
      number: `I-2026-T${tag}`,
      kind: 'installation',
      remote: opts.remote ?? false,
      clientId: client.id,
      siteId: site!.id,
      contactId: contact!.id,
      title: 'Installation d’un IPBX et de 8 postes',
      description: 'Raccordement au SDA, tests d’appels entrants et sortants.',
      status: opts.status ?? 'planifiee',
      plannedStart: opts.plannedStart ?? new Date(),
      plannedMinutes: 120,
      checklist: [
        { label: 'Alimentation vérifiée', done: false },
        { label: 'Appels entrants testés', done: false },
      ],
    })
    .returning();
  let lead = true;
  for (const email of opts.technicianEmails) {
    const tech = await technicianFor(db, email);
    await db.insert(interventionTechnicians).values({ interventionId: row!.id, technicianId: tech.id, lead });
    lead = false;
  }
  return { id: row!.id, number: row!.number, clientId: client.id, partnerId: client.partnerId, contactEmail };
}

/** A small valid PNG (1×1) and JPEG header-only bytes for uploads. */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
export const tinyJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 1)]);

/** Stored files of an intervention (optionally of one purpose). */
export async function filesOf(db: Db, id: string, purpose?: string) {
  return db
    .select({ id: storedFiles.id, purpose: storedFiles.purpose, size: storedFiles.size })
    .from(storedFiles)
    .where(
      and(
        eq(storedFiles.ownerType, 'intervention'),
        eq(storedFiles.ownerId, id),
        purpose ? eq(storedFiles.purpose, purpose) : undefined,
      ),
    );
}
