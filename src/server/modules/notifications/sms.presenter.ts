import type { SmsQuotaOut, SmsSentOut } from '../../../shared/schemas/sms.ts';
import type { OutboundMessage } from './outbox.service.ts';

/** An SMS sent by hand, as `POST /sms` answers it: the stored message and the quota left. */
export function presentSentSms(m: OutboundMessage, quota: SmsQuotaOut): SmsSentOut {
  return {
    id: m.id,
    recipient: m.recipient,
    body: m.body,
    encoding: m.smsEncoding as 'GSM-7' | 'UCS-2',
    segments: m.smsSegments ?? 0,
    status: m.status,
    createdAt: m.createdAt.toISOString(),
    quota,
  };
}
