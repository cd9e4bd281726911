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
import { listAssignmentSettings, proposeAssignees, setAssignmentSetting } from './assignment.service.ts';

const tags = ['Tickets'];

/** The explained assignment proposal of a ticket, and automatic assignment per ticket type (admins). */
export const assignmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/tickets/:id/assignment-proposal',
    {
      schema: {
        tags,
        summary: 'Techniciens proposés pour ce ticket, classés, avec les raisons',
        params: idParam,
        response: { 200: assignmentProposalOut },
      },
      config: { permission: 'tickets:update' },
    },
    async (req) => proposeAssignees(db, ctxOf(req), req.params.id),
  );
  app.get(
    '/tickets/assignment-settings',
    {
      schema: {
        tags,
        summary: 'Attribution automatique : réglage par type de ticket',
        response: { 200: assignmentSettingsOut },
      },
      config: { permission: 'administration:read' },
    },
    async () => listAssignmentSettings(db),
  );
  app.put(
    '/tickets/assignment-settings/:type',
    {
      schema: {
        tags,
        summary: 'Activer ou désactiver l’attribution automatique pour un type de ticket',
        params: ticketTypeParam,
        body: assignmentSettingBody,
        response: { 200: assignmentSettingOut },
      },
      config: { permission: 'administration:update' },
    },
    async (req) => setAssignmentSetting(db, ctxOf(req), req.params.type, req.body.autoAssign),
  );
};
