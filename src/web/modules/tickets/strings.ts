/**
 * The French texts of the tickets pages, in one place so that another language can follow: a
 * translation is another object of the same type. Labels of shared vocabularies (statuses, types,
 * priorities) stay in `src/shared/tickets.ts`. Not yet moved here: tickets-page, ticket-page and
 * ticket-form-page.
 */
export const ticketsText = {
  sla: {
    firstResponse: 'Première réponse',
    resolution: 'Résolution',
    met: 'Respecté',
    paused: 'En pause',
    pausedWith: (remaining: string) => `En pause — ${remaining}`,
    breached: 'Dépassé',
    tipMet: (label: string) => `${label} : objectif respecté`,
    tipPaused: (label: string) => `${label} : en pause (en attente du client)`,
    tipBreached: (label: string) => `${label} : objectif dépassé`,
    tipBreachedBy: (label: string, by: string) => `${label} : objectif ${by} (temps ouvré)`,
    tipNoDue: (label: string) => `${label} : sans échéance`,
    tipDue: (label: string, due: string) => `${label} : échéance ${due}`,
  },
  list: {
    /** The filter of the tickets without client yet (an e-mail from an unknown sender). */
    unqualifiedFilter: 'À qualifier',
  },
  clientTab: {
    newTicket: 'Nouveau ticket',
    empty: 'Aucun ticket pour ce client.',
  },
  autoAssign: {
    toggled: (on: boolean, type: string) =>
      `Attribution automatique ${on ? 'activée' : 'désactivée'} pour « ${type} ».`,
    intro:
      'Quand elle est activée pour un type, un nouveau ticket de ce type sans personne attribuée est confié au technicien le mieux classé par la proposition (compétences pour la plateforme, zone, disponibilité et absences, charge, échéance SLA, distance, note). Les raisons sont notées dans le ticket (note interne) et le technicien est prévenu comme pour une attribution manuelle.',
    onSite:
      'Sur site : techniciens terrain couvrant le département du site en priorité ; le trajet pèse lourd (distance : 30 points sur 100, disponibilité comptée jusqu’à l’arrivée sur place).',
    remote: 'À distance : techniciens internes en priorité.',
  },
  assignment: {
    title: 'Techniciens proposés',
    close: 'Fermer la proposition',
    kindTerrain: 'Terrain',
    kindInterne: 'Interne',
    assigned: 'Attribué',
    excluded: 'Exclu',
    excludedCount: (n: number) => `Exclus (${n})`,
    score: (score: number) => `Score ${score} sur 100`,
    distance: (km: number, fromPosition: boolean) =>
      `${km} km ${fromPosition ? '(position en direct)' : 'du domicile'}`,
    openTickets: (n: number) => `${n} ticket${n > 1 ? 's' : ''} ouvert${n > 1 ? 's' : ''}`,
    showDetail: 'Détail du score',
    hideDetail: 'Masquer le détail du score',
    assign: 'Attribuer',
    assignTo: (name: string) => `Attribuer à ${name}`,
    assignedTo: (ticket: string, name: string) => `Ticket ${ticket} attribué à ${name}.`,
    requiredSkills: (names: string[]) => `Compétence requise : ${names.join(' ou ')}`,
    noRequiredSkill: 'Aucune compétence requise',
    onSite: 'déplacement sur site probable',
    remote: 'traitement à distance possible',
    slaDue: (due: string) => `échéance SLA ${due}`,
    nobody: 'Aucun technicien ne peut prendre ce ticket pour l’instant (voir les exclus).',
  },
  escalate: {
    title: (ticket: string) => `Escalader le ticket ${ticket}`,
    intro:
      'Le ticket passe au niveau d’escalade suivant ; le responsable de l’équipe et la personne attribuée sont prévenus avec votre motif.',
    reason: 'Motif de l’escalade',
    reasonMissing: 'Indiquez le motif (3 caractères au moins).',
    confirm: 'Escalader',
  },
  teams: {
    title: 'Équipes de support',
    saved: 'Équipe enregistrée.',
    confirmDelete: (name: string) => `Supprimer l’équipe « ${name} » ?`,
    confirmDeleteText:
      'Ses tickets gardent leur personne attribuée et n’ont plus d’équipe. Cette action est définitive.',
    deleted: (name: string) => `Équipe « ${name} » supprimée.`,
    editing: (name: string) => `Modifier « ${name} »`,
    create: 'Nouvelle équipe',
    name: 'Nom',
    lead: 'Responsable',
    members: 'Membres',
    team: 'Équipe',
    save: 'Enregistrer',
    cancel: 'Annuler',
    edit: 'Modifier',
    delete: 'Supprimer',
  },
};
