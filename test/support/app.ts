// Starts the real service in-process on a random loopback port, on SQLite or the run's PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startApp, type App, type AppOptions } from '../../src/app/app.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import type { DatabaseDialect } from '../../src/db/database.js';
import { generateApiKey } from '../../src/auth/secrets.js';
import { createPostgresDatabase } from './databases.js';

export interface TestApp {
  app: App;
  url: string;
  apiKey: string;
  config: Config;
  /** Every log line written so far (JSON text). */
  logs: string[];
  stop(): Promise<void>;
}

export async function startTestApp(
  dialect: DatabaseDialect = 'sqlite',
  env: Record<string, string> = {},
  options: AppOptions & { databaseUrl?: string } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'omniarr-app-'));
  const apiKey = generateApiKey();
  const databaseUrl =
    options.databaseUrl ?? (dialect === 'postgres' ? await createPostgresDatabase() : undefined);
  const config = loadConfig({
    OMNIARR_PORT: '1',
    OMNIARR_BIND: '127.0.0.1',
    OMNIARR_DATA_DIR: dataDir,
    OMNIARR_API_KEY: apiKey,
    OMNIARR_LOG_LEVEL: 'debug',
    ...(databaseUrl ? { OMNIARR_DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  config.port = 0;
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  const app = await startApp(config, { logDestination, jobPollIntervalMs: 50, ...options });
  return {
    app,
    url: app.url.replace('0.0.0.0', '127.0.0.1'),
    apiKey,
    config,
    logs,
    async stop() {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
