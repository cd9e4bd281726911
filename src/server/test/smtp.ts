import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type Received = { to: string; raw: string };

/**
 * A real SMTP receiver keeping every message it accepts. `fail(address, codes)` answers the next
 * attempts for that address with those SMTP codes (4xx temporary, 5xx permanent); `refuse(address)`
 * answers 550 every time.
 */
export function smtpReceiver() {
  const received: Received[] = [];
  const failures = new Map<string, number[]>();
  const refused = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      const code = refused.has(address.address) ? 550 : failures.get(address.address)?.shift();
      if (code) {
        const err = Object.assign(new Error(code >= 500 ? 'Boîte inconnue' : 'Essayez plus tard'), {
          responseCode: code,
        });
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) received.push({ to: r.address, raw });
        cb();
      });
    },
  });
  return {
    received,
    fail: (address: string, codes: number[]) => failures.set(address, codes),
    refuse: (address: string) => refused.add(address),
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
