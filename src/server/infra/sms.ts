import { DeliveryError } from './delivery.ts';
import { smsLength } from '../../shared/sms.ts';
import type { Config } from './config.ts';

export type OutgoingSms = {
  /** E.164 (`+33612345678`). */
  to: string;
  text: string;
  sender: string;
  /** The side effect's idempotency key, passed to the provider when it can keep it. */
  idempotencyKey: string;
};

/** One SMS provider (Brevo today); chosen by `SMS_PROVIDER`. */
export type SmsProvider = {
  readonly name: string;
  send(sms: OutgoingSms): Promise<{ providerId: string }>;
};

/**
 * Whether a failed send is worth retrying (HTTP 429 and 5xx, timeouts, network) or not (any other
 * 4xx: bad number, bad sender, no credits, wrong key — retrying cannot fix them).
 */
export class SmsError extends DeliveryError {}

/** HTTP 429, 408 and 5xx are worth retrying; any other refusal is final. */
export function isPermanentHttpStatus(status: number): boolean {
  return !(status === 429 || status >= 500 || status === 408);
}

/**
 * Brevo transactional SMS (`POST /v3/transactionalSMS/send`, header `api-key`, JSON body
 * `{sender, recipient, content, type, unicodeEnabled, tag}`, answer `{messageId}`).
 * Brevo takes the number with its country code and no `+`; it has no idempotency key, so the key
 * goes in `tag` to find a message in Brevo's logs.
 */
export class BrevoSms implements SmsProvider {
  readonly name = 'brevo';
  constructor(
    private readonly apiKey: string,
    private readonly baseUrl = 'https://api.brevo.com',
    private readonly timeoutMs = 15_000,
  ) {}

  async send(sms: OutgoingSms): Promise<{ providerId: string }> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/v3/transactionalSMS/send`, {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          'api-key': this.apiKey,
        },
        body: JSON.stringify({
          sender: sms.sender,
          recipient: sms.to.replace(/^\+/, ''),
          content: sms.text,
          type: 'transactional',
          unicodeEnabled: smsLength(sms.text).encoding === 'UCS-2',
          tag: sms.idempotencyKey,
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const timeout = e.name === 'TimeoutError' || e.name === 'AbortError';
      throw new SmsError(
        timeout
          ? `Pas de réponse de Brevo en ${this.timeoutMs / 1000} s`
          : `Brevo injoignable : ${e.message}`,
        false,
        timeout ? 'timeout' : (e.cause?.code ?? 'network'),
      );
    }
    const text = await res.text();
    let body: { messageId?: number | string; code?: string; message?: string } = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    if (!res.ok) {
      const detail = [body.code, body.message].filter(Boolean).join(' : ') || text.slice(0, 200);
      throw new SmsError(
        `Brevo a refusé l’envoi (HTTP ${res.status})${detail ? ` : ${detail}` : ''}`,
        isPermanentHttpStatus(res.status),
        String(res.status),
      );
    }
    return { providerId: body.messageId !== undefined ? String(body.messageId) : '' };
  }
}

/** The provider the settings choose, or null: SMS are then kept in the outbox and never sent. */
export function createSmsProvider(
  config: Pick<Config, 'smsProvider' | 'smsApiKey' | 'smsApiUrl'>,
): SmsProvider | null {
  switch (config.smsProvider) {
    case 'none':
      return null;
    case 'brevo':
      if (!config.smsApiKey) throw new Error('SMS_PROVIDER=brevo demande SMS_API_KEY (clé API Brevo).');
      return new BrevoSms(config.smsApiKey, config.smsApiUrl);
  }
}
