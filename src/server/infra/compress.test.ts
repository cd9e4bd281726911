import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp } from '../test/harness.ts';
import { compressThreshold } from './compress.ts';

// JSON answers of 1 KB or more are compressed as the client accepts (issue 16 item 6).
describe('compressed JSON answers', () => {
  let t: TestApp;
  let adv: Session;
  beforeAll(async () => {
    t = await createTestApp();
    adv = await loginAs(t.app, 'adv@relais.test');
  });
  afterAll(async () => {
    await t?.close();
  });
  const list = (encoding?: string) =>
    t.app.inject({
      method: 'GET',
      url: '/api/v1/clients?limit=50',
      headers: { cookie: adv.cookie, ...(encoding ? { 'accept-encoding': encoding } : {}) },
    });

  it('sends a big list in brotli or gzip, the same JSON once decoded', async () => {
    const plain = await list();
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(compressThreshold);

    const br = await list('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('no-store');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());

    const gz = await list('gzip;q=0.8, deflate');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(plain.json());
  });

  it('leaves small answers and refusals of compression as they are', async () => {
    const health = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'accept-encoding': 'br' },
    });
    expect(health.rawPayload.length).toBeLessThan(compressThreshold);
    expect(health.headers['content-encoding']).toBeUndefined();
    const refused = await list('br;q=0, gzip;q=0');
    expect(refused.statusCode).toBe(200);
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.json().items.length).toBeGreaterThan(0);
  });
});
