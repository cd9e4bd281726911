/**
 * The password of every demo account, set by the seed (`seed.ts`); no one may choose it as a
 * password of their own (`auth/password.ts`), so that no account keeps a published password.
 */
export const demoPassword = 'demo-relais-2026';
