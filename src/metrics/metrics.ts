// Owns the Prometheus registry: process metrics and the metrics of every subsystem, all with the
// `omniarr_` prefix. Subsystems get the metric objects they update; /metrics renders the registry.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'omniarr_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly jobsTotal = new Counter({
    name: 'omniarr_jobs_total',
    help: 'Finished job attempts by job name and outcome (succeeded, failed, retry).',
    labelNames: ['name', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'omniarr_job_duration_seconds',
    help: 'Job attempt duration by job name.',
    labelNames: ['name'] as const,
    buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [this.registry],
  });

  readonly diskFreeBytes = new Gauge({
    name: 'omniarr_disk_free_bytes',
    help: 'Free bytes on the filesystem holding a path Omniarr writes to (measured by the health check).',
    labelNames: ['path'] as const,
    registers: [this.registry],
  });

  readonly backupLastSuccess = new Gauge({
    name: 'omniarr_backup_last_success_timestamp_seconds',
    help: 'When the last database backup succeeded (Unix seconds).',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'omniarr_' });
  }

  /**
   * A gauge whose value is read from the database when Prometheus scrapes, so it can never drift
   * from the state the API shows.
   */
  observe(
    name: string,
    help: string,
    labelNames: readonly string[],
    read: () => Promise<Array<{ labels: Record<string, string>; value: number }>>,
  ): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const sample of await read()) this.set(sample.labels, sample.value);
      },
    });
  }

  onJobFinished(name: string, outcome: 'succeeded' | 'failed' | 'retry', seconds: number): void {
    this.jobsTotal.inc({ name, outcome });
    this.jobDuration.observe({ name }, seconds);
  }
}
