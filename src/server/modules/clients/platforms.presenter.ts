import type { PlatformOut } from '../../../shared/schemas/client-records.ts';
import type { PlatformRow, RangeRow } from './platforms.repo.ts';

/** A platform with its SDA ranges (taken from `ranges`, which may hold other platforms' too), in number order. */
export function presentPlatform(p: PlatformRow, ranges: RangeRow[]): PlatformOut {
  return {
    id: p.id,
    clientId: p.clientId,
    siteId: p.siteId,
    kind: p.kind as PlatformOut['kind'],
    provider: p.provider,
    tenantId: p.tenantId,
    adminUrl: p.adminUrl,
    notes: p.notes,
    ranges: ranges
      .filter((r) => r.platformId === p.id)
      .sort((a, b) => a.startNum - b.startNum)
      .map((r) => ({
        id: r.id,
        startE164: r.startE164,
        endE164: r.endE164,
        count: r.endNum - r.startNum + 1,
        label: r.label,
      })),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
