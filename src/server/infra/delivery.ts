/**
 * A failed delivery to an outside service (SMTP server, SMS provider): temporary ones (SMTP 4xx,
 * HTTP 429/5xx, timeouts, network) are retried; permanent ones (SMTP 5xx, HTTP 4xx, a bad address)
 * are not. `code` is what the service answered (SMTP reply code, HTTP status, network error).
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly code: string | null,
  ) {
    super(message);
  }
}
