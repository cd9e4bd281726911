import type { SiteRecordOut, UnplacedSiteOut } from '../../../shared/schemas/client-records.ts';
import type { SiteRow } from './sites.repo.ts';

export function presentSite(s: SiteRow): SiteRecordOut {
  return {
    id: s.id,
    clientId: s.clientId,
    name: s.name,
    addressLine: s.addressLine,
    postalCode: s.postalCode,
    city: s.city,
    department: s.department,
    latitude: s.latitude,
    longitude: s.longitude,
    geocodeStatus: s.geocodeStatus as SiteRecordOut['geocodeStatus'],
    geocodeScore: s.geocodeScore,
    geocodedAt: s.geocodedAt?.toISOString() ?? null,
    openingHours: s.openingHours ?? null,
    accessInstructions: s.accessInstructions,
    phone: s.phone,
    phoneE164: s.phoneE164,
    createdAt: s.createdAt.toISOString(),
  };
}

export function presentUnplacedSite(r: { site: SiteRow; clientName: string }): UnplacedSiteOut {
  return { ...presentSite(r.site), clientName: r.clientName };
}
