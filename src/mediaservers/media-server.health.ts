// Owns the "media servers reachable" health check. A server that is down is a warning, not an
// error: imports still happen, the server just learns of them at its next scan.
import { failureWithin, type HealthCheck, type HealthCheckResult } from '../health/health-registry.js';
import type { MediaServerService } from './media-server.service.js';

/** Below the health registry's own 5 s, so one hung server is reported by name, not as a timeout. */
const DEFAULT_CHECK_TIMEOUT_MS = 4000;

export function mediaServersCheck(
  mediaServers: Pick<MediaServerService, 'enabledServers'>,
  timeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): HealthCheck {
  return async (): Promise<HealthCheckResult> => {
    const enabled = await mediaServers.enabledServers();
    // Optional: without one, new files appear at the media server's own next scan.
    if (enabled.length === 0) return { status: 'ok', message: 'no media server configured' };
    const problems = (
      await Promise.all(
        enabled.map(async ({ name, server }) => {
          const failure = await failureWithin(timeoutMs, server.testConnection());
          return failure === undefined ? undefined : `${name}: ${failure}`;
        }),
      )
    ).filter((problem) => problem !== undefined);
    const total = `${enabled.length} media server${enabled.length === 1 ? '' : 's'}`;
    if (problems.length === 0) return { status: 'ok', message: `${total} reachable` };
    return {
      status: 'warning',
      message: `${problems.length} of ${total} unreachable (new files wait for the next library scan): ${problems.join('; ')}`,
    };
  };
}
