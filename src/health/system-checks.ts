// The foundation's own health checks: database reachable, data directory writable, free disk space.
import { randomUUID } from 'node:crypto';
import { statfs, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseHandle } from '../db/database.js';
import type { HealthCheck } from './health-registry.js';

export function databaseCheck(database: DatabaseHandle): HealthCheck {
  return async () => {
    await database.ping();
    return { status: 'ok', message: `${database.dialect} reachable` };
  };
}

export function writableDirectoryCheck(dir: string): HealthCheck {
  return async () => {
    const probe = path.join(dir, `.health-${randomUUID()}`);
    await writeFile(probe, 'ok');
    await unlink(probe);
    return { status: 'ok', message: `${dir} is writable` };
  };
}

export interface FreeSpaceThresholds {
  warningBytes: number;
  errorBytes: number;
}

const GiB = 1024 ** 3;
export const defaultFreeSpaceThresholds: FreeSpaceThresholds = { warningBytes: 5 * GiB, errorBytes: 1 * GiB };

export async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

export function freeSpaceCheck(
  dir: string,
  thresholds: FreeSpaceThresholds = defaultFreeSpaceThresholds,
  onMeasured?: (bytes: number) => void,
): HealthCheck {
  return async () => {
    const bytes = await freeBytes(dir);
    onMeasured?.(bytes);
    const human = `${(bytes / GiB).toFixed(1)} GiB free on ${dir}`;
    if (bytes < thresholds.errorBytes) return { status: 'error', message: human };
    if (bytes < thresholds.warningBytes) return { status: 'warning', message: human };
    return { status: 'ok', message: human };
  };
}
