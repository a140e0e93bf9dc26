// The TV search stack as the service wires it, on one database: the series catalog (in-test metadata),
// the default quality profiles, delay profiles, a real IndexerService asking the Torznab fake over
// loopback, the real decision engine and evaluator, tracked downloads, stored searches and pending
// releases. Grabs become tracked downloads and queued `downloads.grab` jobs; no worker runs them.
//
//   startTvSearchStack(dialect, releases?): Promise<TvSearchStack>
//   tvRelease(title, extra?): FakeRelease       a release as a TV indexer lists it
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { DatabaseDialect } from '../../src/db/database.js';
import { GRAB_JOB, GrabService } from '../../src/downloads/grab.service.js';
import { TrackedDownloadRepository } from '../../src/downloads/tracked-download.repository.js';
import { HistoryRepository } from '../../src/history/history.repository.js';
import { IndexerRepository } from '../../src/indexers/indexer.repository.js';
import { IndexerStatsRepository } from '../../src/indexers/indexer-stats.repository.js';
import { IndexerService } from '../../src/indexers/indexer.service.js';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { JobRegistry } from '../../src/jobs/job-registry.js';
import { JobRepository } from '../../src/jobs/job.repository.js';
import { createLogger, SecretRegistry } from '../../src/logging/logger.js';
import { NodeLibraryFolders, RecycleBinFileDeleter } from '../../src/movies/library-folders.js';
import { RootFolderRepository } from '../../src/movies/root-folder.repository.js';
import { DelayProfileRepository } from '../../src/profiles/delay-profile.repository.js';
import { DelayProfileService } from '../../src/profiles/delay-profile.service.js';
import { ProfileRepository } from '../../src/profiles/profile.repository.js';
import { ProfileService } from '../../src/profiles/profile.service.js';
import { EpisodeReleaseEvaluator } from '../../src/search/episode-release-evaluator.js';
import {
  EPISODE_SEARCH_JOB,
  EpisodeSearchService,
  episodeSearchPayload,
  WANTED_SEARCH_JOB,
  wantedSearchPayload,
} from '../../src/search/episode-search.service.js';
import { PendingReleaseRepository } from '../../src/search/pending-release.repository.js';
import { PendingReleaseService } from '../../src/search/pending-release.service.js';
import { RssSyncService } from '../../src/search/rss-sync.service.js';
import { SearchRepository } from '../../src/search/search.repository.js';
import { EpisodeFileRepository } from '../../src/series/episode-file.repository.js';
import type { SeriesDetails } from '../../src/series/series.js';
import { SeriesRepository } from '../../src/series/series.repository.js';
import { SeriesService } from '../../src/series/series.service.js';
import { systemClock } from '../../src/shared/clock.js';
import { startTorznabFake, type FakeRelease, type TorznabFake } from '../fakes/torznab/torznab-fake.js';
import { InTestSeriesMetadata, NOW } from '../series/series-metadata.js';
import { ManualClock } from '../support/clock.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { indexerInput } from '../support/indexer-settings.js';

export const GB = 1024 ** 3;

export function tvRelease(title: string, extra: Partial<FakeRelease> = {}): FakeRelease {
  const hash = createHash('sha1').update(title).digest('hex');
  return {
    title,
    size: 1.2 * GB,
    categories: [5000, 5040],
    pubDate: new Date(NOW - 2 * 24 * 3600_000),
    download: `magnet:?xt=urn:btih:${hash}&dn=${encodeURIComponent(title)}`,
    seeders: 30,
    leechers: 1,
    ...extra,
  };
}

export interface TvSearchStack {
  database: TestDatabase;
  clock: ManualClock;
  indexer: TorznabFake;
  metadata: InTestSeriesMetadata;
  catalog: SeriesService;
  seriesRepository: SeriesRepository;
  episodeFiles: EpisodeFileRepository;
  tracked: TrackedDownloadRepository;
  grabs: GrabService;
  searches: SearchRepository;
  pendingReleases: PendingReleaseRepository;
  pending: PendingReleaseService;
  delayProfiles: DelayProfileService;
  jobs: JobRepository;
  queue: JobQueue;
  episodeSearch: EpisodeSearchService;
  rss: RssSyncService;
  /** Adds the show the metadata source knows under this id, with the HD-1080p profile. */
  addSeries(metadataId: number, extra?: Partial<Parameters<SeriesService['add']>[0]>): Promise<SeriesDetails>;
  /** Puts a file of this quality on these episodes, as an import would. */
  addFile(seriesId: number, episodeIds: number[], qualityName: string, name: string): Promise<void>;
  /** Forgets every series, download, search and held release (the catalog's index too). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTvSearchStack(
  dialect: DatabaseDialect,
  releases: FakeRelease[] = [],
): Promise<TvSearchStack> {
  const database = await openTestDatabase(dialect);
  const { db } = database.handle;
  const dir = mkdtempSync(path.join(tmpdir(), 'omniarr-tv-search-'));
  const library = path.join(dir, 'tv');
  mkdirSync(library);
  const clock = new ManualClock(NOW);
  const logger = createLogger({ level: 'silent', secrets: new SecretRegistry() });
  const indexer = await startTorznabFake({
    releases,
    // TV search by text only, as many trackers behind Jackett: season and episode go in the words.
    caps: {
      tvSearchParams: ['q'],
      categories: [
        {
          id: 5000,
          name: 'TV',
          subcategories: [
            { id: 5040, name: 'TV/HD' },
            { id: 5070, name: 'TV/Anime' },
          ],
        },
      ],
    },
  });

  const rootFolders = new RootFolderRepository(db);
  await rootFolders.insert(library, NOW);
  const profiles = new ProfileService(new ProfileRepository(db), clock);
  await profiles.seedDefaults();
  const hd1080 = (await profiles.listProfiles()).find((profile) => profile.name === 'HD-1080p')!;
  const delayProfiles = new DelayProfileService(new DelayProfileRepository(db), clock);

  const metadata = new InTestSeriesMetadata();
  const seriesRepository = new SeriesRepository(db);
  const folders = new NodeLibraryFolders();
  const catalog = (): SeriesService =>
    new SeriesService({
      series: seriesRepository,
      rootFolders,
      metadata,
      folders,
      fileDeleter: new RecycleBinFileDeleter(path.join(dir, 'recycle'), folders),
      clock,
      qualityProfileExists: () => Promise.resolve(true),
    });
  let series = catalog();

  const indexers = new IndexerService(
    new IndexerRepository(db),
    new IndexerStatsRepository(db),
    systemClock,
    logger,
  );
  await indexers.create(indexerInput({ name: 'Fake Torznab', url: indexer.url, apiKey: indexer.apiKey }), {
    test: false,
  });

  const registry = new JobRegistry();
  registry.define({
    name: GRAB_JOB,
    payload: z.object({ trackedDownloadId: z.number() }),
    run: async () => {},
  });
  registry.define({ name: EPISODE_SEARCH_JOB, payload: episodeSearchPayload, run: async () => {} });
  registry.define({ name: WANTED_SEARCH_JOB, payload: wantedSearchPayload, run: async () => {} });
  const jobs = new JobRepository(db, dialect);
  const queue = new JobQueue(registry, jobs, clock, logger, { concurrency: 1 });

  const tracked = new TrackedDownloadRepository(db);
  const history = new HistoryRepository(db);
  const episodeFiles = new EpisodeFileRepository(db);
  const searches = new SearchRepository(db);
  const pendingReleases = new PendingReleaseRepository(db);
  const grabs = new GrabService(db, tracked, queue, clock);
  const pending = new PendingReleaseService({ pending: pendingReleases, grabs, clock });
  const evaluator = new EpisodeReleaseEvaluator({
    profiles,
    series: seriesRepository,
    episodeFiles,
    tracked,
    history,
    indexerPriorities: () => Promise.resolve({}),
    delayProfileFor: (entry) => delayProfiles.forSeries(entry),
    clock,
  });
  const episodeSearch = new EpisodeSearchService({
    series: seriesRepository,
    indexers,
    evaluator,
    searches,
    grabs,
    pending,
    clock,
    logger,
  });
  const rss = new RssSyncService({
    indexers,
    catalog: () => series.catalog(),
    series: seriesRepository,
    evaluator,
    searches,
    pendingReleases,
    pending,
    grabs,
    clock,
    logger,
  });

  return {
    database,
    clock,
    indexer,
    metadata,
    get catalog() {
      return series;
    },
    seriesRepository,
    episodeFiles,
    tracked,
    grabs,
    searches,
    pendingReleases,
    pending,
    delayProfiles,
    jobs,
    queue,
    episodeSearch,
    rss,
    addSeries: (metadataId, extra = {}) =>
      series.add({ metadataId, qualityProfileId: hd1080.id, rootFolderPath: library, ...extra }),
    async addFile(seriesId, episodeIds, qualityName, name) {
      const [first] = await seriesRepository.episodes(seriesId);
      await episodeFiles.add(
        {
          seriesId,
          seasonNumber: first?.seasonNumber ?? 1,
          relativePath: `${name}.mkv`,
          size: 2 * GB,
          qualityName,
          revision: { version: 1, real: 0, isRepack: false },
          mediaInfo: null,
          releaseGroup: null,
          sceneName: name,
          languages: ['en'],
          dateAdded: NOW,
        },
        episodeIds,
      );
    },
    async reset() {
      await db.deleteFrom('jobs').execute();
      await db.deleteFrom('release_decisions').execute();
      await db.deleteFrom('searches').execute();
      await db.deleteFrom('tracked_downloads').execute();
      await db.deleteFrom('series').execute();
      await db.deleteFrom('delay_profiles').where('is_default', '=', 0).execute();
      await db
        .updateTable('delay_profiles')
        .set({
          torrent_delay: 0,
          usenet_delay: 0,
          preferred_protocol: 'torrent',
          bypass_if_highest_quality: 1,
        })
        .execute();
      metadata.shows.clear();
      indexer.setReleases([]);
      indexer.requests.length = 0;
      clock.advance(NOW - clock.now());
      series = catalog();
    },
    async stop() {
      await indexer.stop();
      await database.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
