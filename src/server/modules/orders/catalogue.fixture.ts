/** Articles of the catalogue as the tests create them: a phone, a monthly licence, an installation. */
import { randomBytes } from 'node:crypto';

export const ref = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
export const phone = (over: Record<string, unknown> = {}) => ({
  kind: 'materiel',
  reference: ref('T54W'),
  name: 'Yealink T54W',
  category: 'postes',
  unit: 'unite',
  priceCents: 18_900,
  purchaseCostCents: 11_250,
  vatRateBp: 2000,
  brand: 'Yealink',
  model: 'SIP-T54W',
  manufacturerRef: '1301089',
  hasSerial: true,
  hasMac: true,
  ...over,
});
export const licence = (over: Record<string, unknown> = {}) => ({
  kind: 'abonnement',
  reference: ref('LIC'),
  name: 'Licence centrex utilisateur',
  category: 'licences',
  unit: 'licence',
  priceCents: 1030,
  purchaseCostCents: 400,
  vatRateBp: 2000,
  billingPeriod: 'mensuel',
  commitmentMonths: 36,
  ...over,
});
export const install = () => ({
  kind: 'service',
  reference: ref('INST'),
  name: 'Installation sur site (forfait)',
  category: 'prestations',
  unit: 'forfait',
  priceCents: 35_000,
  vatRateBp: 2000,
});
