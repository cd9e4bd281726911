import { describe, expect, it } from 'vitest';
import { auditSentence } from './timeline.ts';
// Each module words its own entries when its timeline file is loaded (as buildApp does).
import '../interventions/interventions.timeline.ts';
import '../tickets/tickets.timeline.ts';

const entry = (
  entityType: string,
  action: string,
  before: unknown,
  after: unknown,
  actorLabel = 'Sophie Support',
) => auditSentence({ entityType, action, before, after, actorLabel });

describe('audit sentences of the client history', () => {
  it('words ticket changes in French, naming what changed', () => {
    expect(
      entry('ticket', 'create', null, {
        number: 'T-2026-000012',
        subject: 'Plus de tonalité',
        type: 'incident',
        priority: 'P2',
      }),
    ).toBe('Sophie Support a ouvert le ticket T-2026-000012 « Plus de tonalité » (Incident, P2)');
    expect(
      entry(
        'ticket',
        'status',
        { status: 'ouvert' },
        { status: 'en_cours', number: 'T-2026-000012', comment: null },
      ),
    ).toBe('Sophie Support a passé le ticket T-2026-000012 de « Ouvert » à « En cours »');
    expect(
      entry(
        'ticket',
        'update',
        { number: 'T-1', priority: 'P3', assigneeId: null },
        { number: 'T-1', priority: 'P2', assigneeId: 'u1' },
      ),
    ).toBe('Sophie Support a modifié le ticket T-1 (priorité : P3 → P2 ; attribution)');
    expect(
      entry(
        'ticket',
        'update',
        { number: 'T-1', assigneeId: null },
        { number: 'T-1', assigneeId: 'u1', assigneeName: 'Thomas Terrain' },
      ),
    ).toBe('Sophie Support a attribué le ticket T-1 à Thomas Terrain');
    expect(
      entry(
        'ticket',
        'ticket.escalated',
        { escalationLevel: 0 },
        { escalationLevel: 1, status: 'escalade', reason: 'sla.breach', number: 'T-1' },
        null as unknown as string,
      ),
    ).toBe('Le système a escaladé le ticket T-1 au niveau 2 — Technique (SLA de résolution dépassé)');
    expect(
      entry('ticket_message', 'create', null, {
        number: 'T-1',
        visibility: 'public',
        channel: 'email',
        attachments: ['a.pdf', 'b.png'],
      }),
    ).toBe('Sophie Support a répondu par e-mail sur le ticket T-1 avec 2 pièces jointes');
  });

  it('words contracts and their renewal by the system', () => {
    expect(
      entry(
        'maintenance_contract',
        'update',
        { reference: 'MC-1', name: 'Sérénité', endsOn: '2026-12-31', tacitRenewal: true },
        { reference: 'MC-1', name: 'Sérénité', endsOn: '2027-12-31', tacitRenewal: false },
      ),
    ).toBe(
      'Sophie Support a modifié le contrat MC-1 « Sérénité » (fin : 31/12/2026 → 31/12/2027 ; reconduction tacite : oui → non)',
    );
    expect(
      entry(
        'maintenance_contract',
        'contract.renewed',
        { endsOn: '2026-12-31' },
        { endsOn: '2027-12-31', reference: 'MC-1', name: 'Sérénité' },
        null as unknown as string,
      ),
    ).toBe('Le contrat MC-1 « Sérénité » a été reconduit tacitement jusqu’au 31/12/2027');
  });

  it('words interventions, their slot in Paris time and the technician’s phone actions', () => {
    expect(
      entry(
        'intervention',
        'schedule',
        { number: 'I-2026-000003', plannedStart: null },
        { number: 'I-2026-000003', plannedStart: '2026-12-03T08:00:00.000Z', plannedMinutes: 90 },
      ),
    ).toBe('Sophie Support a planifié l’intervention I-2026-000003 le jeudi 3 décembre 2026 09:00 – 10:30');
    expect(
      entry(
        'intervention',
        'intervention.check_in',
        { status: 'en_route' },
        { status: 'en_cours', number: 'I-2026-000003' },
        'Thomas Terrain',
      ),
    ).toBe('Thomas Terrain est arrivé sur site pour l’intervention I-2026-000003');
    expect(entry('intervention', 'rating', { rating: null }, { rating: 4, number: 'I-2026-000003' })).toBe(
      'Sophie Support a noté l’intervention I-2026-000003 4/5',
    );
  });

  it('falls back to the generic sentence for an action a module does not word', () => {
    expect(entry('ticket', 'read', null, { number: 'T-1' })).toBe(
      'Sophie Support a fait « read » sur un élément (ticket)',
    );
  });
});
