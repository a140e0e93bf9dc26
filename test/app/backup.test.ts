// Daily database backups (SQLite): a consistent copy that opens and holds the data, the newest seven
// kept, and the metric the "backup stale" alert reads.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

describe('backups', () => {
  let service: TestApp;
  beforeAll(async () => {
    service = await startTestApp('sqlite');
  });
  afterAll(() => service.stop());

  const post = () =>
    fetch(`${service.url}/api/v1/system/backups`, {
      method: 'POST',
      headers: { 'x-api-key': service.apiKey },
    });

  it('makes a copy that opens and holds the data', async () => {
    await service.app.auth.createUser({ username: 'erin', password: 'a long passphrase', role: 'user' });
    const response = await post();
    expect(response.status).toBe(201);
    const made = (await response.json()) as { name: string; size: number };
    expect(made.name).toMatch(/^omniarr-\d{4}-\d\d-\d\dT.*\.db$/);
    const copy = new SqliteDatabase(path.join(service.config.dataDir, 'backups', made.name), {
      readonly: true,
    });
    try {
      expect(copy.prepare('select username from users').all()).toEqual([{ username: 'erin' }]);
    } finally {
      copy.close();
    }
    const metrics = await (
      await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${service.apiKey}` } })
    ).text();
    expect(metrics).toMatch(/^omniarr_backup_last_success_timestamp_seconds \d{10}/m);
  });

  it('keeps the newest seven and never leaves a partial file', async () => {
    for (let run = 0; run < 9; run += 1) {
      expect((await post()).status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const files = readdirSync(path.join(service.config.dataDir, 'backups'));
    expect(files.filter((name) => name.endsWith('.db'))).toHaveLength(7);
    expect(files.filter((name) => name.includes('partial'))).toEqual([]);
    const listed = (await (
      await fetch(`${service.url}/api/v1/system/backups`, { headers: { 'x-api-key': service.apiKey } })
    ).json()) as unknown[];
    expect(listed).toHaveLength(7);
  });
});
