import { describe, expect, it } from 'vitest';
import { auditActions, auditEntityTypes } from '../../../shared/audit.ts';
import { auditChanges } from '../../../shared/audit-changes.ts';
import { ticketPriorityLabels } from '../../../shared/tickets.ts';
import { auditSentence } from '../audit/audit-sentences.ts';
import './timeline.ts';
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
    ).toBe('Sophie Support a répondu par e-mail au ticket T-1 avec 2 pièces jointes');
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

  it('falls back to a French sentence for an action a module does not word, never a code', () => {
    expect(entry('ticket', 'read', null, { number: 'T-1' })).toBe('Sophie Support a consulté le ticket T-1');
    expect(
      entry(
        'ticket_message',
        'reply',
        null,
        { number: 'T-2026-000017', channel: 'web', attachments: [] },
        'Samuel Support',
      ),
    ).toBe('Samuel Support a répondu au ticket T-2026-000017');
    expect(entry('ticket_message', 'note', null, { number: 'T-2026-000017' }, 'Samuel Support')).toBe(
      'Samuel Support a ajouté une note interne au ticket T-2026-000017',
    );
    expect(entry('site', 'create', null, { name: 'Siège' })).toBe('Sophie Support a ajouté le site Siège');
    expect(entry('absence', 'approve', null, { kind: 'conges' })).toBe('Sophie Support a approuvé l’absence');
  });

  it('has a French sentence for every action on every entity type', () => {
    for (const action of Object.keys(auditActions)) {
      for (const entityType of [...Object.keys(auditEntityTypes), null]) {
        const s = auditSentence({
          entityType,
          action,
          before: null,
          after: { number: 'X-1', name: 'Nom' },
          actorLabel: 'Sophie Support',
        });
        expect(s, `${action} ${entityType}`).not.toMatch(/[{}]|undefined|null|«\s*[a-z_.]+\s*»/);
        if (/[._-]/.test(action)) expect(s, `${action} ${entityType}`).not.toContain(action);
        expect(s, `${action} ${entityType}`).not.toContain(`« ${action} »`);
        expect(s.charAt(0)).toBe(s.charAt(0).toUpperCase());
      }
    }
  });

  it('shows changes as French labels with old → new values, identifiers without their values', () => {
    expect(
      auditChanges(
        'ticket',
        { id: 'x', status: 'ouvert', priority: 'P3', assigneeId: null, version: 1, subject: 'A' },
        { id: 'x', status: 'en_cours', priority: 'P2', assigneeId: 'u1', version: 2, subject: 'A' },
      ),
    ).toEqual([
      { field: 'status', label: 'statut', before: 'Ouvert', after: 'En cours' },
      {
        field: 'priority',
        label: 'priorité',
        before: ticketPriorityLabels.P3,
        after: ticketPriorityLabels.P2,
      },
      { field: 'assigneeId', label: 'attribution', before: null, after: null },
    ]);
  });
});
