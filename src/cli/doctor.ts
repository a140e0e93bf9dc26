// `omniarr doctor`: checks what a user most often gets wrong, before or without starting the service.
import { loadConfig, ConfigError, type Config } from '../config/env.js';
import { openDatabase } from '../db/database.js';
import { HealthRegistry, type HealthReport } from '../health/health-registry.js';
import { freeSpaceCheck, writableDirectoryCheck } from '../health/system-checks.js';
import { mkdirSync } from 'node:fs';

const marks = { ok: 'ok  ', warning: 'warn', error: 'FAIL' } as const;

export async function doctorCommand(env: NodeJS.ProcessEnv, out: NodeJS.WritableStream): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      out.write(`${marks.error} configuration: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  out.write(`${marks.ok} configuration: port ${config.port}, data dir ${config.dataDir}\n`);

  const health = new HealthRegistry();
  health.register('data directory', async () => {
    mkdirSync(config.dataDir, { recursive: true });
    return writableDirectoryCheck(config.dataDir)();
  });
  health.register('free space', freeSpaceCheck(config.dataDir));
  health.register('database', async () => {
    const database = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    try {
      await database.ping();
      return { status: 'ok', message: `${database.dialect} at ${database.location} is reachable` };
    } finally {
      await database.close();
    }
  });
  const report: HealthReport = await health.run();
  for (const check of report.checks) out.write(`${marks[check.status]} ${check.name}: ${check.message}\n`);
  return report.status === 'error' ? 1 : 0;
}
