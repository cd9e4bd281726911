import type { TestProject } from 'vitest/node';
import { buildWeb, startServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Builds the web app and starts one real server with the demo dataset for every journey. */
export default async function setup(project: TestProject) {
  buildWeb();
  const server = await startServer({ RATE_LIMIT_PER_MINUTE: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  project.provide('baseUrl', server.url);
  return () => server.stop();
}
