// A separate Omniarr job worker for the import crash test: the real domain (buildDomain: importer,
// transfer, ffprobe, history, outbox) and the real job queue on the given SQLite data directory, so
// the test can SIGKILL it mid-import and start a fresh one. Only the leases are short (the service
// uses minutes), so the fresh worker retakes the dead worker's job in about a second.
//
//   node --import tsx test/pipeline/import-worker-process.ts DATA_DIR LEASE_MS
//
// Writes "ready" once it polls for jobs; stops cleanly on SIGTERM.
import { pino } from 'pino';
import { buildDomain } from '../../src/app/domain.js';
import { loadConfig } from '../../src/config/env.js';
import { openDatabase } from '../../src/db/database.js';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { JobRegistry } from '../../src/jobs/job-registry.js';
import { JobRepository } from '../../src/jobs/job.repository.js';
import { systemClock } from '../../src/shared/clock.js';

const [dataDir = '', leaseArgument = '1000'] = process.argv.slice(2);
const leaseMs = Number(leaseArgument);
const config = loadConfig({ OMNIARR_DATA_DIR: dataDir });
const logger = pino({ level: process.env.WORKER_LOG_LEVEL ?? 'silent' }, pino.destination(2));
const database = openDatabase({ dataDir: config.dataDir, databaseUrl: undefined });
const registry = new JobRegistry();
const queue = new JobQueue(registry, new JobRepository(database.db, database.dialect), systemClock, logger, {
  concurrency: 1,
  pollIntervalMs: 20,
});
const domain = buildDomain({
  config,
  database,
  queue,
  clock: systemClock,
  logger,
  version: 'test',
  onSecret: () => undefined,
});
for (const job of domain.jobs)
  registry.define({ ...job, leaseMs: Math.min(job.leaseMs ?? leaseMs, leaseMs) });
queue.start();
process.stdout.write('ready\n');

process.once('SIGTERM', () => {
  void queue
    .stop(5000)
    .then(() => database.close())
    .finally(() => process.exit(0));
});
