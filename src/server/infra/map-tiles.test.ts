import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestApp } from '../test/harness.ts';
import { loadConfig, mapTileImgSource } from './config.ts';

// The map's optional tile server (MAP_TILE_URL): told to the web app through /auth/me and allowed
// by the CSP; without it nothing points outside (the map draws its offline outline of France).
describe('MAP_TILE_URL', () => {
  it('keeps the scheme and host, the {s} subdomain label becoming a wildcard', () => {
    expect(mapTileImgSource('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png')).toEqual([
      'https://*.tile.openstreetmap.org',
    ]);
    expect(mapTileImgSource('http://tiles.local:8080/osm/{z}/{x}/{y}.png')).toEqual([
      'http://tiles.local:8080',
    ]);
    expect(mapTileImgSource(undefined)).toEqual([]);
  });

  it('refuses a URL without {z}, {x} and {y}', () => {
    expect(() =>
      loadConfig({ MAP_TILE_URL: 'https://tiles.example.org/tile.png' } as NodeJS.ProcessEnv),
    ).toThrow(/MAP_TILE_URL/);
    expect(
      loadConfig({ MAP_TILE_URL: 'https://{s}.tile.example.org/{z}/{x}/{y}.png' } as NodeJS.ProcessEnv)
        .mapTileUrl,
    ).toBe('https://{s}.tile.example.org/{z}/{x}/{y}.png');
  });

  describe('served', () => {
    let plain: TestApp;
    let tiled: TestApp;
    beforeAll(async () => {
      [plain, tiled] = await Promise.all([
        createTestApp(),
        createTestApp({ config: { mapTileUrl: 'https://{s}.tile.example.org/{z}/{x}/{y}.png' } }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([plain?.close(), tiled?.close()]);
    });

    it('is null in /auth/me and absent from the CSP when not configured', async () => {
      const s = await loginAs(plain.app, 'support@relais.test');
      const me = await s.get('/api/v1/auth/me');
      expect(me.json().mapTileUrl).toBeNull();
      expect(me.headers['content-security-policy']).toContain("img-src 'self' data: blob:;");
    });

    it('is given to the web app at login and in /auth/me, and its host is allowed for images', async () => {
      const login = await tiled.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'support@relais.test', password: 'demo-relais-2026' },
      });
      expect(login.json().mapTileUrl).toBe('https://{s}.tile.example.org/{z}/{x}/{y}.png');
      const s = await loginAs(tiled.app, 'support@relais.test');
      const me = await s.get('/api/v1/auth/me');
      expect(me.json().mapTileUrl).toBe('https://{s}.tile.example.org/{z}/{x}/{y}.png');
      expect(me.headers['content-security-policy']).toContain(
        "img-src 'self' data: blob: https://*.tile.example.org;",
      );
    });
  });
});
