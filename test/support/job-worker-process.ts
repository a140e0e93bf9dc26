// A separate worker process for the crash test: runs the "effect" job, records that it started, then
// hangs until it is killed with SIGKILL (a crash mid-run).
import { pino } from 'pino';
import { openDatabase } from '../../src/db/database.js';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { JobRegistry } from '../../src/jobs/job-registry.js';
import { JobRepository } from '../../src/jobs/job.repository.js';
import { systemClock } from '../../src/shared/clock.js';
import { effectJob } from './effect-job.js';

const [dataDir = '', databaseUrl] = process.argv.slice(2);
const database = openDatabase({ dataDir, databaseUrl: databaseUrl || undefined });
const registry = new JobRegistry();
registry.define(
  effectJob(database, async () => {
    process.stdout.write('effect-written\n');
    await new Promise(() => undefined); // hang until killed
  }),
);
const queue = new JobQueue(
  registry,
  new JobRepository(database.db, database.dialect),
  systemClock,
  pino({ level: 'silent' }),
  {
    concurrency: 1,
    pollIntervalMs: 20,
  },
);
queue.start();
