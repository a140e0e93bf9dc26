// The PrometheusRule's alerts: valid PromQL, only metrics Omniarr exposes, and each fires exactly when
// its scenario says (Prometheus' own rule unit tester, on synthetic series).
import { beforeAll, describe, expect, it } from 'vitest';
import { omniarrMetricNames } from './manifest-invariants.js';
import { kustomizeBaseWith, type KubernetesObject } from './kustomize.js';
import { checkAndTestRules, type AlertScenario } from './promtool.js';

/** Exposed by src/metrics today, or promised by the issues that add downloads, indexers and backups. */
const omniarrMetrics = new Set([
  'omniarr_disk_free_bytes',
  'omniarr_jobs_total',
  'omniarr_http_request_duration_seconds',
  'omniarr_tracked_downloads',
  'omniarr_indexer_failing',
  'omniarr_backup_last_success_timestamp_seconds',
]);

const requiredAlerts = [
  'OmniarrDown',
  'OmniarrImportsBlocked',
  'OmniarrDownloadsStalled',
  'OmniarrIndexerFailing',
  'OmniarrDiskSpaceLow',
  'OmniarrBackupStale',
];

interface RuleGroups {
  groups: {
    name: string;
    rules: {
      alert?: string;
      expr: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    }[];
  }[];
}

const GiB = 1024 ** 3;

const scenarios: AlertScenario[] = [
  {
    name: 'down: fires 5 minutes after scrapes start failing',
    alert: 'OmniarrDown',
    series: [{ series: 'up{job="omniarr",namespace="media"}', values: '1x9 0x30' }],
    expect: [
      ['9m', 0],
      ['13m', 0],
      ['20m', 1],
    ],
  },
  {
    name: 'down: fires when the target disappears altogether',
    alert: 'OmniarrDown',
    series: [{ series: 'up{job="other",namespace="media"}', values: '1x30' }],
    expect: [['10m', 1]],
  },
  {
    name: 'imports blocked: only after 30 minutes, and not for stalled downloads',
    alert: 'OmniarrImportsBlocked',
    series: [
      { series: 'omniarr_tracked_downloads{state="import_blocked",namespace="media"}', values: '0x5 1x60' },
      { series: 'omniarr_tracked_downloads{state="stalled",namespace="media"}', values: '3x65' },
    ],
    expect: [
      ['30m', 0],
      ['40m', 1],
    ],
  },
  {
    name: 'stalled: after an hour',
    alert: 'OmniarrDownloadsStalled',
    series: [{ series: 'omniarr_tracked_downloads{state="stalled",namespace="media"}', values: '2x120' }],
    expect: [
      ['50m', 0],
      ['70m', 1],
    ],
  },
  {
    name: 'indexers: one alert per failing indexer',
    alert: 'OmniarrIndexerFailing',
    series: [
      { series: 'omniarr_indexer_failing{indexer="a",namespace="media"}', values: '1x60' },
      { series: 'omniarr_indexer_failing{indexer="b",namespace="media"}', values: '1x60' },
      { series: 'omniarr_indexer_failing{indexer="c",namespace="media"}', values: '0x60' },
    ],
    expect: [
      ['20m', 0],
      ['40m', 2],
    ],
  },
  {
    name: 'disk: low under 20 GiB, quiet above',
    alert: 'OmniarrDiskSpaceLow',
    series: [
      { series: 'omniarr_disk_free_bytes{path="/data",namespace="media"}', values: `${10 * GiB}x30` },
      { series: 'omniarr_disk_free_bytes{path="/config",namespace="media"}', values: `${30 * GiB}x30` },
    ],
    expect: [
      ['10m', 0],
      ['20m', 1],
    ],
  },
  {
    name: 'disk: critical only under 5 GiB',
    alert: 'OmniarrDiskSpaceCritical',
    series: [
      { series: 'omniarr_disk_free_bytes{path="/data",namespace="media"}', values: `${10 * GiB}x30` },
      { series: 'omniarr_disk_free_bytes{path="/config",namespace="media"}', values: `${GiB}x30` },
    ],
    expect: [['10m', 1]],
  },
  {
    name: 'backup: stale two days after the last success',
    alert: 'OmniarrBackupStale',
    // Under Prometheus' 5-minute lookback, so the series never goes stale between samples.
    interval: '4m',
    // The last success was at time 0 and never again.
    series: [{ series: 'omniarr_backup_last_success_timestamp_seconds{namespace="media"}', values: '0x800' }],
    expect: [
      ['1d', 0],
      ['50h', 1],
    ],
  },
  {
    name: 'backup: never stale while backups keep succeeding',
    alert: 'OmniarrBackupStale',
    interval: '4m',
    series: [
      { series: 'omniarr_backup_last_success_timestamp_seconds{namespace="media"}', values: '0+240x1000' },
    ],
    expect: [['60h', 0]],
  },
  {
    name: 'jobs: finally failed jobs alert, retries and successes do not',
    alert: 'OmniarrJobsFailing',
    series: [
      {
        series: 'omniarr_jobs_total{name="import",outcome="failed",namespace="media"}',
        values: '0x10 1+1x50',
      },
      { series: 'omniarr_jobs_total{name="refresh",outcome="retry",namespace="media"}', values: '0+5x60' },
      {
        series: 'omniarr_jobs_total{name="refresh",outcome="succeeded",namespace="media"}',
        values: '0+5x60',
      },
    ],
    expect: [
      ['10m', 0],
      ['40m', 1],
    ],
  },
];

describe('PrometheusRule omniarr', () => {
  let rules: RuleGroups;

  beforeAll(async () => {
    const objects = await kustomizeBaseWith([]);
    const rule = objects.find((object: KubernetesObject) => object.kind === 'PrometheusRule');
    if (!rule) throw new Error('the base renders no PrometheusRule');
    rules = rule.spec as RuleGroups;
  });

  it('has every required alert, each with a severity and a summary', () => {
    const alerts = rules.groups.flatMap((group) => group.rules);
    expect(alerts.map((rule) => rule.alert)).toEqual(expect.arrayContaining(requiredAlerts));
    for (const rule of alerts) {
      expect(['warning', 'critical'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
    }
  });

  it('reads only metrics Omniarr exposes', () => {
    const used = rules.groups.flatMap((group) =>
      group.rules.flatMap((rule) => omniarrMetricNames(rule.expr)),
    );
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !omniarrMetrics.has(name))).toEqual([]);
  });

  it('passes promtool check and fires exactly as each scenario expects', async () => {
    await checkAndTestRules(rules.groups, scenarios);
  });

  it('has a scenario for every alert', () => {
    const alerts = rules.groups.flatMap((group) =>
      group.rules.flatMap((rule) => (rule.alert ? [rule.alert] : [])),
    );
    expect(alerts.filter((alert) => !scenarios.some((scenario) => scenario.alert === alert))).toEqual([]);
  });

  it('reports a scenario the rules do not satisfy', async () => {
    const wrong: AlertScenario = { ...scenarios[2]!, expect: [['20m', 1]] };
    await expect(checkAndTestRules(rules.groups, [wrong])).rejects.toThrow(/OmniarrImportsBlocked|FAILED/);
  });
});
