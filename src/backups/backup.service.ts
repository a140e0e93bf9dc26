// Owns database backups: a daily consistent copy of the SQLite database into the data directory's
// backups/ folder (the newest seven kept), on demand too, and the metric that says when the last one
// succeeded. PostgreSQL installs back up with the database's own tools (pg_dump, an operator).
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { DatabaseHandle } from '../db/database.js';
import type { JobDefinition } from '../jobs/job-registry.js';
import type { Schedule } from '../jobs/scheduler.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError } from '../shared/errors.js';

export const BACKUP_JOB = 'system.backup';
const KEEP = 7;
const PREFIX = 'omniarr-';
const SUFFIX = '.db';

export interface BackupFile {
  name: string;
  size: number;
  createdAt: number;
}

export class BackupService {
  private readonly dir: string;

  constructor(
    private readonly database: DatabaseHandle,
    dataDir: string,
    private readonly clock: Clock,
    private readonly onSuccess: (at: number) => void = () => undefined,
  ) {
    this.dir = path.join(dataDir, 'backups');
  }

  get supported(): boolean {
    return this.database.backup !== undefined;
  }

  async run(): Promise<BackupFile> {
    if (!this.database.backup) {
      throw new BadRequestError(
        'backups of PostgreSQL are made with its own tools (pg_dump or your operator)',
      );
    }
    await mkdir(this.dir, { recursive: true });
    const now = this.clock.now();
    const name = `${PREFIX}${new Date(now).toISOString().replace(/[:.]/g, '-')}${SUFFIX}`;
    const partial = path.join(this.dir, `.${name}.partial`);
    // Written under a temporary name: a crash mid-backup never leaves something that looks complete.
    await this.database.backup(partial);
    await rename(partial, path.join(this.dir, name));
    const { size } = await stat(path.join(this.dir, name));
    await this.prune();
    this.onSuccess(now);
    return { name, size, createdAt: now };
  }

  async list(): Promise<BackupFile[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const files = await Promise.all(
      names
        .filter((name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX))
        .map(async (name) => {
          const info = await stat(path.join(this.dir, name));
          return { name, size: info.size, createdAt: info.mtimeMs };
        }),
    );
    return files.sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Reports the newest backup on disk to the metric (at start-up). */
  async reportLatest(): Promise<void> {
    const [latest] = await this.list();
    if (latest) this.onSuccess(latest.createdAt);
  }

  private async prune(): Promise<void> {
    for (const old of (await this.list()).slice(KEEP))
      await rm(path.join(this.dir, old.name), { force: true });
  }
}

export function backupJob(backups: BackupService): JobDefinition<object> {
  return {
    name: BACKUP_JOB,
    payload: z.object({}),
    maxAttempts: 3,
    backoffMs: 10 * 60_000,
    async run(_payload, { logger }) {
      if (!backups.supported) return;
      const file = await backups.run();
      logger.info({ backup: file.name, bytes: file.size }, 'database backed up');
    },
  };
}

export const backupSchedule: Schedule = { id: 'backup', pattern: '41 3 * * *', job: BACKUP_JOB };
