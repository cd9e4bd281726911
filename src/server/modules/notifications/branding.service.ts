import type { Db } from '../../infra/db.ts';
import { notFound } from '../../infra/errors.ts';
import type { DocumentBrand, DocumentOptions } from '../../infra/pdf.ts';
import { findPartnerBranding } from '../partners/partners.read.ts';
import { type CompanySettings, getCompanySettings } from '../settings/settings.service.ts';
import type { Branding } from './templates.ts';

/** The legal footer of every message: legal name, form, capital, RCS, VAT, address. */
export function legalFooter(s: CompanySettings): string {
  const capital = s.capitalCents ? ` au capital de ${(s.capitalCents / 100).toLocaleString('fr-FR')} €` : '';
  return [
    `${s.legalName}${s.legalForm ? ` ${s.legalForm}` : ''}${capital}`,
    s.siren && s.rcsCity ? `RCS ${s.rcsCity} ${s.siren}` : null,
    s.vatNumber ? `TVA ${s.vatNumber}` : null,
    [s.addressLine, s.postalCode, s.city].filter(Boolean).join(' ') || null,
  ]
    .filter(Boolean)
    .join(' — ');
}

/** The company as the header of its documents shows it (`infra/pdf.ts`). */
export function companyDocumentBrand(
  s: Pick<CompanySettings, 'legalName' | 'brandColor' | 'logo' | 'logoMime' | 'phone' | 'email'>,
): DocumentBrand {
  return {
    name: s.legalName,
    color: s.brandColor,
    logo: s.logo,
    logoMime: s.logoMime,
    contactLine: [s.phone, s.email].filter(Boolean).join(' · ') || null,
  };
}

/**
 * The branding of a document for a client: the company's, or — for a partner's client, when the
 * partner has a logo or a colour — the partner's on top, « en partenariat avec » the company; the
 * company's legal mentions stay at the foot either way.
 */
export async function documentBrandingOf(
  db: Db,
  coBrandPartnerId: string | null,
): Promise<Pick<DocumentOptions, 'brand' | 'partnerOf' | 'footer' | 'author'>> {
  const s = await getCompanySettings(db);
  const company = {
    brand: companyDocumentBrand(s),
    partnerOf: null,
    footer: legalFooter(s),
    author: s.legalName,
  };
  if (!coBrandPartnerId) return company;
  const p = await findPartnerBranding(db, coBrandPartnerId);
  if (!p || (!p.logo && !p.brandColor)) return company;
  return {
    ...company,
    brand: { name: p.name, color: p.brandColor ?? s.brandColor, logo: p.logo, logoMime: p.logoMime },
    partnerOf: s.legalName,
  };
}

/**
 * Public address of the app, for the logo of real emails (`/api/v1/branding/logo`). Set when the
 * app's routes are built; a process without it (a worker alone) sends emails without the logo.
 */
let emailAssetsBaseUrl: string | null = null;
export function setEmailAssetsBaseUrl(url: string | null) {
  emailAssetsBaseUrl = url ? url.replace(/\/+$/, '') : null;
}

/**
 * The branding of an email. Real emails reference the logo by its public absolute URL (mail clients
 * block data: URLs); the preview inlines it as a data: URL so it shows whatever the public URL.
 * With `coBrandPartnerId`, a partner that has a logo or a colour brands the email (its name, logo and
 * colour on top), the company's legal footer staying below as the sender's identity.
 */
export async function brandingOf(
  db: Db,
  logo: 'public-url' | 'data-url',
  coBrandPartnerId?: string | null,
): Promise<Branding> {
  const s = await getCompanySettings(db);
  const logoSrc = (img: Buffer | null, mime: string | null, path: string, version: Date) => {
    if (!img || !mime) return null;
    if (logo === 'data-url') return `data:${mime};base64,${Buffer.from(img).toString('base64')}`;
    return emailAssetsBaseUrl ? `${emailAssetsBaseUrl}/api/v1/branding/${path}?v=${version.getTime()}` : null;
  };
  const company: Branding = {
    legalName: s.legalName,
    color: s.brandColor ?? '#1c7ed6',
    footer: legalFooter(s),
    logoSrc: logoSrc(s.logo, s.logoMime, 'logo', s.updatedAt),
  };
  if (!coBrandPartnerId) return company;
  const p = await findPartnerBranding(db, coBrandPartnerId);
  if (!p || (!p.logo && !p.brandColor)) return company;
  return {
    legalName: p.name,
    color: p.brandColor ?? company.color,
    footer: `${p.name}, en partenariat avec ${company.footer}`,
    logoSrc: logoSrc(p.logo, p.logoMime, `partners/${p.id}/logo`, p.updatedAt),
  };
}

/** The company's logo, as emails show it (`GET /branding/logo`), or 404. */
export async function getCompanyLogoOrThrow(db: Db) {
  const s = await getCompanySettings(db);
  if (!s.logo || !s.logoMime) throw notFound('Logo');
  return { content: s.logo, mime: s.logoMime };
}

/** A partner's logo, for emails co-branded with it (`GET /branding/partners/:id/logo`), or 404. */
export async function getPartnerLogoOrThrow(db: Db, id: string) {
  const p = await findPartnerBranding(db, id);
  if (!p?.logo || !p.logoMime) throw notFound('Logo');
  return { content: p.logo, mime: p.logoMime };
}
