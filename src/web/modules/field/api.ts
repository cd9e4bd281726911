import type { FieldOp, FieldOpOut, MyInterventionsOut } from '../../../shared/schemas/field.ts';
import { get, post } from '../../app/api.ts';

/**
 * The technician's phone (the pattern: tickets/api.ts). Its days are kept offline by `sync.ts`
 * (IndexedDB, not the query cache), so these are plain calls.
 */
export const fieldApi = {
  /** The technician's interventions of today and tomorrow. */
  myDays: () => get<MyInterventionsOut>('/me/interventions?days=7'),
  /** One queued operation of the phone (check-in, report; a photo or signature as a form with its file). */
  sendOp: (interventionId: string, op: FieldOp | FormData) =>
    post<FieldOpOut>(`/interventions/${interventionId}/ops`, op),
};
