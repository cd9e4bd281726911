import { eq } from 'drizzle-orm';
import { defaultTotpRequiredRoles } from '../../../shared/permissions.ts';
import { companySettings } from '../../db/schema/index.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { recordAudit } from '../audit/audit.service.ts';

export type CompanySettings = typeof companySettings.$inferSelect;
export type CompanySettingsInput = Partial<Omit<CompanySettings, 'id' | 'updatedAt' | 'logo' | 'logoMime'>>;

let cache: { value: CompanySettings; at: number } | undefined;
const ttlMs = 5_000;

const defaults = { id: 1, legalName: 'Ma société', totpRequiredRoles: [...defaultTotpRequiredRoles] };

/** The company's identity and security settings (one row, created on first read). */
export async function getCompanySettings(db: Db): Promise<CompanySettings> {
  if (cache && Date.now() - cache.at < ttlMs) return cache.value;
  let [row] = await db.select().from(companySettings).where(eq(companySettings.id, 1));
  if (!row) {
    [row] = await db.insert(companySettings).values(defaults).onConflictDoNothing().returning();
    row ??= (await db.select().from(companySettings).where(eq(companySettings.id, 1)))[0];
  }
  cache = { value: row!, at: Date.now() };
  return row!;
}

/** Updates the company settings, audited in the same transaction. */
export async function updateCompanySettings(
  db: Db,
  ctx: RequestContext,
  input: CompanySettingsInput & { logo?: { data: Buffer; mime: string } | null },
): Promise<CompanySettings> {
  return db.transaction(async (tx) => {
    const before = await getCompanySettingsFresh(tx);
    const { logo, ...fields } = input;
    const values: Partial<CompanySettings> = { ...fields, updatedAt: new Date() };
    if (logo !== undefined) {
      values.logo = logo?.data ?? null;
      values.logoMime = logo?.mime ?? null;
    }
    const [after] = await tx.update(companySettings).set(values).where(eq(companySettings.id, 1)).returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'company_settings',
      entityId: '1',
      before,
      after,
    });
    cache = undefined;
    return after!;
  });
}

async function getCompanySettingsFresh(db: Db): Promise<CompanySettings> {
  cache = undefined;
  return getCompanySettings(db);
}

export function invalidateSettingsCache(): void {
  cache = undefined;
}
