// Every registered route answers 401 without credentials (except the few public ones) and works with
// the API key. Routes are enumerated from the router, so a new route is covered automatically.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

const publicRoutes = new Set([
  'GET /ping',
  'HEAD /ping',
  'POST /api/v1/auth/login',
  'GET /api/v1/health',
  'HEAD /api/v1/health',
]);

describe('authentication covers every route', () => {
  let service: TestApp;
  beforeAll(async () => {
    service = await startTestApp('sqlite');
  });
  afterAll(() => service.stop());

  function concrete(url: string): string {
    return url.replace(/:[A-Za-z]+/g, '1').replace(/\*$/, 'x');
  }

  it('finds the routes in the router', () => {
    const routes = service.app.server.registeredRoutes;
    expect(routes.length).toBeGreaterThan(10);
    expect(
      routes
        .filter((route) => route.public)
        .map((route) => `${route.method} ${route.url}`)
        .sort(),
    ).toEqual([...publicRoutes].sort());
  });

  it('answers 401 without credentials and accepts the key', async () => {
    const checked: string[] = [];
    for (const route of service.app.server.registeredRoutes) {
      if (route.public || route.method === 'OPTIONS') continue;
      const url = concrete(route.url);
      const anonymous = await service.app.server.inject({ method: route.method as 'GET', url });
      expect(anonymous.statusCode, `${route.method} ${url} without credentials`).toBe(401);
      if (route.method !== 'HEAD')
        expect(anonymous.json()).toMatchObject({ error: { code: 'unauthorized' } });

      const wrongKey = await service.app.server.inject({
        method: route.method as 'GET',
        url,
        headers: { 'x-api-key': 'f'.repeat(32) },
      });
      expect(wrongKey.statusCode, `${route.method} ${url} with a wrong key`).toBe(401);

      const authorised = await service.app.server.inject({
        method: route.method as 'GET',
        url,
        headers: { 'x-api-key': service.apiKey },
      });
      expect([401, 403], `${route.method} ${url} with the key`).not.toContain(authorised.statusCode);
      // FlareSolverr's wire format answers a bad request with 500 and its own error body.
      if (route.url !== '/flaresolverr/v1') {
        expect(authorised.statusCode, `${route.method} ${url} with the key`).toBeLessThan(500);
      }
      checked.push(`${route.method} ${url}`);
    }
    expect(checked).toContain('GET /api/v1/system/status');
  });

  it('accepts the key as header, query parameter and bearer token', async () => {
    const url = `${service.url}/api/v1/system/status`;
    const variants: Array<{ url: string; headers: Record<string, string> }> = [
      { url, headers: { 'X-Api-Key': service.apiKey } },
      { url: `${url}?apikey=${service.apiKey}`, headers: {} },
      { url, headers: { Authorization: `Bearer ${service.apiKey}` } },
    ];
    for (const init of variants) {
      const response = await fetch(init.url, { headers: init.headers });
      expect(response.status).toBe(200);
    }
    expect((await fetch(url)).status).toBe(401);
  });

  it('never writes the key to the log', async () => {
    await fetch(`${service.url}/api/v1/system/status?apikey=${service.apiKey}`);
    await fetch(`${service.url}/api/v1/nothing-here?apikey=${service.apiKey}`);
    const logs = service.logs.join('');
    expect(logs).toContain('/api/v1/system/status?apikey=[redacted]');
    expect(logs).not.toContain(service.apiKey);
  });

  it('health: full report with credentials, status only for readiness probes', async () => {
    expect((await fetch(`${service.url}/api/v1/health`)).status).toBe(401);
    const ready = await fetch(`${service.url}/api/v1/health?ready`);
    expect(ready.status).toBe(200);
    // A fresh install has no download client yet: a warning, still ready.
    expect(await ready.json()).toEqual({ status: 'warning' });
    const full = await fetch(`${service.url}/api/v1/health`, { headers: { 'X-Api-Key': service.apiKey } });
    const report = (await full.json()) as { status: string; checks: Array<{ name: string }> };
    expect(report.status).toBe('warning');
    expect(report.checks.map((check) => check.name)).toEqual([
      'database',
      'dataDirectory',
      'freeSpace',
      'downloadClients',
      'mediaServers',
      'indexers',
      'rootFolders',
    ]);
  });
});
