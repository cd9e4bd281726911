// JSON compression of big API answers (issue 16 item 6): bytes and CPU per request of the client
// list (200 rows) and the map's points, without compression (as before) and with brotli and gzip
// as a browser asks — `app.inject`, so the CPU is the server's alone (zlib's thread pool included).
// On the database named by TEST_DB, demo data. Nothing is asserted.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createTestApp, loginAs, testBackend } from '../src/server/test/harness.ts';

const runs = Number(process.env.BENCH_JSON_RUNS ?? 200);
const t = await createTestApp({ workers: false, config: { rateLimitPerMinute: 1_000_000 } });
try {
  const adv = await loginAs(t.app, 'adv@relais.test');
  const kb = (n: number) => `${(n / 1024).toFixed(1)} Ko`;
  for (const url of ['/api/v1/clients?limit=200', '/api/v1/map/points']) {
    const line: string[] = [];
    for (const encoding of ['identity', 'br', 'gzip']) {
      const get = () =>
        t.app.inject({ method: 'GET', url, headers: { cookie: adv.cookie, 'accept-encoding': encoding } });
      const first = await get();
      if (first.statusCode !== 200) throw new Error(`${url}: ${first.statusCode} ${first.body}`);
      for (let i = 0; i < 20; i++) await get();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < runs; i++) await get();
      const cpu = process.cpuUsage(cpu0);
      const perReq = (cpu.user + cpu.system) / 1000 / runs;
      line.push(
        `${encoding} ${kb(first.rawPayload.length)}, ${perReq.toFixed(2)} ms CPU (${((performance.now() - t0) / runs).toFixed(2)} ms)`,
      );
    }
    console.log(`[${testBackend}] ${url} : ${line.join(' · ')}`);
    // The compression alone, on this answer (the hook's settings).
    const body = (await t.app.inject({ method: 'GET', url, headers: { cookie: adv.cookie } })).rawPayload;
    const alone = (fn: () => unknown) => {
      const c0 = process.cpuUsage();
      for (let i = 0; i < runs; i++) fn();
      const c = process.cpuUsage(c0);
      return `${((c.user + c.system) / 1000 / runs).toFixed(3)} ms`;
    };
    const brParams = {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 4,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    };
    console.log(
      `[${testBackend}]   compression seule de ${kb(body.length)} : brotli 4 ${alone(() => brotliCompressSync(body, brParams))} · gzip 6 ${alone(() => gzipSync(body, { level: 6 }))}`,
    );
  }
} finally {
  await t.close();
}
