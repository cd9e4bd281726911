export * from './partners.ts';
export * from './auth.ts';
export * from './settings.ts';
export * from './policy.ts';
export * from './audit.ts';
export * from './clients.ts';
export * from './notifications.ts';
