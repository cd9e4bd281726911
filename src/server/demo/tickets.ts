import { asc, eq, inArray, sql } from 'drizzle-orm';
import {
  clients,
  contacts,
  sites,
  teamMembers,
  teams,
  telephonyPlatforms,
  ticketMessages,
  tickets,
  users,
} from '../db/schema/index.ts';
import { clock } from '../infra/clock.ts';
import { type Db, rowsOf } from '../infra/db.ts';
import { slaOnFirstResponse, slaOnStatusChange, slaOnTicketCreated } from '../modules/tickets/sla.clocks.ts';
import type { TicketPriority as Priority, TicketStatus } from '../../shared/tickets.ts';

type Subject = {
  subject: string;
  type: 'incident' | 'demande' | 'projet' | 'sav';
  priority: Priority;
  description: string;
};
/** The demo tickets' subjects, a line each: subject | type | priority | what the client says. */
const subjectTable = `
Standard injoignable depuis ce matin | incident | P1 | Depuis 8 h, les appels entrants tombent sur un message de l’opérateur ; plus aucun appel n’arrive à l’accueil.
Postes Yealink qui redémarrent en boucle | incident | P2 | Trois postes du premier étage redémarrent toutes les cinq minutes depuis hier soir.
Ajout de trois lignes SDA | demande | P3 | Nous accueillons trois collaborateurs le mois prochain : il leur faut chacun un numéro direct.
Message d’accueil à changer pour les congés | demande | P4 | Merci de passer le message de fermeture du 24 décembre au 2 janvier inclus.
Migration vers la téléphonie Teams | projet | P3 | Nous souhaitons passer nos postes fixes sur Teams Phone d’ici la fin du trimestre.
Casque DECT défectueux à remplacer | sav | P3 | Le casque de l’accueil ne tient plus la charge plus d’une heure.
Coupures pendant les appels sortants | incident | P2 | Les appels sortants coupent au bout de trente secondes environ, surtout le matin.
Renvoi d’appel vers mobile ne fonctionne plus | incident | P2 | Le renvoi du standard vers le mobile de permanence sonne dans le vide le soir.
Création d’un groupement d’appels commercial | demande | P4 | Les appels du service commercial doivent sonner sur les quatre postes de l’équipe.
Base DECT hors service au 2e étage | sav | P3 | Les combinés du 2e étage affichent « Recherche de base » depuis lundi.
Wi-Fi invités inaccessible à l’accueil | incident | P3 | Le réseau invités apparaît mais la connexion échoue sur tous les téléphones.
Plus de tonalité sur les postes de l’accueil | incident | P1 | Les deux postes de l’accueil n’ont plus de tonalité ; le reste de l’équipe appelle normalement.
Internet très lent depuis le changement de box | incident | P2 | Depuis l’échange de la box par l’opérateur, le logiciel métier met plusieurs minutes à s’ouvrir.
Lien fibre coupé, secours 4G actif | incident | P1 | La fibre est tombée à 10 h ; le routeur est passé sur la 4G et la téléphonie coupe par moments.
Fax vers e-mail à mettre en place | demande | P4 | Nous voulons recevoir les fax de nos correspondants directement dans la boîte mail du secrétariat.
`;
const subjects: Subject[] = subjectTable
  .trim()
  .split('\n')
  .map((line) => {
    const [subject = '', type = '', priority = '', description = ''] = line.split('|').map((c) => c.trim());
    return { subject, type: type as Subject['type'], priority: priority as Priority, description };
  });
const replies = [
  'Bonjour, nous prenons en charge votre demande et revenons vers vous rapidement.',
  'Pouvez-vous nous indiquer le numéro de série du poste concerné ?',
  'Le problème est corrigé de notre côté, pouvez-vous confirmer ?',
];
const notes = [
  'Vérifié sur la plateforme : trunk SIP en erreur 503 chez l’opérateur.',
  'Client déjà relancé deux fois ce mois-ci, à traiter en priorité.',
  'Pièce à commander chez le fournisseur, délai 48 h.',
];
const statuses: TicketStatus[] = ['ouvert', 'en_cours', 'en_attente_client', 'escalade', 'resolu', 'clos'];

/**
 * About 30 demo tickets across clients of both partners and direct ones: statuses, priorities,
 * a conversation with public replies and internal notes, assigned to support and technicians; a
 * « Support N1 » team led by the support account. Their SLA clocks start like real ones.
 */
export async function seedTickets(
  tx: Db,
  opts: { rnd: { int(min: number, max: number): number } },
): Promise<string> {
  const { rnd } = opts;
  const staff = await tx
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(inArray(users.role, ['support', 'tech_interne', 'tech_terrain', 'admin']))
    .orderBy(asc(users.email));
  const supportUser = staff.find((u) => u.role === 'support');
  const [team] = await tx
    .insert(teams)
    .values({ name: 'Support N1', leadUserId: supportUser?.id ?? null })
    .returning();
  if (staff.length)
    await tx.insert(teamMembers).values(staff.map((u) => ({ teamId: team!.id, userId: u.id })));
  const siteRows = await tx
    .select({
      id: sites.id,
      clientId: sites.clientId,
      department: sites.department,
      partnerId: clients.partnerId,
    })
    .from(sites)
    .innerJoin(clients, eq(clients.id, sites.clientId))
    .orderBy(sites.id);
  if (siteRows.length === 0) return '0 ticket';
  const contactRows = await tx
    .select({ id: contacts.id, clientId: contacts.clientId })
    .from(contacts)
    .orderBy(contacts.id);
  const contactOf = new Map<string, string>();
  for (const c of contactRows) if (!contactOf.has(c.clientId)) contactOf.set(c.clientId, c.id);
  const platformRows = await tx
    .select({ id: telephonyPlatforms.id, clientId: telephonyPlatforms.clientId })
    .from(telephonyPlatforms)
    .orderBy(telephonyPlatforms.id);
  const platformOf = new Map(platformRows.map((p) => [p.clientId, p.id]));
  // Both partners' clients and direct ones: take sites spread over the list.
  const picks = Array.from({ length: 30 }, (_, i) => siteRows[(i * 7 + rnd.int(0, 3)) % siteRows.length]!);
  const now = clock.now();
  const year = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric' }).format(now);
  let n = 0;
  for (const [i, site] of picks.entries()) {
    const { subject, type, priority, description } = subjects[i % subjects.length]!;
    const status = statuses[i % statuses.length]!;
    const createdAt = new Date(now.getTime() - (i * 5 + 1) * 3600_000);
    const seq = Number(
      rowsOf<{ n: number }>(await tx.execute(sql`SELECT nextval('ticket_number_seq')::int AS n`))[0]!.n,
    );
    const assignee = i % 4 === 0 ? null : staff[i % staff.length];
    const [row] = await tx
      .insert(tickets)
      .values({
        number: `T-${year}-${String(seq).padStart(6, '0')}`,
        clientId: site.clientId,
        siteId: site.id,
        contactId: contactOf.get(site.clientId) ?? null,
        platformId: platformOf.get(site.clientId) ?? null,
        type,
        priority,
        status: 'ouvert',
        channel: site.partnerId ? 'portail' : i % 2 ? 'email' : 'telephone',
        subject,
        description,
        assigneeId: assignee?.id ?? null,
        teamId: i % 3 === 0 ? null : team!.id,
        escalationLevel: status === 'escalade' ? 1 : 0,
        createdAt,
        updatedAt: createdAt,
      })
      .returning();
    await slaOnTicketCreated(tx, row!, site.department);
    let current: typeof row = row!;
    if (status !== 'ouvert' && assignee) {
      /** The assignee's message, `minutes` after the ticket was opened. */
      const message = (visibility: 'public' | 'internal', body: string, minutes: number) =>
        tx.insert(ticketMessages).values({
          ticketId: row!.id,
          visibility,
          authorId: assignee.id,
          channel: 'web',
          body,
          createdAt: new Date(createdAt.getTime() + minutes * 60_000),
        });
      await message('public', replies[i % replies.length]!, 20);
      [current] = await tx
        .update(tickets)
        .set({ firstResponseAt: new Date(createdAt.getTime() + 20 * 60_000) })
        .where(eq(tickets.id, row!.id))
        .returning();
      await slaOnFirstResponse(tx, current!);
      await message('internal', notes[i % notes.length]!, 30);
    }
    const path: TicketStatus[] =
      status === 'clos'
        ? ['en_cours', 'resolu', 'clos']
        : status === 'resolu'
          ? ['en_cours', 'resolu']
          : status === 'ouvert'
            ? []
            : [status];
    let from: TicketStatus = 'ouvert';
    for (const to of path) {
      [current] = await tx
        .update(tickets)
        .set({
          status: to,
          resolvedAt: to === 'resolu' || to === 'clos' ? now : null,
          closedAt: to === 'clos' ? now : null,
        })
        .where(eq(tickets.id, row!.id))
        .returning();
      await slaOnStatusChange(tx, current!, from, to);
      from = to;
    }
    n++;
  }
  return `${n} tickets`;
}
