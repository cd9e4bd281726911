import { and, eq, gte, lte } from 'drizzle-orm';
import { skills, technicianSkills, technicians, users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { notifyUsers } from '../notifications/inbox.service.ts';
import { addDays, parisDate } from '../../../shared/paris-time.ts';
import { userIdsWithRoles } from './technicians.repo.ts';
import { audienceRoles } from '../../policy/audiences.ts';

/** Days before the end of validity when a certification raises its alert. */
export const certificationAlertDays = 30;

const dayFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/**
 * The daily `certifications-expiry` job: for each certification of an active technician that
 * expires within 30 days (today included), notifies the technician, the admins and ADV — once per
 * (technician, skill, valid-until date): the notification key carries the three, so the next days'
 * runs store nothing new, and a renewed certification (new date) alerts again when its time comes.
 * Returns how many certifications are in the window.
 */
export async function alertExpiringCertifications(
  db: Db,
  jobs: Jobs | null,
  publicUrl?: string,
): Promise<number> {
  const today = parisDate(clock.now());
  const until = addDays(today, certificationAlertDays);
  const due = await db
    .select({
      technicianId: technicians.id,
      userId: technicians.userId,
      name: users.name,
      skillId: skills.id,
      skill: skills.name,
      validUntil: technicianSkills.validUntil,
      reference: technicianSkills.reference,
    })
    .from(technicianSkills)
    .innerJoin(skills, eq(skills.id, technicianSkills.skillId))
    .innerJoin(technicians, eq(technicians.id, technicianSkills.technicianId))
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(
      and(
        eq(skills.certification, true),
        eq(technicians.active, true),
        gte(technicianSkills.validUntil, today),
        lte(technicianSkills.validUntil, until),
      ),
    );
  if (due.length === 0) return 0;
  const office = await userIdsWithRoles(db, audienceRoles('certificationExpiring'));
  for (const c of due) {
    const validUntil = c.validUntil!;
    const days = Math.round(
      (Date.parse(`${validUntil}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
    );
    const when = days === 0 ? 'aujourd’hui' : `dans ${days} jour${days > 1 ? 's' : ''}`;
    await db.transaction(async (tx) => {
      await notifyUsers(tx, jobs, {
        type: 'certification.expiring',
        userIds: [c.userId, ...office],
        title: `Certification à renouveler : ${c.skill} (${c.name})`,
        body: `La certification « ${c.skill} »${c.reference ? ` (${c.reference})` : ''} de ${c.name} expire ${when}, le ${dayFormat.format(new Date(`${validUntil}T00:00:00Z`))}.`,
        link: `/techniciens/${c.technicianId}`,
        entityType: 'technician',
        entityId: c.technicianId,
        idempotencyKey: `certification-expiring:${c.technicianId}:${c.skillId}:${validUntil}`,
        ...(publicUrl ? { publicUrl } : {}),
      });
    });
  }
  return due.length;
}
