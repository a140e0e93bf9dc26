// Owns searching for episodes: one episode, a season, a whole series, and the wanted lists (missing,
// cutoff unmet) as durable jobs. A season with several aired episodes wanted is asked for as a season
// (a pack) first, then episode by episode for what the pack could not fill. Every search is stored with
// its decisions (so "why was this refused?" has an answer); an automatic one grabs what the decision
// engine selects and holds what a delay profile says to wait for.
import { z } from 'zod';
import { firstSeenKey, selectEpisodeGrabs } from '../decisions/episode-decision-engine.js';
import type { EpisodeReleaseDecision } from '../decisions/episode-decision.types.js';
import { serialiseRelease, type GrabService } from '../downloads/grab.service.js';
import type { TrackedDownload } from '../downloads/tracked-download.repository.js';
import type { IndexerRelease, TvQuery } from '../indexers/indexer.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { PermanentJobError, type JobDefinition } from '../jobs/job-registry.js';
import type { Logger } from '../logging/logger.js';
import { hasAired } from '../series/episode-monitoring.js';
import type { EpisodePage } from '../series/series.repository.js';
import type { Episode, Series } from '../series/series.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError, ConflictError, NotFoundError } from '../shared/errors.js';
import type { ReleaseSearcher } from './movie-search.service.js';
import type { EpisodeEvaluationOptions } from './episode-release-evaluator.js';
import type { PendingReleaseService } from './pending-release.service.js';
import type { NewDecision, SearchRepository, StoredDecision, StoredSearch } from './search.repository.js';

/** Payload `{ seriesId: number; episodeIds?: number[]; seasonNumber?: number }`. */
export const EPISODE_SEARCH_JOB = 'series.search';
/** Payload `{ list: 'missing' | 'cutoffUnmet' }`: walks that wanted list, one search job per season. */
export const WANTED_SEARCH_JOB = 'series.search-wanted';

/**
 * Who asked for a search that grabs: `automatic`, Omniarr itself (a retry after a failed download);
 * `user`, someone who clicked search, so unmonitored episodes are taken and the delay profile does not
 * hold releases back (as Sonarr's user-invoked searches); `interactive` only lists and decides.
 */
export type EpisodeSearchTrigger = 'automatic' | 'user' | 'interactive';
type GrabbingTrigger = Exclude<EpisodeSearchTrigger, 'interactive'>;

export type { EpisodeEvaluationOptions } from './episode-release-evaluator.js';

/** The decision engine with what it needs about the series gathered (EpisodeReleaseEvaluator). */
export interface EpisodeEvaluator {
  evaluate(
    series: Series,
    releases: readonly IndexerRelease[],
    options: EpisodeEvaluationOptions,
  ): Promise<EpisodeReleaseDecision[]>;
}

export interface EpisodeSearchRun {
  search: StoredSearch;
  decisions: StoredDecision[];
  grabbed: TrackedDownload[];
}

export interface EpisodeSearchResult {
  /** One per query made, in the order they were made (a season first, then its episodes). */
  searches: EpisodeSearchRun[];
  grabbed: TrackedDownload[];
}

const TV_CATEGORIES = [5000];
/** TV and its anime subcategory: what an anime search, and the RSS sync, ask for. */
export const ANIME_CATEGORIES = [5000, 5070];
/** A season search (a pack) is worth it from this many wanted episodes; fewer are asked for one by one. */
const SEASON_SEARCH_FROM = 3;

export function tvCategories(series: Pick<Series, 'seriesType'>): number[] {
  return series.seriesType === 'anime' ? ANIME_CATEGORIES : TV_CATEGORIES;
}

function seriesQuery(series: Series): TvQuery {
  return {
    kind: 'tv',
    title: series.title,
    ...(series.tvdbId === null ? {} : { tvdbId: series.tvdbId }),
    ...(series.tvmazeId === null ? {} : { tvmazeId: series.tvmazeId }),
    ...(series.imdbId === null ? {} : { imdbId: series.imdbId }),
    categories: tvCategories(series),
  };
}

/** The query for one episode: by air date for a daily show, absolute number for anime, else S/E. */
export function episodeQuery(series: Series, episode: Episode): TvQuery {
  const base = seriesQuery(series);
  if (series.seriesType === 'daily' && episode.airDate !== null) return { ...base, airDate: episode.airDate };
  if (series.seriesType === 'anime' && episode.absoluteNumber !== null) {
    return { ...base, absoluteEpisode: episode.absoluteNumber };
  }
  return { ...base, season: episode.seasonNumber, episode: episode.episodeNumber };
}

export function seasonQuery(series: Series, seasonNumber: number): TvQuery {
  return { ...seriesQuery(series), season: seasonNumber };
}

/** Extra titles searched besides the main one, at most. */
const ALIAS_QUERIES = 3;

/**
 * The same query under the series' other names, for indexers that search by text: anime is released
 * under its romanised title ("Sousou no Frieren"), so every alias counts; other series are searched
 * under the aliases the user added (metadata lists dozens of foreign titles nobody releases under).
 * Without ids, so an indexer that understands ids does not answer the main query twice.
 */
export function aliasQueries(series: Series, query: TvQuery): TvQuery[] {
  const seen = new Set([series.cleanTitle]);
  const queries: TvQuery[] = [];
  for (const alias of series.alternativeTitles) {
    if (queries.length >= ALIAS_QUERIES) break;
    if (series.seriesType !== 'anime' && alias.source !== 'user') continue;
    if (seen.has(alias.cleanTitle)) continue;
    seen.add(alias.cleanTitle);
    const { tvdbId: _tvdb, tvmazeId: _tvmaze, imdbId: _imdb, ...rest } = query;
    queries.push({ ...rest, title: alias.title });
  }
  return queries;
}

/**
 * Whether an automatic search of these wanted episodes of one season asks for the season (a pack)
 * first: several wanted, the whole season aired (a pack of a running season is incomplete), not the
 * specials, and not a daily show (released day by day, searched by date).
 */
export function searchSeasonFirst(
  series: Pick<Series, 'seriesType'>,
  seasonEpisodes: readonly Episode[],
  wanted: readonly Episode[],
  now: number,
): boolean {
  const [first] = seasonEpisodes;
  return (
    first !== undefined &&
    first.seasonNumber > 0 &&
    series.seriesType !== 'daily' &&
    wanted.length >= SEASON_SEARCH_FROM &&
    seasonEpisodes.every((episode) => hasAired(episode, now))
  );
}

/** The same release listed by two queries (a season, then an episode) is decided once. */
function unique(releases: readonly IndexerRelease[]): IndexerRelease[] {
  const seen = new Map<string, IndexerRelease>();
  for (const release of releases) {
    const key = firstSeenKey(release);
    if (!seen.has(key)) seen.set(key, release);
  }
  return [...seen.values()];
}

export function toNewDecision(
  decision: EpisodeReleaseDecision,
  rank: number,
  seriesId?: number,
): NewDecision {
  return {
    rank,
    title: decision.release.title,
    indexer: decision.release.indexer,
    accepted: decision.accepted,
    qualityName: decision.parsed.quality.name,
    customFormatScore: decision.customFormatScore,
    rejections: decision.rejections.map(({ code, message }) => ({ code, message })),
    episodeIds: decision.episodeIds,
    ...(seriesId === undefined ? {} : { seriesId }),
    grabbed: serialiseRelease(decision.release, decision.parsed),
  };
}

/**
 * Grabs the releases the engine selects, each for its episodes. One already in the queue (grabbed by
 * a concurrent search) is skipped, not an error. Returns what was grabbed, with its decision.
 */
export async function grabSelected(
  grabs: Pick<GrabService, 'grab'>,
  seriesId: number,
  decisions: readonly EpisodeReleaseDecision[],
  logger: Pick<Logger, 'info'>,
): Promise<Array<{ decision: EpisodeReleaseDecision; download: TrackedDownload }>> {
  const grabbed: Array<{ decision: EpisodeReleaseDecision; download: TrackedDownload }> = [];
  for (const decision of selectEpisodeGrabs(decisions)) {
    try {
      const download = await grabs.grab({
        seriesId,
        episodeIds: decision.episodeIds,
        release: decision.release,
        parsed: decision.parsed,
        customFormatScore: decision.customFormatScore,
      });
      grabbed.push({ decision, download });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      logger.info({ seriesId, release: decision.release.title }, 'release already in the queue');
    }
  }
  return grabbed;
}

export interface EpisodeSearchDependencies {
  series: {
    findById(id: number): Promise<Series | undefined>;
    episodes(seriesId: number): Promise<Episode[]>;
    findEpisode(id: number): Promise<Episode | undefined>;
  };
  indexers: ReleaseSearcher;
  evaluator: EpisodeEvaluator;
  searches: Pick<SearchRepository, 'save' | 'setGrabbed' | 'get' | 'decisions'>;
  grabs: Pick<GrabService, 'grab'>;
  pending: Pick<PendingReleaseService, 'settle'>;
  clock: Clock;
  logger: Logger;
}

interface Scope {
  wanted: readonly Episode[];
  seasonNumber?: number;
}

export class EpisodeSearchService {
  constructor(private readonly deps: EpisodeSearchDependencies) {}

  /** Searches these episodes of one series; an automatic search of 3+ in an aired season tries a pack first. */
  async searchEpisodes(
    seriesId: number,
    episodeIds: readonly number[],
    trigger: EpisodeSearchTrigger,
    signal?: AbortSignal,
  ): Promise<EpisodeSearchResult> {
    const { series, episodes } = await this.load(seriesId);
    const asked = new Set(episodeIds);
    const wanted = episodes.filter((episode) => asked.has(episode.id));
    const unknown = [...asked].filter((id) => !wanted.some((episode) => episode.id === id));
    if (unknown.length > 0) {
      throw new BadRequestError(`episodes ${unknown.join(', ')} are not episodes of "${series.title}"`);
    }
    if (wanted.length === 0) throw new BadRequestError('no episodes to search for');
    if (trigger === 'interactive') {
      return this.collect([
        await this.run(
          series,
          wanted.map((episode) => episodeQuery(series, episode)),
          { wanted },
          'interactive',
          signal,
        ),
      ]);
    }
    const runs: EpisodeSearchRun[] = [];
    for (const [seasonNumber, seasonWanted] of bySeason(wanted)) {
      const seasonEpisodes = episodes.filter((episode) => episode.seasonNumber === seasonNumber);
      runs.push(
        ...(await this.searchWithinSeason(series, seasonEpisodes, seasonWanted, () => true, trigger, signal)),
      );
    }
    return this.collect(runs);
  }

  /** Searches episodes given by id alone, whichever series they belong to (series by series). */
  async searchEpisodesById(
    episodeIds: readonly number[],
    trigger: GrabbingTrigger,
    signal?: AbortSignal,
  ): Promise<EpisodeSearchResult> {
    const bySeries = new Map<number, number[]>();
    for (const id of new Set(episodeIds)) {
      const episode = await this.deps.series.findEpisode(id);
      if (!episode) throw new NotFoundError(`no episode with id ${id}`);
      bySeries.set(episode.seriesId, [...(bySeries.get(episode.seriesId) ?? []), id]);
    }
    const runs: EpisodeSearchRun[] = [];
    for (const [seriesId, ids] of bySeries) {
      runs.push(...(await this.searchEpisodes(seriesId, ids, trigger, signal)).searches);
    }
    return this.collect(runs);
  }

  /**
   * Searches a season: interactive, one season query showing everything found; automatic, its
   * monitored aired episodes (a pack first when several), then one by one those still without a file.
   */
  async searchSeason(
    seriesId: number,
    seasonNumber: number,
    trigger: EpisodeSearchTrigger,
    signal?: AbortSignal,
  ): Promise<EpisodeSearchResult> {
    const { series, episodes } = await this.load(seriesId);
    const seasonEpisodes = episodes.filter((episode) => episode.seasonNumber === seasonNumber);
    if (seasonEpisodes.length === 0) {
      throw new NotFoundError(`"${series.title}" has no season ${seasonNumber}`);
    }
    if (trigger === 'interactive') {
      const scope = { wanted: seasonEpisodes, seasonNumber };
      const query = seasonQuery(series, seasonNumber);
      return this.collect([await this.run(series, [query], scope, 'interactive', signal)]);
    }
    const now = this.deps.clock.now();
    const wanted = seasonEpisodes.filter((episode) => episode.monitored && hasAired(episode, now));
    const runs = await this.searchWithinSeason(
      series,
      seasonEpisodes,
      wanted,
      (episode) => episode.episodeFileId === null,
      trigger,
      signal,
    );
    return this.collect(runs);
  }

  /** Every monitored aired episode without a file, season by season (an unmonitored series: none). */
  async searchSeries(
    seriesId: number,
    trigger: GrabbingTrigger,
    signal?: AbortSignal,
  ): Promise<EpisodeSearchResult> {
    const { series, episodes } = await this.load(seriesId);
    if (!series.monitored) return { searches: [], grabbed: [] };
    const now = this.deps.clock.now();
    const missing = episodes.filter(
      (episode) => episode.monitored && episode.episodeFileId === null && hasAired(episode, now),
    );
    const runs: EpisodeSearchRun[] = [];
    for (const [seasonNumber, seasonWanted] of bySeason(missing)) {
      if (signal?.aborted) break;
      const seasonEpisodes = episodes.filter((episode) => episode.seasonNumber === seasonNumber);
      runs.push(
        ...(await this.searchWithinSeason(series, seasonEpisodes, seasonWanted, () => true, trigger, signal)),
      );
    }
    return this.collect(runs);
  }

  /** The season (a pack) first when it pays, then one query per wanted episode nothing filled yet. */
  private async searchWithinSeason(
    series: Series,
    seasonEpisodes: readonly Episode[],
    wanted: readonly Episode[],
    searchAlone: (episode: Episode) => boolean,
    trigger: GrabbingTrigger,
    signal: AbortSignal | undefined,
  ): Promise<EpisodeSearchRun[]> {
    const runs: EpisodeSearchRun[] = [];
    const filled = new Set<number>();
    const note = (run: EpisodeSearchRun) => {
      runs.push(run);
      for (const download of run.grabbed) for (const id of download.episodeIds) filled.add(id);
    };
    const [first] = seasonEpisodes;
    if (first && searchSeasonFirst(series, seasonEpisodes, wanted, this.deps.clock.now())) {
      const scope = { wanted, seasonNumber: first.seasonNumber };
      note(await this.run(series, [seasonQuery(series, first.seasonNumber)], scope, trigger, signal));
    }
    for (const episode of wanted) {
      if (signal?.aborted) break;
      if (filled.has(episode.id) || !searchAlone(episode)) continue;
      note(await this.run(series, [episodeQuery(series, episode)], { wanted: [episode] }, trigger, signal));
    }
    return runs;
  }

  /** Asks every indexer, decides, stores the search, and for an automatic one grabs and holds. */
  private async run(
    series: Series,
    queries: readonly TvQuery[],
    scope: Scope,
    trigger: EpisodeSearchTrigger,
    signal: AbortSignal | undefined,
  ): Promise<EpisodeSearchRun> {
    const { deps } = this;
    const outcomes = await Promise.all(
      queries
        .flatMap((query) => [query, ...aliasQueries(series, query)])
        .map((query) => deps.indexers.searchAll(query, { purpose: 'search', ...(signal ? { signal } : {}) })),
    );
    const releases = unique(outcomes.flatMap((outcome) => outcome.releases));
    const wantedEpisodeIds = scope.wanted.map((episode) => episode.id);
    const searchKind = trigger === 'interactive' ? 'interactive' : 'automatic';
    const decisions = await deps.evaluator.evaluate(series, releases, {
      searchKind,
      userInvoked: trigger === 'user',
      wantedEpisodeIds,
      ...(scope.seasonNumber === undefined ? {} : { searchedSeasonNumber: scope.seasonNumber }),
    });
    const searchId = await deps.searches.save(
      {
        seriesId: series.id,
        episodeIds: wantedEpisodeIds,
        seasonNumber: scope.seasonNumber ?? null,
        trigger: searchKind,
        indexers: {
          answered: [...new Set(outcomes.flatMap((outcome) => outcome.answered))],
          failures: outcomes.flatMap((outcome) => outcome.failures),
          skipped: outcomes.flatMap((outcome) => outcome.skipped),
        },
        releases: decisions.length,
        accepted: decisions.filter((decision) => decision.accepted).length,
        grabbedTitle: null,
        createdAt: deps.clock.now(),
      },
      decisions.map((decision, index) => toNewDecision(decision, index + 1)),
    );
    let grabbed: Awaited<ReturnType<typeof grabSelected>> = [];
    if (trigger !== 'interactive') {
      grabbed = await grabSelected(deps.grabs, series.id, decisions, deps.logger);
      if (grabbed.length > 0) {
        await deps.searches.setGrabbed(
          searchId,
          grabbed.map(({ decision }) => decision.release.title).join(', '),
        );
      }
      await deps.pending.settle(
        series.id,
        decisions,
        grabbed.map(({ decision }) => decision),
        [],
      );
    }
    deps.logger.info(
      {
        series: series.title,
        trigger,
        season: scope.seasonNumber,
        episodes: wantedEpisodeIds.length,
        releases: decisions.length,
        accepted: decisions.filter((decision) => decision.accepted).length,
        grabbed: grabbed.map(({ decision }) => decision.release.title),
      },
      'episode search done',
    );
    const search = await deps.searches.get(searchId);
    if (!search) throw new Error(`search ${searchId} vanished while it was being stored`);
    return {
      search,
      decisions: await deps.searches.decisions(searchId),
      grabbed: grabbed.map(({ download }) => download),
    };
  }

  private async load(seriesId: number): Promise<{ series: Series; episodes: Episode[] }> {
    const series = await this.deps.series.findById(seriesId);
    if (!series) throw new NotFoundError(`series ${seriesId} not found`);
    return { series, episodes: await this.deps.series.episodes(seriesId) };
  }

  private collect(runs: EpisodeSearchRun[]): EpisodeSearchResult {
    return { searches: runs, grabbed: runs.flatMap((run) => run.grabbed) };
  }
}

function bySeason(episodes: readonly Episode[]): Map<number, Episode[]> {
  const seasons = new Map<number, Episode[]>();
  for (const episode of [...episodes].sort(
    (a, b) => a.seasonNumber - b.seasonNumber || a.episodeNumber - b.episodeNumber,
  )) {
    const list = seasons.get(episode.seasonNumber) ?? [];
    list.push(episode);
    seasons.set(episode.seasonNumber, list);
  }
  return seasons;
}

export const episodeSearchPayload = z
  .object({
    seriesId: z.number().int().positive(),
    episodeIds: z.array(z.number().int().positive()).min(1).optional(),
    seasonNumber: z.number().int().nonnegative().optional(),
    /** Someone clicked search (see EpisodeSearchTrigger); absent for Omniarr's own retries. */
    userInvoked: z.boolean().optional(),
  })
  .refine((payload) => payload.episodeIds === undefined || payload.seasonNumber === undefined, {
    message: 'episodeIds or seasonNumber, not both',
  });
export type EpisodeSearchPayload = z.infer<typeof episodeSearchPayload>;

/** Automatic search of some episodes, a season, or (neither given) every missing episode of a series. */
export function episodeSearchJob(
  searches: Pick<EpisodeSearchService, 'searchEpisodes' | 'searchSeason' | 'searchSeries'>,
): JobDefinition<EpisodeSearchPayload> {
  return {
    name: EPISODE_SEARCH_JOB,
    payload: episodeSearchPayload,
    maxAttempts: 3,
    backoffMs: 5 * 60_000,
    leaseMs: 5 * 60_000,
    async run({ seriesId, episodeIds, seasonNumber, userInvoked }, { signal }) {
      const trigger = userInvoked ? 'user' : 'automatic';
      try {
        if (episodeIds !== undefined) await searches.searchEpisodes(seriesId, episodeIds, trigger, signal);
        else if (seasonNumber !== undefined)
          await searches.searchSeason(seriesId, seasonNumber, trigger, signal);
        else await searches.searchSeries(seriesId, trigger, signal);
      } catch (error) {
        // The series, its season or its episodes are gone: retrying cannot bring them back.
        if (error instanceof NotFoundError || error instanceof BadRequestError) {
          throw new PermanentJobError(error.message);
        }
        throw error;
      }
    },
  };
}

export type WantedList = 'missing' | 'cutoffUnmet';

export interface WantedSearchDependencies {
  wanted: {
    missing(page: { limit: number; offset: number }): Promise<EpisodePage>;
    cutoffUnmet(page: { limit: number; offset: number }): Promise<EpisodePage>;
  };
  queue: Pick<JobQueue, 'enqueue'>;
  clock: Clock;
}

const WANTED_PAGE = 1000;
const HOUR_MS = 60 * 60_000;

/**
 * The idempotency key of a wanted search started now: a second click within the same clock hour
 * finds the first one's job and adds no work.
 */
export function wantedSearchKey(list: WantedList, now: number): string {
  return `${WANTED_SEARCH_JOB}:${list}:${Math.floor(now / HOUR_MS)}`;
}

/**
 * Walks a wanted list page by page and enqueues one automatic search per series and season, keyed
 * by the hour the walk started so a second walk in that hour enqueues nothing twice.
 */
export async function enqueueWantedSearches(
  deps: WantedSearchDependencies,
  list: WantedList,
  startedAt: number,
  signal?: AbortSignal,
): Promise<{ episodes: number; jobs: number }> {
  const seasons = new Map<string, { seriesId: number; seasonNumber: number; episodeIds: number[] }>();
  let episodes = 0;
  for (let offset = 0; ; offset += WANTED_PAGE) {
    if (signal?.aborted) throw new Error('stopped before the wanted list was walked');
    const page = await deps.wanted[list]({ limit: WANTED_PAGE, offset });
    for (const episode of page.records) {
      const key = `${episode.seriesId}:${episode.seasonNumber}`;
      const season = seasons.get(key) ?? {
        seriesId: episode.seriesId,
        seasonNumber: episode.seasonNumber,
        episodeIds: [],
      };
      season.episodeIds.push(episode.id);
      seasons.set(key, season);
      episodes++;
    }
    if (page.records.length < WANTED_PAGE) break;
  }
  const hour = Math.floor(startedAt / HOUR_MS);
  for (const { seriesId, seasonNumber, episodeIds } of seasons.values()) {
    // Only a user starts a wanted search: each of its searches is theirs.
    await deps.queue.enqueue(
      EPISODE_SEARCH_JOB,
      { seriesId, episodeIds, userInvoked: true },
      { idempotencyKey: `${EPISODE_SEARCH_JOB}:${list}:${seriesId}:${seasonNumber}:${hour}` },
    );
  }
  return { episodes, jobs: seasons.size };
}

export const wantedSearchPayload = z.object({
  list: z.enum(['missing', 'cutoffUnmet']),
  /** When the user asked (epoch ms): the hour it falls in keys the searches it enqueues. */
  requestedAt: z.number().int().nonnegative(),
});

export function wantedSearchJob(
  deps: WantedSearchDependencies,
): JobDefinition<z.infer<typeof wantedSearchPayload>> {
  return {
    name: WANTED_SEARCH_JOB,
    payload: wantedSearchPayload,
    maxAttempts: 3,
    backoffMs: 60_000,
    leaseMs: 5 * 60_000,
    async run({ list, requestedAt }, { signal, logger }) {
      const result = await enqueueWantedSearches(deps, list, requestedAt, signal);
      logger.info({ list, ...result }, 'wanted searches enqueued');
    },
  };
}
