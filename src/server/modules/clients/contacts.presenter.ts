import type { ContactRecordOut } from '../../../shared/schemas/client-records.ts';
import type { ContactRow } from './contacts.repo.ts';

export function presentContact(c: ContactRow): ContactRecordOut {
  return {
    id: c.id,
    clientId: c.clientId,
    firstName: c.firstName,
    lastName: c.lastName,
    jobTitle: c.jobTitle,
    email: c.email,
    phone: c.phone,
    phoneE164: c.phoneE164,
    mobile: c.mobile,
    mobileE164: c.mobileE164,
    preferredChannel: c.preferredChannel as ContactRecordOut['preferredChannel'],
    legalBasis: c.legalBasis as ContactRecordOut['legalBasis'],
    consentAt: c.consentAt?.toISOString() ?? null,
    notes: c.notes,
    createdAt: c.createdAt.toISOString(),
  };
}
