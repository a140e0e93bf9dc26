// PostgreSQL lost while running: health turns red and requests fail with 503; once the database is
// back, the service recovers without a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../support/postgres.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe('PostgreSQL outage', () => {
  let postgres: PostgresServer;
  let service: TestApp;

  beforeAll(async () => {
    postgres = await startPostgres();
    service = await startTestApp('postgres', {}, { databaseUrl: await postgres.createDatabase('outage') });
  });
  afterAll(async () => {
    await service.stop();
    await postgres.stop();
  });

  it('goes red with 503s while the database is down and recovers after', async () => {
    const headers = { 'x-api-key': service.apiKey };
    expect((await fetch(`${service.url}/api/v1/health`, { headers })).status).toBe(200);

    await postgres.pause();
    // Authentication itself needs the database, so any authenticated request answers 503.
    const down = await fetch(`${service.url}/api/v1/system/status`, { headers });
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ error: { code: 'unavailable' } });
    const probe = await fetch(`${service.url}/api/v1/health?ready`);
    expect(probe.status).toBe(503);
    expect(await probe.json()).toEqual({ status: 'error' });
    expect((await fetch(`${service.url}/ping`)).status).toBe(200);

    await postgres.start();
    await expect
      .poll(async () => (await fetch(`${service.url}/api/v1/health`, { headers })).status, {
        timeout: 15_000,
      })
      .toBe(200);
    expect((await fetch(`${service.url}/api/v1/system/status`, { headers })).status).toBe(200);
  });
});
