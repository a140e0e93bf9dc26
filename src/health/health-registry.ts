// Owns the deep health checks behind /api/v1/health and `omniarr doctor`. Each subsystem registers
// its own check; a check that throws or overruns its timeout counts as an error, never a hang.
export type HealthStatus = 'ok' | 'warning' | 'error';

export interface HealthCheckResult {
  status: HealthStatus;
  message: string;
}

export interface HealthReport {
  status: HealthStatus;
  checks: Array<HealthCheckResult & { name: string; durationMs: number }>;
}

export type HealthCheck = () => Promise<HealthCheckResult>;

const severity: Record<HealthStatus, number> = { ok: 0, warning: 1, error: 2 };

export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  constructor(private readonly timeoutMs = 5000) {}

  register(name: string, check: HealthCheck): void {
    if (this.checks.has(name)) throw new Error(`health check "${name}" is registered twice`);
    this.checks.set(name, check);
  }

  async run(): Promise<HealthReport> {
    const checks = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        const started = performance.now();
        const result = await this.runOne(check);
        return { name, ...result, durationMs: Math.round(performance.now() - started) };
      }),
    );
    const status = checks.reduce<HealthStatus>(
      (worst, check) => (severity[check.status] > severity[worst] ? check.status : worst),
      'ok',
    );
    return { status, checks };
  }

  private async runOne(check: HealthCheck): Promise<HealthCheckResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<HealthCheckResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ status: 'error', message: `no answer within ${this.timeoutMs} ms` }),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([check(), timeout]);
    } catch (error) {
      return { status: 'error', message: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Resolves with undefined when `work` succeeds in time, else with why it did not (for checks that ask several things). */
export async function failureWithin(timeoutMs: number, work: Promise<unknown>): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([
      work.then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
