// TV library figures on SQLite with 2,000 series / 100,000 episodes: the built service's resident
// memory idle with that library (and after the page runs), and p50/p95 latency of 100-item pages of
// the series list, wanted/missing, wanted/cutoff and the calendar, through the real HTTP API, pages
// spread over each whole list (deep offsets included). The library is also what the RSS benchmark
// decides against: series through the real repository (the rows the service writes), files in bulk.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import type { Database } from '../src/db/schema.js';
import { sortTitleOf } from '../src/movies/movie.service.js';
import { cleanTitle } from '../src/parser/index.js';
import { ProfileRepository } from '../src/profiles/profile.repository.js';
import { ProfileService } from '../src/profiles/profile.service.js';
import type { NewEpisode } from '../src/series/episode-refresh.js';
import type { SeriesType } from '../src/series/series.js';
import { SeriesRepository } from '../src/series/series.repository.js';
import { systemClock } from '../src/shared/clock.js';
import { rssMegabytes, startService } from './service.bench.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const PAGE = 100;
const ROOT = '/data/media/tv';

const first = ['Dark', 'Silent', 'Golden', 'Broken', 'Hidden', 'Crimson', 'Northern', 'Endless', 'Hollow', 'Burning', 'Frozen', 'Wild', 'Quiet', 'Last', 'Iron', 'Paper', 'Glass', 'Distant', 'Lonely', 'Savage', 'Bright', 'Twisted', 'Sacred', 'Restless']; // prettier-ignore
const second = ['River', 'Harbor', 'Empire', 'Valley', 'Station', 'Kingdom', 'Frontier', 'Garden', 'Tower', 'Island', 'Circuit', 'Orchard', 'Canyon', 'Signal', 'Meadow', 'Bureau', 'Academy', 'Market', 'Lantern', 'Citadel', 'Parish', 'Highway', 'Colony', 'Mirror']; // prettier-ignore
const third = ['Chronicles', 'Files', 'Diaries', 'Stories', 'Nights', 'Years', 'Rules', 'Games', 'Secrets', 'Legends', 'Tapes', 'Hours', 'Affairs', 'Lessons', 'Papers', 'Trials', 'Confessions', 'Voyages', 'Letters', 'Echoes', 'Saints', 'Wars', 'Dreams', 'Shadows']; // prettier-ignore

/** A distinct three-word title per index (13,824 of them); the RSS benchmark's unknown series too. */
export function benchSeriesTitle(index: number): string {
  const n = index % (24 * 24 * 24);
  return `${first[n % 24]!} ${second[Math.floor(n / 24) % 24]!} ${third[Math.floor(n / 576) % 24]!}`;
}

export function benchSeriesType(index: number): SeriesType {
  return index % 10 === 3 ? 'daily' : index % 10 === 7 ? 'anime' : 'standard';
}

/** Every tenth series is not monitored; one episode in twenty is not either. */
const seriesMonitored = (index: number) => index % 10 !== 9;

/** The seeded library's shape, for the benchmarks that use it. */
export interface SeededSeriesLibrary {
  series: number;
  episodes: number;
  files: number;
  seedSeconds: number;
}

/** The qualities files are given in turn; against HD-1080p and Any (cutoff Bluray-1080p) 3 in 5 fall short. */
const FILE_QUALITIES = ['WEBDL-1080p', 'Bluray-1080p', 'HDTV-720p', 'Remux-1080p', 'WEBRip-1080p'];

/**
 * Seeds `seriesCount` series of 5 seasons × `perSeason` episodes: weekly (daily shows: daily) from a
 * start between 10 and 610 weeks ago, so the calendar has a few hundred episodes a month around now;
 * one series in 20 has air dates without a time; seven aired episodes in ten have a file.
 */
export async function seedSeriesLibrary(
  db: Kysely<Database>,
  now: number,
  seriesCount = 2_000,
  perSeason = 10,
): Promise<SeededSeriesLibrary> {
  const started = performance.now();
  const profiles = new ProfileService(new ProfileRepository(db), systemClock);
  await profiles.seedDefaults();
  const profileIds = new Map((await profiles.listProfiles()).map((profile) => [profile.name, profile.id]));
  const profileFor = (index: number) => profileIds.get(index % 2 ? 'HD-1080p' : 'Any')!;
  const repository = new SeriesRepository(db);

  for (let index = 0; index < seriesCount; index += 1) {
    const title = benchSeriesTitle(index);
    const seriesType = benchSeriesType(index);
    const year = 2000 + (index % 25);
    const start = now - (10 + ((index * 37) % 600)) * WEEK + (index % 6) * HOUR;
    const dateOnly = index % 20 === 0;
    const runtime = seriesType === 'anime' ? 24 : seriesType === 'daily' ? 45 : 30 + (index % 4) * 15;
    const episodes: NewEpisode[] = [];
    for (let season = 1; season <= 5; season += 1) {
      for (let number = 1; number <= perSeason; number += 1) {
        const k = (season - 1) * perSeason + number - 1;
        const at = start + k * (seriesType === 'daily' ? DAY : WEEK);
        const airDate = new Date(at).toISOString().slice(0, 10);
        episodes.push({
          seasonNumber: seriesType === 'daily' ? 2020 + season : season,
          episodeNumber: number,
          absoluteNumber: seriesType === 'anime' ? k + 1 : null,
          airDate,
          // As the catalog stores a date without a time: the midnight ending it.
          airDateUtc: dateOnly ? Date.parse(`${airDate}T00:00:00Z`) + DAY : at,
          title: `Chapter ${k + 1}`,
          overview: 'Someone wants something, someone else stands in the way, and it costs them both.',
          runtime,
          monitored: k % 20 !== 19,
        });
      }
    }
    await repository.insert({
      tvdbId: 300_000 + index,
      tvmazeId: 10_000 + index,
      tmdbId: 50_000 + index,
      imdbId: `tt${String(5_000_000 + index)}`,
      title,
      cleanTitle: cleanTitle(title),
      sortTitle: sortTitleOf(title),
      year,
      overview: 'A series about people in a place, over several seasons.',
      status: index % 3 === 0 ? 'ended' : 'continuing',
      network: ['HBO', 'AMC', 'BBC One', 'NHK', 'Netflix'][index % 5]!,
      runtime,
      seriesType,
      seasonFolders: true,
      monitored: seriesMonitored(index),
      monitorNewSeasons: true,
      qualityProfileId: profileFor(index),
      rootFolderPath: ROOT,
      path: `${ROOT}/${title} (${year})`,
      tags: [],
      addedAt: now - index * 60_000,
      alternativeTitles: [{ title: `${title} (US)`, cleanTitle: cleanTitle(`${title} US`) }],
      seasons: [1, 2, 3, 4, 5].map((season) => ({
        seasonNumber: seriesType === 'daily' ? 2020 + season : season,
        monitored: true,
      })),
      episodes,
    });
  }

  // Files in bulk: one per episode, its id the episode's, linked in one statement.
  const aired = await db
    .selectFrom('episodes')
    .select(['id', 'series_id', 'season_number', 'episode_number'])
    .where('air_date_utc', '<=', now)
    .orderBy('id')
    .execute();
  const withFile = aired.filter((episode) => (episode.id * 7919) % 10 < 7);
  await db.transaction().execute(async (trx) => {
    for (let offset = 0; offset < withFile.length; offset += 500) {
      await trx
        .insertInto('episode_files')
        .values(
          withFile.slice(offset, offset + 500).map((episode) => {
            const quality = FILE_QUALITIES[episode.id % FILE_QUALITIES.length]!;
            return {
              id: episode.id,
              series_id: episode.series_id,
              season_number: episode.season_number,
              relative_path: `Season ${episode.season_number}/S${episode.season_number}E${episode.episode_number} ${quality}.mkv`,
              size: 1_500_000_000,
              quality_name: quality,
              revision: '{"version":1,"real":0,"isRepack":false}',
              media_info: null,
              release_group: 'GRP',
              scene_name: null,
              languages: '["English"]',
              date_added: now,
            };
          }),
        )
        .execute();
    }
    await trx
      .updateTable('episodes')
      .set((eb) => ({ episode_file_id: eb.ref('episodes.id') }))
      .where('id', 'in', (eb) => eb.selectFrom('episode_files').select('episode_files.id'))
      .execute();
  });
  return {
    series: seriesCount,
    episodes: seriesCount * 5 * perSeason,
    files: withFile.length,
    seedSeconds: (performance.now() - started) / 1000,
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

interface PageFigures {
  totalRecords: number;
  pages: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
}

/** `requests` GETs of 100-item pages spread over the whole list (first, last and deep ones included). */
async function timePages(
  baseUrl: string,
  apiKey: string,
  route: string,
  requests: number,
): Promise<PageFigures> {
  const get = async (page: number) => {
    const separator = route.includes('?') ? '&' : '?';
    const response = await fetch(`${baseUrl}${route}${separator}page=${page}&pageSize=${PAGE}`, {
      headers: { 'X-Api-Key': apiKey },
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`GET ${route} page ${page}: HTTP ${response.status}`);
    return (await response.json()) as { totalRecords: number; records: unknown[] };
  };
  const { totalRecords } = await get(1);
  const pages = Math.max(1, Math.ceil(totalRecords / PAGE));
  if (totalRecords < PAGE) throw new Error(`${route} has ${totalRecords} records, fewer than a page`);
  for (let warm = 0; warm < 5; warm += 1) await get(1 + ((warm * 13) % pages));
  const times: number[] = [];
  for (let i = 0; i < requests; i += 1) {
    const page = i === 0 ? pages : 1 + ((i * 37) % pages);
    const started = performance.now();
    const body = await get(page);
    times.push(performance.now() - started);
    const expected = page < pages ? PAGE : totalRecords - (pages - 1) * PAGE;
    if (body.records.length !== expected)
      throw new Error(`${route} page ${page}: ${body.records.length} records, expected ${expected}`);
  }
  return {
    totalRecords,
    pages,
    requests,
    p50Ms: round(percentile(times, 50), 2),
    p95Ms: round(percentile(times, 95), 2),
  };
}

export interface SeriesBenchmark {
  series: number;
  episodes: number;
  episodeFiles: number;
  seedSeconds: number;
  databaseMb: number;
  coldStartToPingMs: number;
  idleRssMb: number;
  afterPagesRssMb: number;
  seriesList: PageFigures;
  wantedMissing: PageFigures;
  wantedCutoff: PageFigures;
  calendar30Days: PageFigures;
}

export async function seriesBenchmark(
  seriesCount = 2_000,
  perSeason = 10,
  requests = 200,
  idleMs = 3000,
): Promise<SeriesBenchmark> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'omniarr-series-bench-'));
  const apiKey = randomBytes(24).toString('hex');
  const now = Date.now();
  try {
    const handle = openDatabase({ dataDir, databaseUrl: undefined });
    let seeded: SeededSeriesLibrary;
    try {
      await migrateToLatest(handle);
      seeded = await seedSeriesLibrary(handle.db, now, seriesCount, perSeason);
    } finally {
      await handle.close();
    }
    const databaseMb = statSync(path.join(dataDir, 'omniarr.db'), { throwIfNoEntry: false })?.size;

    const service = await startService(dataDir, { OMNIARR_API_KEY: apiKey });
    try {
      await new Promise((resolve) => setTimeout(resolve, idleMs));
      const idleRssMb = rssMegabytes(service.pid);
      const today = Math.floor(now / DAY) * DAY;
      const from = new Date(today - 14 * DAY).toISOString();
      const to = new Date(today + 16 * DAY).toISOString();
      const seriesList = await timePages(service.baseUrl, apiKey, '/api/v1/series', requests);
      const wantedMissing = await timePages(service.baseUrl, apiKey, '/api/v1/wanted/missing', requests);
      const wantedCutoff = await timePages(service.baseUrl, apiKey, '/api/v1/wanted/cutoff', requests);
      const calendar30Days = await timePages(
        service.baseUrl,
        apiKey,
        `/api/v1/calendar?start=${from}&end=${to}`,
        requests,
      );
      await new Promise((resolve) => setTimeout(resolve, idleMs));
      return {
        series: seeded.series,
        episodes: seeded.episodes,
        episodeFiles: seeded.files,
        seedSeconds: round(seeded.seedSeconds),
        databaseMb: databaseMb === undefined ? -1 : round(databaseMb / 1024 / 1024),
        coldStartToPingMs: Math.round(service.coldStartMs),
        idleRssMb: round(idleRssMb),
        afterPagesRssMb: round(rssMegabytes(service.pid)),
        seriesList,
        wantedMissing,
        wantedCutoff,
        calendar30Days,
      };
    } finally {
      await service.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
