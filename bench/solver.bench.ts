// What the challenge solver costs in memory: this process plus every Chromium process under it
// (from /proc), sampled during one cold solve of a loopback JS challenge, then again once the idle
// timeout has closed the browser. Two sums are given: RSS (what `ps` and most dashboards add up, which
// counts pages Chromium's processes share once per process) and PSS (shared pages divided among their
// sharers: what the tree really occupies, and closer to what a cgroup limit sees).
// FlareSolverr users size that container at 1 GiB.
import { ChromiumHost } from '../src/solver/chromium-host.js';
import { parseSolverCommand } from '../src/solver/flaresolverr-protocol.js';
import { chromiumProcessesOf, processTreePss, processTreeRss } from '../src/solver/process-tree.js';
import { SolverService } from '../src/solver/solver.service.js';
import { startChallengeSite } from '../test/solver/challenge-site.js';

export interface SolverBenchmarkOptions {
  idleTimeoutMs?: number;
  executablePath?: string;
}

interface Memory {
  rssMiB: number;
  pssMiB: number;
}

export interface SolverBenchmarkResult {
  solveMs: number;
  message: string;
  /** This process alone, before the browser existed. */
  before: Memory;
  /** Highest sums over the process tree while the solve ran (browser start included). */
  peakDuringSolve: Memory;
  /** Browser processes seen during the solve, at most. */
  chromiumProcessesAtPeak: number;
  /** Right after the solve: the browser is still up, waiting for its idle timeout. */
  afterSolve: Memory;
  idleTimeoutMs: number;
  /** Once the idle timeout closed the browser. */
  afterIdle: Memory;
  chromiumProcessesAfterIdle: number;
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function measure(): Promise<Memory> {
  const [rss, pss] = await Promise.all([processTreeRss(process.pid), processTreePss(process.pid)]);
  return { rssMiB: mib(rss), pssMiB: mib(pss) };
}

export async function solverBenchmark(options: SolverBenchmarkOptions = {}): Promise<SolverBenchmarkResult> {
  const idleTimeoutMs = options.idleTimeoutMs ?? 2000;
  const site = await startChallengeSite({ delayMs: 300 });
  const host = new ChromiumHost({ idleTimeoutMs, executablePath: options.executablePath });
  const service = new SolverService({ host, version: 'bench' });
  try {
    const before = await measure();
    const peak = { ...before };
    let processesAtPeak = 0;
    let sampling = false;
    const sample = async () => {
      if (sampling) return;
      sampling = true;
      try {
        const [now, processes] = await Promise.all([measure(), chromiumProcessesOf(process.pid)]);
        peak.rssMiB = Math.max(peak.rssMiB, now.rssMiB);
        peak.pssMiB = Math.max(peak.pssMiB, now.pssMiB);
        processesAtPeak = Math.max(processesAtPeak, processes.length);
      } finally {
        sampling = false;
      }
    };
    const sampler = setInterval(() => void sample(), 25);
    const started = performance.now();
    let message: string;
    try {
      const url = `${site.url}/search?q=dune`;
      message = (await service.run(parseSolverCommand({ cmd: 'request.get', url, maxTimeout: 30_000 })))
        .message;
    } finally {
      clearInterval(sampler);
    }
    const solveMs = Math.round(performance.now() - started);
    await sample();
    const afterSolve = await measure();

    // The browser exits on its own after the idle timeout; wait for its last process to go.
    const until = Date.now() + idleTimeoutMs + 10_000;
    while ((await chromiumProcessesOf(process.pid)).length > 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return {
      solveMs,
      message,
      before,
      peakDuringSolve: peak,
      chromiumProcessesAtPeak: processesAtPeak,
      afterSolve,
      idleTimeoutMs,
      afterIdle: await measure(),
      chromiumProcessesAfterIdle: (await chromiumProcessesOf(process.pid)).length,
    };
  } finally {
    await service.close();
    await site.close();
  }
}
