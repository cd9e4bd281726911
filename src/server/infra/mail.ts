import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { DeliveryError } from './delivery.ts';

export type OutgoingEmail = {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The side effect's idempotency key: the Message-ID derives from it, so a resend is recognisable. */
  idempotencyKey: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
};

/** A failed SMTP send: SMTP 4xx and network errors are temporary, SMTP 5xx and bad addresses permanent. */
export class MailError extends DeliveryError {}

export function messageIdFor(key: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'relais.local';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

/**
 * SMTP client timeouts (`SMTP_URL` parameters override them): a stalled server fails a send in at
 * most 10 s to connect, 10 s to greet and 30 s without traffic — well within the delivery job's
 * expiry (`deliveryJob` in delivery.ts), so a live send is never expired while
 * it is still talking to the server.
 */
export const smtpTimeouts = {
  dnsTimeout: 5_000,
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
};

/** Sends email over SMTP (`SMTP_URL`). */
export class Mailer {
  private readonly transport: Transporter;
  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly returnPath: string | undefined,
  ) {
    this.transport = nodemailer.createTransport({ url: smtpUrl, ...smtpTimeouts });
  }

  async send(mail: OutgoingEmail): Promise<{ messageId: string }> {
    const messageId = messageIdFor(mail.idempotencyKey, this.from);
    try {
      await this.transport.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId,
        attachments: mail.attachments,
        envelope: { from: this.returnPath ?? this.from, to: mail.to },
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Relais-Key': mail.idempotencyKey },
      });
      return { messageId };
    } catch (err) {
      throw classify(err);
    }
  }

  close(): void {
    this.transport.close();
  }
}

function classify(err: unknown): MailError {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const text = e.message ?? String(err);
  if (typeof e.responseCode === 'number') {
    return new MailError(text, e.responseCode >= 500, String(e.responseCode));
  }
  // No SMTP answer: a bad address is permanent, a network problem is not.
  return new MailError(text, e.code === 'EENVELOPE' || e.code === 'EMESSAGE', e.code ?? null);
}
