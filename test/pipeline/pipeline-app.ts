// The service as a user sets it up for the pipeline tests: the real app on SQLite with the TMDB and
// Torznab fakes, a library root folder, the fake indexer and The Matrix added through the API.
//
//   startPipelineApp({ releases, appOptions?, env? }): Promise<PipelineApp>
//   matrixRelease(title, overrides?): FakeRelease        a release the fake indexer lists for The Matrix
//   waitFor(what, probe, timeoutMs?): Promise<T>          polls until probe() returns a value
//   OffsetClock                                           real time that a test can move forward
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppOptions } from '../../src/app/app.js';
import type { Clock } from '../../src/shared/clock.js';
import { startTmdbFake, type TmdbFake } from '../fakes/tmdb/tmdb-fake.js';
import { startTorznabFake, type FakeRelease, type TorznabFake } from '../fakes/torznab/torznab-fake.js';
import { startTestApp, type TestApp } from '../support/app.js';

export const MATRIX = { tmdbId: 603, imdbId: 'tt0133093', title: 'The Matrix', year: 1999, runtime: 136 };
export const GIB = 1024 ** 3;

export interface PipelineApp {
  service: TestApp;
  tmdb: TmdbFake;
  indexer: TorznabFake;
  /** The library root folder (on disk, under the temp dir). */
  library: string;
  movieId: number;
  /** Calls the service's API with the admin key; throws on an unexpected status. */
  api<T>(method: string, route: string, body?: unknown, expectStatus?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Real time plus an offset: jumping ahead makes a job's backoff pass without waiting for it. */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export function matrixRelease(title: string, overrides: Partial<FakeRelease> = {}): FakeRelease {
  const hash = createHash('sha1').update(title).digest('hex');
  return {
    title,
    size: 9 * GIB,
    categories: [2000, 2040],
    pubDate: new Date(Date.UTC(2025, 0, 1)),
    download: `magnet:?xt=urn:btih:${hash}&dn=${encodeURIComponent(title)}`,
    seeders: 40,
    leechers: 2,
    imdbId: MATRIX.imdbId,
    tmdbId: MATRIX.tmdbId,
    ...overrides,
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: Error | undefined;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error instanceof Error ? error : new Error(String(error));
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export async function startPipelineApp(
  options: {
    releases?: FakeRelease[];
    appOptions?: AppOptions;
    env?: Record<string, string>;
    profile?: string;
  } = {},
): Promise<PipelineApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'omniarr-pipeline-'));
  const library = path.join(dir, 'movies');
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const tmdb = await startTmdbFake({
      movies: [
        {
          id: MATRIX.tmdbId,
          title: MATRIX.title,
          imdb_id: MATRIX.imdbId,
          release_date: '1999-03-30',
          runtime: MATRIX.runtime,
          status: 'Released',
        },
      ],
    });
    cleanups.push(() => tmdb.stop());
    const indexer = await startTorznabFake({ releases: options.releases ?? [] });
    cleanups.push(() => indexer.stop());
    const service = await startTestApp(
      'sqlite',
      { OMNIARR_TMDB_API_KEY: tmdb.apiKey, OMNIARR_TMDB_URL: tmdb.url, ...options.env },
      options.appOptions ?? {},
    );
    cleanups.push(() => service.stop());

    const api = async <T>(method: string, route: string, body?: unknown, expectStatus?: number) => {
      const response = await fetch(`${service.url}${route}`, {
        method,
        headers: {
          'x-api-key': service.apiKey,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await response.text();
      const ok = expectStatus === undefined ? response.ok : response.status === expectStatus;
      if (!ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    };

    mkdirSync(library, { recursive: true });
    await api('POST', '/api/v1/rootfolders', { path: library });
    await api('POST', '/api/v1/indexers?test=false', {
      name: 'Fake Torznab',
      implementation: 'torznab',
      url: indexer.url,
      apiKey: indexer.apiKey,
      minIntervalMs: 0,
      timeoutMs: 5000,
    });
    const profiles = await api<Array<{ id: number; name: string }>>('GET', '/api/v1/qualityprofiles');
    const profile = profiles.find((candidate) => candidate.name === (options.profile ?? 'HD-1080p'));
    if (!profile) throw new Error(`no quality profile ${options.profile ?? 'HD-1080p'}`);
    const movie = await api<{ id: number }>('POST', '/api/v1/movies', {
      tmdbId: MATRIX.tmdbId,
      qualityProfileId: profile.id,
      rootFolderPath: library,
      monitored: true,
    });
    return { service, tmdb, indexer, library, movieId: movie.id, api, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
