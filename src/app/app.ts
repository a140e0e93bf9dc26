// The composition root: builds every service from the configuration, wires adapters into the
// domain, starts them in order and stops them gracefully (stop accepting, drain jobs, close the DB).
import { mkdirSync } from 'node:fs';
import type { DestinationStream } from 'pino';
import { AuthRepository } from '../auth/auth.repository.js';
import { authRoutes } from '../auth/auth.routes.js';
import { AuthService } from '../auth/auth.service.js';
import { configSecrets, type Config } from '../config/env.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { HealthRegistry } from '../health/health-registry.js';
import { databaseCheck, freeSpaceCheck, writableDirectoryCheck } from '../health/system-checks.js';
import type { ApiServer } from '../http/api-server.js';
import { buildHttpServer } from '../http/server.js';
import { systemRoutes } from '../http/system.routes.js';
import { JobQueue } from '../jobs/job-queue.js';
import { JobRegistry, type JobDefinition } from '../jobs/job-registry.js';
import { JobRepository } from '../jobs/job.repository.js';
import { jobRoutes } from '../jobs/jobs.routes.js';
import { PostgresAdvisoryLeader, SingleInstanceLeader } from '../jobs/leader.js';
import { Scheduler, type Schedule } from '../jobs/scheduler.js';
import { createLogger, SecretRegistry, type Logger } from '../logging/logger.js';
import { Metrics } from '../metrics/metrics.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { backupRoutes } from '../backups/backup.routes.js';
import { BackupService, backupJob, backupSchedule } from '../backups/backup.service.js';
import { buildDomain, type Domain } from './domain.js';
import { housekeepingJob, housekeepingSchedule } from './housekeeping.js';
import { version } from './version.js';

export interface AppOptions {
  clock?: Clock;
  logDestination?: DestinationStream;
  /** Extra jobs and schedules (tests; later features register theirs in `features`). */
  jobs?: JobDefinition<unknown>[];
  schedules?: Schedule[];
  jobPollIntervalMs?: number;
}

export interface App {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  queue: JobQueue;
  jobs: JobRepository;
  auth: AuthService;
  domain: Domain;
  server: ApiServer;
  /** The address the server listens on, once started. */
  url: string;
  stop(): Promise<void>;
}

export class StartupError extends Error {
  override name = 'StartupError';
}

export async function startApp(config: Config, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const secrets = new SecretRegistry();
  for (const secret of configSecrets(config)) secrets.add(secret);
  const logger = createLogger({ level: config.logLevel, secrets, destination: options.logDestination });

  mkdirSync(config.dataDir, { recursive: true });
  const database = openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    onIdleError: (error) => logger.warn({ err: error }, 'database connection lost'),
  });
  try {
    await database.ping();
  } catch (error) {
    await database.close().catch(() => undefined);
    throw new StartupError(`cannot reach the database at ${database.location}: ${(error as Error).message}`, {
      cause: error,
    });
  }

  try {
    const migrated = await migrateToLatest(database);
    if (migrated.applied.length > 0) logger.info({ migrations: migrated.applied }, 'database migrated');

    const metrics = new Metrics();
    const auth = new AuthService(new AuthRepository(database.db), clock);
    const { createdKey } = await auth.ensureAdminKey(config.apiKey);
    if (createdKey) {
      // Shown once, on purpose: the only copy of the first admin key. Stored as a hash only.
      logger.warn(
        `first start: created the admin API key ${createdKey} (shown only now; send it as the X-Api-Key header)`,
      );
      secrets.add(createdKey);
    }

    const jobs = new JobRepository(database.db, database.dialect);
    const registry = new JobRegistry();
    const queue = new JobQueue(
      registry,
      jobs,
      clock,
      logger,
      { concurrency: config.jobConcurrency, pollIntervalMs: options.jobPollIntervalMs },
      { onFinished: (name, outcome, seconds) => metrics.onJobFinished(name, outcome, seconds) },
    );
    const domain = buildDomain({
      config,
      database,
      queue,
      clock,
      logger,
      version,
      metrics,
      onSecret: (value) => secrets.add(value),
    });
    await domain.prepare();
    const backups = new BackupService(database, config.dataDir, clock, (at) =>
      metrics.backupLastSuccess.set(at / 1000),
    );
    await backups.reportLatest();
    registry.define(housekeepingJob({ auth, jobs, clock }));
    registry.define(backupJob(backups));
    for (const job of [...domain.jobs, ...(options.jobs ?? [])]) registry.define(job);
    await queue.assertRunnable();
    const leader =
      database.dialect === 'postgres'
        ? new PostgresAdvisoryLeader(database.db, logger)
        : new SingleInstanceLeader();
    const scheduler = new Scheduler(
      [housekeepingSchedule, backupSchedule, ...domain.schedules, ...(options.schedules ?? [])],
      registry,
      queue,
      leader,
      logger,
    );

    const health = new HealthRegistry();
    health.register('database', databaseCheck(database));
    health.register('dataDirectory', writableDirectoryCheck(config.dataDir));
    health.register(
      'freeSpace',
      freeSpaceCheck(config.dataDir, undefined, (bytes) =>
        metrics.diskFreeBytes.set({ path: config.dataDir }, bytes),
      ),
    );
    domain.registerHealthChecks(health);

    const startedAt = clock.now();
    const server = await buildHttpServer({
      logger,
      urlBase: config.urlBase,
      trustProxy: config.trustProxy,
      auth,
      metrics,
      version,
      routes: (app) => {
        systemRoutes(app, {
          health,
          metrics,
          status: () => ({
            version,
            database: database.dialect,
            urlBase: config.urlBase,
            startedAt: new Date(startedAt).toISOString(),
            uptimeSeconds: Math.round((clock.now() - startedAt) / 1000),
          }),
        });
        authRoutes(app, { auth });
        jobRoutes(app, { jobs });
        backupRoutes(app, { backups });
        domain.routes(app);
      },
    });

    await server.listen({ port: config.port, host: config.bind });
    const address = server.server.address();
    const url =
      address && typeof address === 'object'
        ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}${config.urlBase}`
        : '';
    queue.start();
    await scheduler.start();
    logger.info({ url, database: database.location, version }, 'omniarr is running');

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        logger.info('shutting down: no new requests or jobs');
        await server.close();
        await scheduler.stop();
        await queue.stop(config.shutdownTimeoutMs);
        await domain.close();
        await database.close();
        logger.info('stopped');
      })();
      return stopping;
    };
    return {
      config,
      logger,
      database,
      queue,
      jobs,
      auth,
      domain,
      server,
      url,
      stop,
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}
