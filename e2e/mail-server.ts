import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { smtpReceiver } from '../src/server/test/smtp.ts';
import { launch } from './browser.ts';
import { startServer } from './server.ts';

/** Polls `fn` every 200 ms until it gives a value (an e-mail received, a row written). */
export const until = async <T>(fn: () => T | undefined, ms = 30_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 200));
  }
};

/**
 * For a journey that reads a link in an e-mail: a server of its own whose mails a real SMTP
 * receiver catches, and a browser; started before the file's tests, stopped after them.
 */
export function serverWithMail() {
  const smtp = smtpReceiver();
  const env = {
    smtp,
    browser: undefined as unknown as Browser,
    server: undefined as unknown as Awaited<ReturnType<typeof startServer>>,
  };
  beforeAll(async () => {
    const port = await smtp.listen();
    env.server = await startServer({
      RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      SMTP_URL: `smtp://127.0.0.1:${port}`,
    });
    env.browser = await launch();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
    await smtp.close();
  });
  return env;
}
