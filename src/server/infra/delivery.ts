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

/**
 * A delivery job's limits: a job whose worker stops refreshing it for 30 s (its process died) is
 * failed and retried by another instance, and any job is failed after 90 s running. pg-boss's
 * supervision runs every 15 s (`supervision` in jobs.ts), and the first retry comes 15–30 s
 * later: a dead instance's deliveries are picked up within about 75 s.
 */
export const deliveryJob = { heartbeatSeconds: 30, expireInSeconds: 90 } as const;
