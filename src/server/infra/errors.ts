export type ErrorCode =
  | 'validation_failed'
  | 'bad_request'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'totp_required'
  | 'forbidden'
  | 'csrf_failed'
  | 'totp_enrollment_required'
  | 'not_found'
  | 'conflict'
  | 'schedule_conflict'
  | 'invalid_transition'
  | 'payload_too_large'
  | 'rate_limited'
  | 'internal_error'
  | 'unavailable';

const statusOf: Record<ErrorCode, number> = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  totp_required: 401,
  forbidden: 403,
  csrf_failed: 403,
  totp_enrollment_required: 403,
  not_found: 404,
  conflict: 409,
  schedule_conflict: 409,
  invalid_transition: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
};

export type ErrorDetail = { path: string; message: string };

/** The one error type of the API: a stable code, a French message, optional field details. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = statusOf[code];
  }
}

export const notFound = (what = 'Élément') => new AppError('not_found', `${what} introuvable.`);
export const forbidden = (message = 'Vous n’avez pas le droit de faire cette action.') =>
  new AppError('forbidden', message);
export const conflict = (message: string, details: ErrorDetail[] = []) =>
  new AppError('conflict', message, details);
/** 409 on an edit sent with a `version` someone else has already replaced. */
export const staleVersion = (message: string) =>
  conflict(message, [{ path: 'version', message: 'Version périmée.' }]);
export const validationFailed = (details: ErrorDetail[], message = 'Certains champs sont invalides.') =>
  new AppError('validation_failed', message, details);
