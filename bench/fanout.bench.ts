// Time to results of one search fanned out to 20 indexers, one of which never answers (the socket
// stays open, no headers ever come): Prowlarr users wait up to 100 s for the slowest site. Every
// indexer is a Torznab contract fake on loopback, added through the service's API; the search goes
// through IndexerService.searchAll, as a movie search does. Results must arrive at the per-indexer
// timeout, with the hanging indexer reported as a timeout, never later.
//
// The first run is cold (each client fetches its caps first); the hanging indexer's back-off is reset
// before every run, so each run asks it again and waits for it the full per-indexer timeout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type App } from '../src/app/app.js';
import { generateApiKey } from '../src/auth/secrets.js';
import { loadConfig } from '../src/config/env.js';
import type { SearchOutcome } from '../src/indexers/indexer.service.js';
import { startTorznabFake, type FakeRelease, type TorznabFake } from '../test/fakes/torznab/torznab-fake.js';
import { median } from './service.bench.js';

export interface FanoutBenchmarkOptions {
  indexers?: number;
  /** Each indexer's timeout (the API accepts 1000 ms or more). */
  perIndexerTimeoutMs?: number;
  runs?: number;
}

export interface FanoutBenchmarkResult {
  indexers: number;
  hangingIndexers: number;
  perIndexerTimeoutMs: number;
  /** Median over the runs, from calling searchAll to holding the merged results. */
  msToResults: number;
  /** The first run, which also fetched every indexer's caps. */
  coldMsToResults: number;
  runsMs: number[];
  /** Releases returned (after merging the one listed by every indexer). */
  releases: number;
  answered: number;
  failures: Array<{ indexer: string; kind: string }>;
}

const SHARED_HASH = 'f'.repeat(40);

function releasesOf(index: number): FakeRelease[] {
  const own = (index + 1).toString(16).padStart(40, '0');
  const magnet = (hash: string, title: string) =>
    `magnet:?xt=urn:btih:${hash}&dn=${encodeURIComponent(title)}`;
  const ownTitle = `The.Matrix.1999.1080p.BluRay.x264-GROUP${index}`;
  const sharedTitle = 'The.Matrix.1999.2160p.UHD.BluRay.x265-SHARED';
  return [
    {
      title: ownTitle,
      size: 8_000_000_000,
      categories: [2040],
      pubDate: new Date('2026-11-01T00:00:00Z'),
      download: magnet(own, ownTitle),
      seeders: 10 + index,
    },
    {
      title: sharedTitle,
      size: 20_000_000_000,
      categories: [2045],
      pubDate: new Date('2026-11-01T00:00:00Z'),
      download: magnet(SHARED_HASH, sharedTitle),
      seeders: index,
    },
  ];
}

interface Service {
  app: App;
  url: string;
  apiKey: string;
  dataDir: string;
}

/** The whole service in this process (SQLite in a temp dir, loopback, a free port). */
async function startService(): Promise<Service> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'omniarr-fanout-bench-'));
  const apiKey = generateApiKey();
  try {
    const config = loadConfig({
      OMNIARR_BIND: '127.0.0.1',
      OMNIARR_DATA_DIR: dataDir,
      OMNIARR_API_KEY: apiKey,
      OMNIARR_LOG_LEVEL: 'error',
      // No jobs run here; a short drain keeps the stop from holding the process open for long.
      OMNIARR_SHUTDOWN_TIMEOUT: '1',
    });
    config.port = 0;
    const app = await startApp(config);
    return { app, url: app.url.replace('0.0.0.0', '127.0.0.1'), apiKey, dataDir };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function addIndexer(service: Service, name: string, fake: TorznabFake, timeoutMs: number) {
  // Not tested on save: the hanging one would fail its test, and saving is not what is measured.
  const response = await fetch(`${service.url}/api/v1/indexers?test=false`, {
    method: 'POST',
    headers: { 'x-api-key': service.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({
      name,
      implementation: 'torznab',
      url: fake.url,
      apiKey: fake.apiKey,
      timeoutMs,
      minIntervalMs: 0,
    }),
  });
  if (response.status !== 201)
    throw new Error(`adding indexer ${name}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: number }).id;
}

export async function fanoutBenchmark(options: FanoutBenchmarkOptions = {}): Promise<FanoutBenchmarkResult> {
  const count = options.indexers ?? 20;
  const timeoutMs = options.perIndexerTimeoutMs ?? 2000;
  const runs = Math.max(1, options.runs ?? 5);
  const fakes: TorznabFake[] = [];
  let service: Service | undefined;
  try {
    for (let index = 0; index < count; index++)
      fakes.push(await startTorznabFake({ releases: releasesOf(index) }));
    const hanging = fakes[count - 1]!;
    hanging.setFault('hang');
    service = await startService();
    const ids: number[] = [];
    for (const [index, fake] of fakes.entries())
      ids.push(await addIndexer(service, `Indexer ${index + 1}`, fake, timeoutMs));
    const hangingName = `Indexer ${count}`;
    const indexers = service.app.domain.indexers;

    const runsMs: number[] = [];
    let last: SearchOutcome | undefined;
    for (let run = 0; run < runs; run++) {
      await indexers.resetHealth(ids[count - 1]!);
      const started = performance.now();
      last = await indexers.searchAll({ kind: 'text', text: 'Matrix' }, { deadlineMs: timeoutMs * 10 });
      runsMs.push(Math.round(performance.now() - started));
      // A figure from a run that did not do what is measured would mislead: say so instead.
      const timedOut = last.failures.map((failure) => `${failure.indexer}:${failure.kind}`);
      if (last.answered.length !== count - 1 || timedOut.join() !== `${hangingName}:timeout`) {
        throw new Error(
          `fan-out run ${run + 1}: ${last.answered.length} of ${count - 1} answered, failures [${timedOut.join(', ')}]`,
        );
      }
    }
    return {
      indexers: count,
      hangingIndexers: 1,
      perIndexerTimeoutMs: timeoutMs,
      msToResults: median(runsMs),
      coldMsToResults: runsMs[0]!,
      runsMs,
      releases: last!.releases.length,
      answered: last!.answered.length,
      failures: last!.failures.map(({ indexer, kind }) => ({ indexer, kind })),
    };
  } finally {
    await service?.app.stop();
    if (service) rmSync(service.dataDir, { recursive: true, force: true });
    await Promise.all(fakes.map((fake) => fake.stop()));
  }
}
