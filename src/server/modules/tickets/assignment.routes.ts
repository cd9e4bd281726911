import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/schemas/common.ts';
import {
  assignmentProposalOut,
  assignmentSettingBody,
  assignmentSettingOut,
  assignmentSettingsOut,
  ticketTypeParam,
} from '../../../shared/schemas/tickets.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { listAssignmentSettings, proposeAssignees, setAssignmentSetting } from './assignment.service.ts';

const route = routeOptions('Tickets');

/** The explained assignment proposal of a ticket, and automatic assignment per ticket type (admins). */
export const assignmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/tickets/:id/assignment-proposal',
    route('tickets:update', 'Techniciens proposés pour ce ticket, classés, avec les raisons', {
      params: idParam,
      response: { 200: assignmentProposalOut },
    }),
    async (req) => proposeAssignees(db, ctxOf(req), req.params.id),
  );
  app.get(
    '/tickets/assignment-settings',
    route('administration:read', 'Attribution automatique : réglage par type de ticket', {
      response: { 200: assignmentSettingsOut },
    }),
    async () => listAssignmentSettings(db),
  );
  app.put(
    '/tickets/assignment-settings/:type',
    route('administration:update', 'Activer ou désactiver l’attribution automatique pour un type de ticket', {
      params: ticketTypeParam,
      body: assignmentSettingBody,
      response: { 200: assignmentSettingOut },
    }),
    async (req) => setAssignmentSetting(db, ctxOf(req), req.params.type, req.body.autoAssign),
  );
};
