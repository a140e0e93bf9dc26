// Runs Prometheus' own rule checker and rule unit tester (`promtool`, Debian package prometheus) on the
// rules of a PrometheusRule, offline: syntax, PromQL and whether each alert fires when it should.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';

const run = promisify(execFile);

export interface AlertScenario {
  /** What the scenario shows, for the report. */
  name: string;
  alert: string;
  /** Prometheus' expanding notation, e.g. `0x5 1x60` (one sample per interval). */
  series: { series: string; values: string }[];
  interval?: string;
  /** [eval time, number of firing alerts of this name], e.g. ['29m', 0], ['31m', 1]. */
  expect: [string, number][];
}

async function promtool(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout, stderr } = await run('promtool', args, {
      cwd,
      timeout: 30_000,
      maxBuffer: 4 * 1024 * 1024,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (failure.code === 'ENOENT') throw new Error('promtool is not installed (Debian package prometheus)');
    throw new Error(
      `promtool ${args[0] ?? ''} ${args[1] ?? ''} failed:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`,
    );
  }
}

/** `promtool check rules` then `promtool test rules` on the scenarios; throws with promtool's output. */
export async function checkAndTestRules(groups: unknown, scenarios: readonly AlertScenario[]): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'omniarr-promtool-'));
  try {
    await writeFile(path.join(dir, 'rules.yaml'), stringify({ groups }));
    await promtool(['check', 'rules', 'rules.yaml'], dir);
    const tests = scenarios.map((scenario) => ({
      name: scenario.name,
      interval: scenario.interval ?? '1m',
      input_series: scenario.series,
      // Counting the ALERTS series compares only whether and how often the alert fires, not the
      // rendered annotation text.
      promql_expr_test: scenario.expect.map(([evalTime, firing]) => ({
        expr: `count(ALERTS{alertname="${scenario.alert}",alertstate="firing"}) or vector(0)`,
        eval_time: evalTime,
        exp_samples: [{ labels: '{}', value: firing }],
      })),
    }));
    await writeFile(
      path.join(dir, 'tests.yaml'),
      stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }),
    );
    await promtool(['test', 'rules', 'tests.yaml'], dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
