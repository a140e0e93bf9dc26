// Owns the "download clients reachable" health check: every enabled client is asked for its version.
// A client that is down is a warning, not an error: Omniarr itself still works and grabs are retried.
import { failureWithin, type HealthCheck, type HealthCheckResult } from '../health/health-registry.js';
import type { DownloadClientService } from './download-client.service.js';

/** Below the health registry's own 5 s, so one hung client is reported by name, not as a timeout. */
const DEFAULT_CHECK_TIMEOUT_MS = 4000;

export function downloadClientsCheck(
  downloadClients: Pick<DownloadClientService, 'enabledClients'>,
  timeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): HealthCheck {
  return async (): Promise<HealthCheckResult> => {
    const enabled = await downloadClients.enabledClients();
    if (enabled.length === 0) {
      return { status: 'warning', message: 'no download client is enabled: grabs cannot be sent anywhere' };
    }
    const problems = (
      await Promise.all(
        enabled.map(async ({ name, client }) => {
          const failure = await failureWithin(timeoutMs, client.testConnection());
          return failure === undefined ? undefined : `${name}: ${failure}`;
        }),
      )
    ).filter((problem) => problem !== undefined);
    if (problems.length === 0) {
      return { status: 'ok', message: `${count(enabled.length, 'download client')} reachable` };
    }
    return {
      status: 'warning',
      message: `${problems.length} of ${count(enabled.length, 'download client')} unreachable: ${problems.join('; ')}`,
    };
  };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
