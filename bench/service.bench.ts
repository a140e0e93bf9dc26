// Start-up benchmarks of the built service: cold start to the first /ping answer, and resident
// memory once it sits idle. Each figure is the median of several fresh starts on a new data dir.
// `startService` is shared with the benchmarks that start the service on a prepared data dir.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Always the BUILT service, whether this module runs from dist/bench (npm run bench) or from source
// (a test through vitest): that is what users run.
const here = path.dirname(fileURLToPath(import.meta.url));
const main = path.resolve(
  here,
  path.basename(path.dirname(here)) === 'dist' ? '../src/cli/main.js' : '../dist/src/cli/main.js',
);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export function rssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  return kilobytes / 1024;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface RunningService {
  pid: number;
  baseUrl: string;
  coldStartMs: number;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>;
}

/** Starts `dist/src/cli/main.js serve` on `dataDir` and resolves once /ping answers. */
export async function startService(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<RunningService> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [main, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      OMNIARR_DATA_DIR: dataDir,
      OMNIARR_PORT: String(port),
      OMNIARR_BIND: '127.0.0.1',
      OMNIARR_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Kept (the last few KB) so a failed start says why.
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    for (;;) {
      try {
        const response = await fetch(`${baseUrl}/ping`, { signal: AbortSignal.timeout(2000) });
        if (response.ok) return { pid: child.pid!, baseUrl, coldStartMs: performance.now() - started, stop };
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null)
        throw new Error(`service exited during start-up (code ${child.exitCode}): ${stderr.trim()}`);
      if (performance.now() - started > 60_000) throw new Error('service did not answer /ping within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

async function oneStart(idleMs: number): Promise<{ coldStartMs: number; idleRssMb: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'omniarr-bench-'));
  try {
    const service = await startService(dataDir);
    try {
      await new Promise((resolve) => setTimeout(resolve, idleMs));
      return { coldStartMs: service.coldStartMs, idleRssMb: rssMegabytes(service.pid) };
    } finally {
      await service.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function serviceBenchmark(runs = 5, idleMs = 3000): Promise<Record<string, number>> {
  const results = [];
  for (let run = 0; run < runs; run += 1) results.push(await oneStart(idleMs));
  return {
    runs,
    coldStartToPingMsMedian: Math.round(median(results.map((result) => result.coldStartMs))),
    idleRssMbMedian: Math.round(median(results.map((result) => result.idleRssMb)) * 10) / 10,
  };
}
