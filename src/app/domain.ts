// Wires the domain: catalog, profiles, indexers, download clients, media servers and the
// grab → track → import → notify pipeline, with their jobs, schedules, health checks and routes.
// Adapters (TMDB, Torznab, qBittorrent/Transmission, Jellyfin, ffprobe, the filesystem) are chosen
// here and nowhere else.
import path from 'node:path';
import type { Config } from '../config/env.js';
import type { DatabaseHandle } from '../db/database.js';
import { DownloadClientRepository } from '../downloads/download-client.repository.js';
import { downloadClientsCheck } from '../downloads/download-client.health.js';
import { downloadClientRoutes } from '../downloads/download-client.routes.js';
import { DownloadClientService } from '../downloads/download-client.service.js';
import {
  DownloadTrackingService,
  refreshDownloadsJob,
  refreshDownloadsSchedule,
} from '../downloads/download-tracking.service.js';
import { GrabService, grabJob } from '../downloads/grab.service.js';
import { QueueService } from '../downloads/queue.service.js';
import { queueRoutes } from '../downloads/queue.routes.js';
import { TrackedDownloadRepository } from '../downloads/tracked-download.repository.js';
import type { HealthRegistry } from '../health/health-registry.js';
import { HistoryRepository } from '../history/history.repository.js';
import { historyRoutes } from '../history/history.routes.js';
import type { ApiServer } from '../http/api-server.js';
import { CandidateFinder } from '../imports/candidates.js';
import { FfprobeMediaProbe } from '../imports/media-probe.js';
import { EpisodeImportService, episodeImportJob } from '../imports/episode-import.service.js';
import { MovieImportService, movieImportJob } from '../imports/movie-import.service.js';
import { FileTransfer, type TransferRequest } from '../imports/transfer.js';
import { FileVerifier } from '../imports/verification.js';
import { observeIndexerStats } from '../indexers/indexer-stats.metrics.js';
import { indexersCheck } from '../indexers/indexer.health-check.js';
import { IndexerStatsRepository } from '../indexers/indexer-stats.repository.js';
import { IndexerRepository } from '../indexers/indexer.repository.js';
import type { DefinitionCatalog } from '../indexers/cardigann/definition-catalog.js';
import { IndexerService } from '../indexers/indexer.service.js';
import { indexerRoutes } from '../indexers/indexers.routes.js';
import { LinkKeyRepository } from '../indexers/torznab-server/link-key.repository.js';
import { torznabServerRoutes } from '../indexers/torznab-server/torznab-server.routes.js';
import { TorznabServer } from '../indexers/torznab-server/torznab-server.service.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { JobDefinition } from '../jobs/job-registry.js';
import type { Schedule } from '../jobs/scheduler.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { mediaServersCheck } from '../mediaservers/media-server.health.js';
import { MediaServerRepository } from '../mediaservers/media-server.repository.js';
import { mediaServerRoutes } from '../mediaservers/media-server.routes.js';
import { MediaServerService } from '../mediaservers/media-server.service.js';
import { notifyMediaServersJob } from '../mediaservers/notify.job.js';
import type { MovieMetadataProvider } from '../metadata/metadata-provider.js';
import { TmdbClient } from '../metadata/tmdb/tmdb.client.js';
import { TmdbTvClient } from '../metadata/tmdb/tmdb-tv.client.js';
import { NodeLibraryFolders, RecycleBinFileDeleter, type FileDeleter } from '../movies/library-folders.js';
import { movieRefreshJob, movieRefreshSchedule } from '../movies/movie-refresh.job.js';
import { MovieFileRepository } from '../movies/movie-file.repository.js';
import { movieFileRoutes } from '../movies/movie-file.routes.js';
import { MovieFileService } from '../movies/movie-file.service.js';
import { MovieRepository } from '../movies/movie.repository.js';
import { MovieService } from '../movies/movie.service.js';
import { movieRoutes } from '../movies/movies.routes.js';
import { RootFolderRepository } from '../movies/root-folder.repository.js';
import { rootFoldersCheck } from '../movies/root-folder.health.js';
import { RootFolderService } from '../movies/root-folder.service.js';
import { parserRoutes } from '../parser/parser.routes.js';
import { TvmazeClient } from '../metadata/tvmaze/tvmaze.client.js';
import { seriesRefreshJob, seriesRefreshSchedule } from '../series/series-refresh.job.js';
import { EpisodeFileRepository } from '../series/episode-file.repository.js';
import { SeriesRepository } from '../series/series.repository.js';
import { seriesRoutes } from '../series/series.routes.js';
import { CalendarFeed } from '../series/calendar-feed.js';
import { wantedRoutes } from '../series/wanted.routes.js';
import { SeriesService } from '../series/series.service.js';
import { ChallengeAwareFetch } from '../solver/challenge-fetch.js';
import { InProcessChallengeSolver, type ChallengeSolver } from '../solver/challenge-solver.js';
import { ChromiumHost } from '../solver/chromium-host.js';
import { FlareSolverrClient } from '../solver/flaresolverr.client.js';
import { solverRoutes } from '../solver/solver.routes.js';
import { SolverService } from '../solver/solver.service.js';
import { DelayProfileRepository } from '../profiles/delay-profile.repository.js';
import { delayProfileRoutes } from '../profiles/delay-profile.routes.js';
import { DelayProfileService } from '../profiles/delay-profile.service.js';
import { ProfileRepository } from '../profiles/profile.repository.js';
import { belowCutoff } from '../profiles/quality-ranking.js';
import { ProfileService } from '../profiles/profile.service.js';
import { profileRoutes } from '../profiles/profiles.routes.js';
import { EpisodeReleaseEvaluator } from '../search/episode-release-evaluator.js';
import { episodeSearchRoutes } from '../search/episode-search.routes.js';
import { EpisodeSearchService, episodeSearchJob, wantedSearchJob } from '../search/episode-search.service.js';
import { MovieSearchService, movieSearchJob } from '../search/movie-search.service.js';
import { PendingReleaseRepository } from '../search/pending-release.repository.js';
import { pendingReleaseRoutes } from '../search/pending-release.routes.js';
import { PendingReleaseService } from '../search/pending-release.service.js';
import {
  pendingReleasesJob,
  pendingReleasesSchedule,
  RssSyncService,
  rssSyncJob,
  rssSyncSchedule,
} from '../search/rss-sync.service.js';
import { MovieReleaseEvaluator } from '../search/release-evaluator.js';
import { SearchRepository } from '../search/search.repository.js';
import { searchRoutes } from '../search/search.routes.js';
import { StoredReleaseGrabber } from '../search/stored-release-grab.js';
import { NamingSettingsService } from '../settings/naming-settings.service.js';
import { releaseRulesSection } from '../settings/release-settings.js';
import { SettingsRepository } from '../settings/settings.repository.js';
import { settingsRoutes } from '../settings/settings.routes.js';
import { SettingsStore } from '../settings/settings.service.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError } from '../shared/errors.js';

export interface DomainContext {
  config: Config;
  database: DatabaseHandle;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  version: string;
  /** Where the domain's gauges go; the CLI's one-shot commands have none. */
  metrics?: Metrics;
  /** Every secret the domain stores (indexer keys, client passwords), for log redaction. */
  onSecret: (value: string) => void;
}

export interface Domain {
  indexers: IndexerService;
  downloadClients: DownloadClientService;
  mediaServers: MediaServerService;
  profiles: ProfileService;
  movies: MovieService;
  searches: MovieSearchService;
  /** Grabs a release a stored search found, for its movie or its episodes. */
  storedReleases: StoredReleaseGrabber;
  tracking: DownloadTrackingService;
  imports: MovieImportService;
  jobs: JobDefinition<never>[];
  schedules: Schedule[];
  registerHealthChecks(health: HealthRegistry): void;
  routes(app: ApiServer): void;
  /** One-time work at start-up (default profiles, secrets into the log redaction). */
  prepare(): Promise<void>;
  /** Releases what the domain holds (the solver's browser). */
  close(): Promise<void>;
}

const RECYCLE_FOLDER = '.omniarr-recycle';

/** Without a TMDB key, everything works except what needs metadata, which says how to fix it. */
function unconfiguredMetadata(): MovieMetadataProvider {
  const fail = () =>
    Promise.reject(
      new BadRequestError('TMDB is not configured: set OMNIARR_TMDB_API_KEY or OMNIARR_TMDB_READ_TOKEN'),
    );
  return { name: 'TMDB', testConnection: fail, searchMovies: fail, getMovie: fail, findByImdbId: fail };
}

export function buildDomain(context: DomainContext): Domain {
  const { config, database, queue, clock, logger, onSecret } = context;
  const db = database.db;
  const recycleBinFor = (rootFolder: string) => config.recycleBin ?? path.join(rootFolder, RECYCLE_FOLDER);

  const profiles = new ProfileService(new ProfileRepository(db), clock);
  // What the user changes through /api/v1/config: read when used, so a save applies without a restart.
  const settings = new SettingsStore({ settings: new SettingsRepository(db), clock, logger });
  const naming = new NamingSettingsService(settings);
  const releaseRules = () => settings.get(releaseRulesSection);
  // The browser starts on the first challenge and closes when idle: no cost until it is used.
  const solver = new SolverService({ host: new ChromiumHost({ logger }), version: context.version, logger });
  // Every indexer passes Cloudflare / DDoS-Guard challenges on its own (no tags to match), through
  // our solver or, when one is configured, an external FlareSolverr.
  const challengeSolver: ChallengeSolver = config.flareSolverrUrl
    ? new FlareSolverrClient({ url: config.flareSolverrUrl })
    : new InProcessChallengeSolver(solver);
  const challengeFetch = new ChallengeAwareFetch({ solver: challengeSolver, clock, logger });
  // Cardigann definitions are read on first use, not at start: most installs use a handful.
  const cardigannDir = config.cardigannDir;
  let catalog: Promise<DefinitionCatalog> | undefined;
  const cardigann = cardigannDir
    ? () => {
        // The engine (cheerio, ajv, yaml) is loaded with the definitions, on first use.
        catalog ??= import('../indexers/cardigann/definition-catalog.js')
          .then(({ DefinitionCatalog }) => DefinitionCatalog.load(cardigannDir))
          .catch((error: unknown) => {
            catalog = undefined;
            throw error;
          });
        return catalog;
      }
    : undefined;
  const indexers = new IndexerService(
    new IndexerRepository(db),
    new IndexerStatsRepository(db),
    clock,
    logger,
    {
      onSecret,
      fetch: (url, init) => challengeFetch.fetch(url, init),
      ...(cardigann ? { cardigann } : {}),
    },
  );
  const torznab = new TorznabServer({ indexers, linkKeys: new LinkKeyRepository(db), clock, logger });
  const downloadClients = new DownloadClientService(new DownloadClientRepository(db), clock, logger, {
    onSecret,
  });
  const mediaServers = new MediaServerService(new MediaServerRepository(db), clock, logger, {
    onSecret,
    version: context.version,
  });

  // One TMDB client for movies and TV: one key, one rate limit.
  const tmdb =
    config.tmdb.apiKey || config.tmdb.readToken
      ? new TmdbClient({
          apiKey: config.tmdb.apiKey,
          readAccessToken: config.tmdb.readToken,
          baseUrl: config.tmdb.url,
          clock,
          logger,
        })
      : undefined;
  const metadata = tmdb ?? unconfiguredMetadata();
  const folders = new NodeLibraryFolders();
  const fileDeleter: FileDeleter = {
    deleteFolder: (folder, rootFolder) =>
      new RecycleBinFileDeleter(recycleBinFor(rootFolder), folders).deleteFolder(folder, rootFolder),
  };
  const movieRepository = new MovieRepository(db);
  const movieFiles = new MovieFileRepository(db);
  const rootFolderRepository = new RootFolderRepository(db);
  const movies = new MovieService({
    movies: movieRepository,
    rootFolders: rootFolderRepository,
    metadata,
    folders,
    fileDeleter,
    clock,
    logger,
    folderFor: async (movie) => (await naming.current()).movies.folderFor(movie),
    qualityProfileExists: (id) =>
      profiles.getProfile(id).then(
        () => true,
        () => false,
      ),
  });
  const seriesRepository = new SeriesRepository(db);
  const rootFolders = new RootFolderService({
    rootFolders: rootFolderRepository,
    movies: movieRepository,
    series: seriesRepository,
    folders,
    clock,
  });
  // A profile a movie or a series uses cannot be deleted (there is no foreign key across modules).
  profiles.setProfileInUseCheck(
    async (profileId) =>
      (await movieRepository.usesQualityProfile(profileId)) ||
      (await seriesRepository.usesQualityProfile(profileId)),
  );

  // TV: the catalog from TVmaze (or TMDB TV); episode searches, RSS sync and imports are wired below.
  const series = new SeriesService({
    series: seriesRepository,
    rootFolders: rootFolderRepository,
    metadata: new TvmazeClient({ baseUrl: config.tvmazeUrl, clock, logger }),
    tmdbMetadata: tmdb ? new TmdbTvClient({ tmdb, clock }) : undefined,
    folders,
    fileDeleter,
    clock,
    logger,
    folderFor: async (entry) => (await naming.current()).episodes.seriesFolderFor(entry),
    qualityProfileExists: (id) =>
      profiles.getProfile(id).then(
        () => true,
        () => false,
      ),
  });

  const tracked = new TrackedDownloadRepository(db);
  const history = new HistoryRepository(db);
  const searchesRepository = new SearchRepository(db);
  const grabs = new GrabService(db, tracked, queue, clock);
  const tracking = new DownloadTrackingService(tracked, downloadClients, queue, clock, logger);
  const indexerPriorities = async () =>
    Object.fromEntries((await indexers.list()).map((indexer) => [indexer.name, indexer.priority]));
  const evaluator = new MovieReleaseEvaluator({
    profiles,
    movieFiles,
    tracked,
    history,
    indexerPriorities,
    settings: releaseRules,
    clock,
  });
  const searches = new MovieSearchService({
    movies: movieRepository,
    indexers,
    evaluator,
    searches: searchesRepository,
    grabs,
    clock,
    logger,
  });
  const storedReleases = new StoredReleaseGrabber({ searches: searchesRepository, grabs });
  const candidates = new CandidateFinder(new FileVerifier(new FfprobeMediaProbe()));
  const files = {
    transfer: (request: TransferRequest) =>
      new FileTransfer({ recycleBin: recycleBinFor(request.libraryRoot), clock }).transfer(request),
  };
  const imports = new MovieImportService({
    db,
    tracked,
    movies: movieRepository,
    movieFiles,
    history,
    candidates,
    files,
    namer: async () => (await naming.current()).movies,
    queue,
    clock,
    logger,
  });
  const episodeFiles = new EpisodeFileRepository(db);
  const delayProfiles = new DelayProfileService(new DelayProfileRepository(db), clock);
  const episodeEvaluator = new EpisodeReleaseEvaluator({
    profiles,
    series: seriesRepository,
    episodeFiles,
    tracked,
    history,
    indexerPriorities,
    settings: releaseRules,
    delayProfileFor: (target) => delayProfiles.forSeries(target),
    clock,
  });
  const pendingReleases = new PendingReleaseRepository(db);
  const pending = new PendingReleaseService({ pending: pendingReleases, grabs, clock });
  const episodeSearch = new EpisodeSearchService({
    series: seriesRepository,
    indexers,
    evaluator: episodeEvaluator,
    searches: searchesRepository,
    grabs,
    pending,
    clock,
    logger,
  });
  const rss = new RssSyncService({
    indexers,
    catalog: () => series.catalog(),
    series: seriesRepository,
    evaluator: episodeEvaluator,
    searches: searchesRepository,
    pendingReleases,
    pending,
    grabs,
    clock,
    logger,
  });
  const rssSchedule = rssSyncSchedule(config.rssSyncMinutes);
  const episodeImports = new EpisodeImportService({
    db,
    tracked,
    series: seriesRepository,
    episodeFiles,
    profiles,
    history,
    candidates,
    files,
    namer: async () => (await naming.current()).episodes,
    queue,
    clock,
    logger,
  });
  context.metrics?.observe(
    'omniarr_tracked_downloads',
    'Downloads in the queue by state (import_blocked and stalled need attention).',
    ['state'],
    async () =>
      [...(await tracked.countActiveByState())].map(([state, value]) => ({ labels: { state }, value })),
  );
  context.metrics?.observe(
    'omniarr_indexer_failing',
    '1 while an indexer is set aside after failures.',
    ['indexer'],
    async () =>
      (await indexers.list())
        .filter((indexer) => indexer.enabled)
        .map((indexer) => ({ labels: { indexer: indexer.name }, value: indexer.status.available ? 0 : 1 })),
  );
  if (context.metrics) observeIndexerStats(context.metrics, indexers);
  const movieFileService = new MovieFileService({
    db,
    movies: movieRepository,
    files: movieFiles,
    history,
    deleter: fileDeleter,
    clock,
  });
  const queueService = new QueueService({
    db,
    tracked,
    history,
    tracking,
    clients: downloadClients,
    queue,
    clock,
  });

  const jobs = [
    grabJob({ tracked, history, indexers, downloadClients, clock, db }),
    refreshDownloadsJob(tracking),
    movieImportJob(imports),
    episodeImportJob(episodeImports),
    notifyMediaServersJob(mediaServers),
    movieSearchJob(searches),
    movieRefreshJob({ movies, clock }),
    seriesRefreshJob({ series, clock }),
    episodeSearchJob(episodeSearch),
    wantedSearchJob({
      wanted: {
        missing: (page) => series.missing(page),
        cutoffUnmet: async (page) => series.cutoffUnmet(belowCutoff(await profiles.listProfiles()), page),
      },
      queue,
      clock,
    }),
    rssSyncJob(rss),
    pendingReleasesJob(rss),
  ] as JobDefinition<never>[];

  return {
    indexers,
    downloadClients,
    mediaServers,
    profiles,
    movies,
    searches,
    storedReleases,
    tracking,
    imports,
    jobs,
    schedules: [
      refreshDownloadsSchedule,
      movieRefreshSchedule,
      seriesRefreshSchedule,
      pendingReleasesSchedule,
      ...(rssSchedule ? [rssSchedule] : []),
    ],
    registerHealthChecks(health) {
      health.register('downloadClients', downloadClientsCheck(downloadClients));
      health.register('mediaServers', mediaServersCheck(mediaServers));
      health.register('indexers', indexersCheck(indexers));
      health.register(
        'rootFolders',
        rootFoldersCheck(rootFolders, (path, bytes) => context.metrics?.diskFreeBytes.set({ path }, bytes)),
      );
    },
    routes(app) {
      parserRoutes(app);
      profileRoutes(app, { profiles });
      movieRoutes(app, { movies, rootFolders, queue, clock });
      seriesRoutes(app, { series, queue, clock });
      wantedRoutes(app, {
        series,
        profiles,
        feed: new CalendarFeed({ series, clock, version: context.version }),
      });
      indexerRoutes(app, { indexers });
      torznabServerRoutes(app, { torznab });
      downloadClientRoutes(app, { downloadClients });
      mediaServerRoutes(app, { mediaServers });
      searchRoutes(app, { searches, stored: searchesRepository, grabber: storedReleases });
      episodeSearchRoutes(app, { episodeSearch, rss, stored: searchesRepository, queue, clock });
      delayProfileRoutes(app, { delayProfiles });
      pendingReleaseRoutes(app, { pending });
      queueRoutes(app, { queue: queueService, tracked });
      historyRoutes(app, { history });
      movieFileRoutes(app, { movieFiles: movieFileService });
      solverRoutes(app, { solver });
      settingsRoutes(app, { settings, naming });
    },
    async prepare() {
      await profiles.seedDefaults();
      await indexers.registerSecrets();
      await downloadClients.registerSecrets();
      await mediaServers.registerSecrets();
    },
    close: () => solver.close(),
  };
}
