// The `omniarr` command as a user runs it (the built CLI in a child process).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrationNames } from '../../src/db/migrator.js';
import { AuthRepository } from '../../src/auth/auth.repository.js';
import { AuthService } from '../../src/auth/auth.service.js';
import { systemClock } from '../../src/shared/clock.js';
import { createPostgresDatabase } from '../support/databases.js';

const main = path.resolve('dist/src/cli/main.js');

function omniarr(args: string[], env: Record<string, string>, input?: string) {
  const result = spawnSync(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    input,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('omniarr CLI', () => {
  it.each(['sqlite', 'postgres'] as const)('migrates, creates API keys and users on %s', async (dialect) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'omniarr-cli-'));
    const env: Record<string, string> = { OMNIARR_DATA_DIR: dataDir };
    if (dialect === 'postgres') env.OMNIARR_DATABASE_URL = await createPostgresDatabase();

    expect(omniarr(['migrate'], env)).toMatchObject({
      code: 0,
      stdout: `applied: ${migrationNames.join(', ')}\n`,
    });
    expect(omniarr(['migrate'], env)).toMatchObject({ code: 0, stdout: 'database is up to date\n' });

    const created = omniarr(['apikey', 'create', '--name', 'homepage'], env);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^[0-9a-f]{32}$/);

    expect(omniarr(['user', 'add', 'carol', '--admin'], env, 'a long passphrase\n')).toMatchObject({
      code: 0,
      stdout: 'created admin "carol"\n',
    });
    expect(omniarr(['user', 'add', 'dave'], env, 'short\n')).toMatchObject({
      code: 1,
      stderr: 'omniarr: password must be at least 10 characters\n',
    });

    const database = openDatabase({ dataDir, databaseUrl: env.OMNIARR_DATABASE_URL });
    try {
      const auth = new AuthService(new AuthRepository(database.db), systemClock);
      expect(await auth.authenticate({ apiKey: key })).toMatchObject({ kind: 'apiKey', name: 'homepage' });
      expect((await auth.login('carol', 'a long passphrase')).principal).toMatchObject({
        username: 'carol',
        role: 'admin',
      });
    } finally {
      await database.close();
    }
  });

  it('doctor reports each check and fails when one fails', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'omniarr-doctor-'));
    const good = omniarr(['doctor'], { OMNIARR_DATA_DIR: dataDir });
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^ok {3}configuration: port 7777/m);
    expect(good.stdout).toMatch(/^ok {3}database: sqlite at .*omniarr\.db is reachable/m);
    expect(good.stdout).toMatch(/^ok {3}data directory: .* is writable/m);

    const bad = omniarr(['doctor'], {
      OMNIARR_DATA_DIR: dataDir,
      OMNIARR_DATABASE_URL: 'postgresql://x:pw@127.0.0.1:1/none',
    });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL database: .*ECONNREFUSED/m);
    expect(bad.stdout).not.toContain(':pw@');
  });

  it('explains unknown commands', () => {
    const result = omniarr(['frobnicate'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('omniarr: unknown command "frobnicate"');
    expect(result.stderr).toContain('omniarr serve');
  });
});
