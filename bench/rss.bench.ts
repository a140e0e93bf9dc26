// One RSS sync of 1,000 releases against the 2,000-series / 100,000-episode SQLite library of the
// series benchmark: time to decide. The mix is what an RSS feed looks like: most releases are for
// series the user does not have; about one in five is for a library series (single episodes,
// multi-episode releases, season packs, daily shows by date, anime by absolute number), some with the
// indexer's TVDB id. Each name is parsed once, matched through the series catalog index, and each
// matched series' releases go through the EpisodeReleaseEvaluator (its reads, then the engine), as
// the RSS sync does. Then the real `RssSyncService.decide` over the same releases: the same work plus
// held releases, the stored sync record and its decisions, and the grabs written to the database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import type { Database } from '../src/db/schema.js';
import type { CandidateRelease } from '../src/decisions/decision.types.js';
import { selectEpisodeGrabs } from '../src/decisions/episode-decision-engine.js';
import { GRAB_JOB, GrabService } from '../src/downloads/grab.service.js';
import { TrackedDownloadRepository } from '../src/downloads/tracked-download.repository.js';
import { HistoryRepository } from '../src/history/history.repository.js';
import type { IndexerRelease } from '../src/indexers/indexer.js';
import { parseRelease, type ParsedRelease } from '../src/parser/index.js';
import { ProfileRepository } from '../src/profiles/profile.repository.js';
import { ProfileService } from '../src/profiles/profile.service.js';
import { EpisodeFileRepository } from '../src/series/episode-file.repository.js';
import { SeriesCatalogIndex } from '../src/series/series-catalog-index.js';
import { SeriesRepository } from '../src/series/series.repository.js';
import { JobQueue } from '../src/jobs/job-queue.js';
import { JobRegistry } from '../src/jobs/job-registry.js';
import { JobRepository } from '../src/jobs/job.repository.js';
import { pino } from 'pino';
import { z } from 'zod';
import { EpisodeReleaseEvaluator } from '../src/search/episode-release-evaluator.js';
import { PendingReleaseRepository } from '../src/search/pending-release.repository.js';
import { PendingReleaseService } from '../src/search/pending-release.service.js';
import { RssSyncService } from '../src/search/rss-sync.service.js';
import { SearchRepository } from '../src/search/search.repository.js';
import { systemClock } from '../src/shared/clock.js';
import { indexerRelease } from '../test/support/releases.js';
import { seededRandom } from './random.js';
import { benchSeriesTitle, seedSeriesLibrary } from './series.bench.js';

const RELEASES = 1_000;
const GB = 1024 ** 3;

const dotted = (title: string) => title.replace(/ /g, '.');
const pad = (value: number) => String(value).padStart(2, '0');
const singleTails = ['1080p.WEB-DL.DDP5.1.H.264-NTb', '720p.HDTV.x264-KILLERS', '1080p.AMZN.WEBRip.DDP5.1.x264-FLUX', '2160p.WEB-DL.DV.HDR.DDP5.1.H.265-NTb', '1080p.BluRay.x264-DEMAND', '480p.HDTV.x264-mSD']; // prettier-ignore
const packTails = ['1080p.BluRay.x264-DEMAND', '1080p.WEB-DL.DDP5.1.H.264-NTb', '720p.BluRay.x264-SHORTBREHD']; // prettier-ignore

function release(index: number, title: string, size: number, extra: Partial<IndexerRelease> = {}) {
  const torrent = index % 4 !== 0;
  return indexerRelease({
    guid: `rss-${index}`,
    title,
    indexer: torrent ? 'Tracker' : 'Usenet',
    protocol: torrent ? 'torrent' : 'usenet',
    downloadUrl: `http://127.0.0.1/download/${index}`,
    infoHash: torrent ? index.toString(16).padStart(40, '0') : null,
    size: Math.round(size),
    publishDate: new Date(Date.now() - (index % 90) * 60_000),
    seeders: torrent ? 5 + (index % 200) : null,
    categories: [5000, 5040],
    ...extra,
  });
}

interface LibraryEpisode {
  seriesIndex: number;
  seasonNumber: number;
  episodeNumber: number;
  absoluteNumber: number | null;
  airDate: string | null;
}

/**
 * 1,000 releases: ~80% for series outside the library, the rest for library series through every way
 * a release names its episodes; one matching release in four carries the indexer's TVDB id.
 */
export async function rssReleases(
  db: Kysely<Database>,
  seriesCount: number,
  count = RELEASES,
): Promise<IndexerRelease[]> {
  const next = seededRandom(2024);
  const rows = await db
    .selectFrom('episodes')
    .innerJoin('series', 'series.id', 'episodes.series_id')
    .select(['series.tvdb_id', 'season_number', 'episode_number', 'absolute_number', 'air_date'])
    .where('episodes.episode_number', 'in', [1, 4, 7])
    .orderBy('episodes.id')
    .execute();
  const episodes: LibraryEpisode[] = rows.map((row) => ({
    seriesIndex: (row.tvdb_id ?? 300_000) - 300_000,
    seasonNumber: row.season_number,
    episodeNumber: row.episode_number,
    absoluteNumber: row.absolute_number,
    airDate: row.air_date,
  }));
  return Array.from({ length: count }, (_, i) => {
    if (next() >= 0.2) {
      // A series the user does not have (titles past the library's), mostly singles, some packs.
      const title = dotted(benchSeriesTitle(seriesCount + Math.floor(next() * 8000)));
      const season = 1 + Math.floor(next() * 8);
      if (next() < 0.1)
        return release(i, `${title}.S${pad(season)}.${packTails[i % packTails.length]!}`, 12 * GB);
      const tail = singleTails[i % singleTails.length]!;
      return release(i, `${title}.S${pad(season)}E${pad(1 + Math.floor(next() * 12))}.${tail}`, 1.4 * GB);
    }
    const episode = episodes[Math.floor(next() * episodes.length)]!;
    const title = benchSeriesTitle(episode.seriesIndex);
    const ids = next() < 0.25 ? { tvdbId: 300_000 + episode.seriesIndex } : {};
    if (episode.absoluteNumber !== null) {
      const crc = ((i * 2654435761) >>> 0).toString(16).toUpperCase().padStart(8, '0');
      const number = String(episode.absoluteNumber).padStart(2, '0');
      return release(i, `[SubsPlease] ${title} - ${number} (1080p) [${crc}].mkv`, 1.3 * GB, ids);
    }
    if (episode.seasonNumber > 1000 && episode.airDate) {
      const date = episode.airDate.replace(/-/g, '.');
      return release(i, `${dotted(title)}.${date}.720p.WEB.h264-BAE`, 0.9 * GB, ids);
    }
    const code = `S${pad(episode.seasonNumber)}E${pad(episode.episodeNumber)}`;
    const shape = next();
    if (shape < 0.15)
      return release(i, `${dotted(title)}.S${pad(episode.seasonNumber)}.${packTails[i % 3]!}`, 14 * GB, ids);
    if (shape < 0.25) {
      const multi = `${code}E${pad(episode.episodeNumber + 1)}`;
      return release(i, `${dotted(title)}.${multi}.720p.HDTV.x264-KILLERS`, 2.2 * GB, ids);
    }
    return release(i, `${dotted(title)}.${code}.${singleTails[i % singleTails.length]!}`, 1.4 * GB, ids);
  });
}

export interface RssBenchmark {
  releases: number;
  series: number;
  episodes: number;
  /** Releases for a library series (by id or title). */
  matched: number;
  /** Library series with at least one release. */
  seriesDecided: number;
  ambiguous: number;
  accepted: number;
  grabs: number;
  /** Parse every name, match it, decide every matched series: what one sync costs, ms. */
  syncMs: number;
  parseMs: number;
  matchMs: number;
  decideMs: number;
  catalogIndexLoadMs: number;
  what: string;
  /** `RssSyncService.decide` over the same releases, grabs and the stored record included, ms. */
  syncServiceMs: number;
  syncServiceGrabs: number;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

export async function rssBenchmark(seriesCount = 2_000, perSeason = 10): Promise<RssBenchmark> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'omniarr-rss-bench-'));
  const handle = openDatabase({ dataDir, databaseUrl: undefined });
  try {
    await migrateToLatest(handle);
    const db = handle.db;
    const now = Date.now();
    const seeded = await seedSeriesLibrary(db, now, seriesCount, perSeason);
    const releases = await rssReleases(db, seriesCount);
    const seriesRepository = new SeriesRepository(db);
    const evaluator = new EpisodeReleaseEvaluator({
      profiles: new ProfileService(new ProfileRepository(db), systemClock),
      series: seriesRepository,
      episodeFiles: new EpisodeFileRepository(db),
      tracked: new TrackedDownloadRepository(db),
      history: new HistoryRepository(db),
      indexerPriorities: () => Promise.resolve({}),
      clock: systemClock,
    });

    const loadStarted = performance.now();
    const index = new SeriesCatalogIndex(await seriesRepository.loadCatalog());
    const catalogIndexLoadMs = performance.now() - loadStarted;

    // The sync: parse each name once, match it, then decide series by series.
    const started = performance.now();
    const parsed = new Map<IndexerRelease, ParsedRelease>();
    for (const item of releases) parsed.set(item, parseRelease(item.title));
    const parseMs = performance.now() - started;

    const matchStarted = performance.now();
    const bySeries = new Map<number, CandidateRelease[]>();
    let ambiguous = 0;
    for (const [item, name] of parsed) {
      if (name.kind !== 'episode') continue;
      const match = index.match({
        cleanTitle: name.cleanTitle,
        year: name.year,
        tvdbId: item.tvdbId ?? name.tvdbId,
        tvmazeId: item.tvmazeId,
        imdbId: item.imdbId ?? name.imdbId,
      });
      if (match.kind === 'ambiguous') ambiguous += 1;
      if (match.kind !== 'matched') continue;
      const list = bySeries.get(match.series.id) ?? [];
      list.push({ release: item, parsed: name });
      bySeries.set(match.series.id, list);
    }
    const matchMs = performance.now() - matchStarted;

    const decideStarted = performance.now();
    let accepted = 0;
    let grabs = 0;
    for (const [seriesId, candidates] of bySeries) {
      const series = (await seriesRepository.findById(seriesId))!;
      const decisions = await evaluator.evaluate(
        series,
        candidates.map((candidate) => candidate.release),
        { searchKind: 'rss', parsed },
      );
      accepted += decisions.filter((decision) => decision.accepted).length;
      grabs += selectEpisodeGrabs(decisions).length;
    }
    const decideMs = performance.now() - decideStarted;
    const syncMs = performance.now() - started;
    const matched = [...bySeries.values()].reduce((sum, list) => sum + list.length, 0);

    const service = rssSyncService(db, evaluator, seriesRepository, index);
    const serviceStarted = performance.now();
    const result = await service.decide(releases);
    const syncServiceMs = performance.now() - serviceStarted;
    if (matched < releases.length * 0.1)
      throw new Error(`only ${matched} of ${releases.length} releases matched a library series`);

    return {
      releases: releases.length,
      series: seeded.series,
      episodes: seeded.episodes,
      matched,
      seriesDecided: bySeries.size,
      ambiguous,
      accepted,
      grabs,
      syncMs: round(syncMs),
      parseMs: round(parseMs),
      matchMs: round(matchMs, 2),
      decideMs: round(decideMs),
      catalogIndexLoadMs: round(catalogIndexLoadMs),
      what: 'parse + match (SeriesCatalogIndex) + EpisodeReleaseEvaluator per matched series (its reads and the engine); no indexer fetch, no grab',
      syncServiceMs: round(syncServiceMs),
      syncServiceGrabs: result.grabbed.length,
    };
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The service as the app wires it, over the benchmark's database; grabs are written, never sent. */
function rssSyncService(
  db: Kysely<Database>,
  evaluator: EpisodeReleaseEvaluator,
  seriesRepository: SeriesRepository,
  index: SeriesCatalogIndex,
): RssSyncService {
  const logger = pino({ level: 'silent' });
  // The grab job is only enqueued: the queue is never started, nothing is sent anywhere.
  const registry = new JobRegistry();
  registry.define({
    name: GRAB_JOB,
    payload: z.object({ trackedDownloadId: z.number() }),
    run: () => Promise.resolve(),
  });
  const queue = new JobQueue(registry, new JobRepository(db, 'sqlite'), systemClock, logger, {
    concurrency: 1,
  });
  const grabs = new GrabService(db, new TrackedDownloadRepository(db), queue, systemClock);
  const pendingReleases = new PendingReleaseRepository(db);
  return new RssSyncService({
    indexers: { searchAll: () => Promise.reject(new Error('the benchmark passes releases in')) },
    catalog: () => Promise.resolve(index),
    series: seriesRepository,
    evaluator,
    searches: new SearchRepository(db),
    pendingReleases,
    pending: new PendingReleaseService({ pending: pendingReleases, grabs, clock: systemClock }),
    grabs,
    clock: systemClock,
    logger,
  });
}
