import type { SmsSendBody, SmsSentOut } from '../../../shared/schemas/sms.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { validationFailed } from '../../infra/errors.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { getMessageOrThrow } from '../notifications/outbox.service.ts';
import { presentSentSms } from '../notifications/sms.presenter.ts';
import { sendSmsByHand, smsUserOrThrow } from '../notifications/sms.service.ts';
import { getClientOrThrow } from './clients.read.ts';

/**
 * `POST /sms`: an SMS typed by a user to a client's contact or any number. The client named must be
 * one the actor sees (404 otherwise); a partner must always name one. The sending itself, the hourly
 * quota and the audit entry are notifications' (`sendSmsByHand`).
 */
export async function sendSmsToClient(
  db: Db,
  jobs: Jobs,
  ctx: RequestContext,
  input: SmsSendBody,
  limit: number,
): Promise<SmsSentOut> {
  smsUserOrThrow(ctx);
  const client = input.clientId ? await getClientOrThrow(db, ctx, input.clientId) : null;
  if (!client && ctx.policy.scopeFor('clients').kind !== 'all') {
    throw validationFailed([{ path: 'clientId', message: 'Indiquez le client à qui ce SMS est destiné.' }]);
  }
  const { id, quota } = await sendSmsByHand(db, jobs, ctx, input, client, limit);
  return presentSentSms(await getMessageOrThrow(db, id), quota);
}
