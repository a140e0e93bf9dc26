// Drives downloads through a running test app the way its schedule does, only faster: the end-to-end
// tests grab real torrents from a local seeder and wait for them to be imported.
import type { ApiClient } from './api-client.js';

const ACTIVE = ['queued', 'downloading', 'stalled'];

export interface PipelineDriver {
  api: ApiClient;
  /** Makes the seeder and the download client meet for one torrent: there is no tracker. */
  connect(infoHash: string): Promise<void>;
  /** How long `runPipelineUntil` waits unless told otherwise. */
  timeoutMs: number;
  /** Added to the timeout error after the queue, to say where things stood. */
  state?: () => string;
}

/**
 * A `runPipelineUntil(done, timeoutMs?)` that polls the download client (as the schedule does every
 * 30 s) until `done` holds, introducing the seeder again every two seconds for every download in the
 * queue that is not finished.
 */
export function pipelineRunner(driver: PipelineDriver) {
  const { api } = driver;
  return async function runPipelineUntil(
    done: () => Promise<boolean>,
    timeoutMs = driver.timeoutMs,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastDial = 0;
    while (Date.now() < deadline) {
      const queue = (await api<Array<{ state: string; downloadId: string | null }>>('GET', '/api/v1/queue'))
        .body;
      if (Date.now() - lastDial > 2000) {
        lastDial = Date.now();
        for (const item of queue) {
          if (item.downloadId && ACTIVE.includes(item.state)) {
            await driver.connect(item.downloadId).catch(() => undefined);
          }
        }
      }
      if (queue.length > 0) await api('POST', '/api/v1/queue/refresh');
      if (await done()) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const queue = JSON.stringify((await api('GET', '/api/v1/queue')).body);
    throw new Error(
      `pipeline did not finish in time; queue: ${queue}${driver.state ? `; ${driver.state()}` : ''}`,
    );
  };
}
