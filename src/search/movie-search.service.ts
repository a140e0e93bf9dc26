// Owns searching for a movie: ask every indexer, decide about every release, store the decisions
// (so "why was this refused?" always has an answer), and for an automatic search grab the best one.
import { z } from 'zod';
import type { GrabService } from '../downloads/grab.service.js';
import { serialiseRelease } from '../downloads/grab.service.js';
import type { TrackedDownload } from '../downloads/tracked-download.repository.js';
import type { IndexerRelease } from '../indexers/indexer.js';
import type { SearchOutcome, SearchOptions } from '../indexers/indexer.service.js';
import type { SearchQuery } from '../indexers/indexer.js';
import type { JobDefinition } from '../jobs/job-registry.js';
import { PermanentJobError } from '../jobs/job-registry.js';
import type { Logger } from '../logging/logger.js';
import type { Movie } from '../movies/movie.js';
import type { ParsedRelease } from '../parser/index.js';
import type { Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/errors.js';
import type { SearchRepository, StoredDecision, StoredSearch } from './search.repository.js';

export const MOVIE_SEARCH_JOB = 'movies.search';

/** The verdict on one release, as the decision engine gives it. */
export interface EvaluatedRelease {
  release: IndexerRelease;
  parsed: ParsedRelease;
  accepted: boolean;
  rejections: Array<{ code: string; message: string }>;
  customFormatScore: number;
}

export interface ReleaseEvaluator {
  /** Decides about each release for this movie; accepted ones first, best first. */
  evaluate(
    movie: Movie,
    releases: readonly IndexerRelease[],
    searchKind: 'automatic' | 'interactive',
  ): Promise<EvaluatedRelease[]>;
}

export interface ReleaseSearcher {
  searchAll(query: SearchQuery, options?: SearchOptions): Promise<SearchOutcome>;
}

export interface SearchResult {
  search: StoredSearch;
  decisions: StoredDecision[];
  grabbed: TrackedDownload | undefined;
}

const MOVIE_CATEGORIES = [2000];

export class MovieSearchService {
  constructor(
    private readonly deps: {
      movies: { findById(id: number): Promise<Movie | undefined> };
      indexers: ReleaseSearcher;
      evaluator: ReleaseEvaluator;
      searches: SearchRepository;
      grabs: Pick<GrabService, 'grab'>;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  async search(
    movieId: number,
    trigger: 'automatic' | 'interactive',
    signal?: AbortSignal,
  ): Promise<SearchResult> {
    const { deps } = this;
    const movie = await deps.movies.findById(movieId);
    if (!movie) throw new NotFoundError(`movie ${movieId} not found`);
    const outcome = await deps.indexers.searchAll(
      {
        kind: 'movie',
        title: movie.title,
        ...(movie.year === null ? {} : { year: movie.year }),
        ...(movie.imdbId ? { imdbId: movie.imdbId } : {}),
        tmdbId: movie.tmdbId,
        categories: MOVIE_CATEGORIES,
      },
      { purpose: 'search', ...(signal ? { signal } : {}) },
    );
    const evaluated = await deps.evaluator.evaluate(movie, outcome.releases, trigger);
    const decisions = evaluated.map((decision, index) => ({
      rank: index + 1,
      title: decision.release.title,
      indexer: decision.release.indexer,
      accepted: decision.accepted,
      qualityName: decision.parsed.quality.name,
      customFormatScore: decision.customFormatScore,
      rejections: decision.rejections,
      grabbed: serialiseRelease(decision.release, decision.parsed),
    }));
    const best = trigger === 'automatic' ? evaluated.find((decision) => decision.accepted) : undefined;
    const searchId = await deps.searches.save(
      {
        movieId,
        trigger,
        indexers: { answered: outcome.answered, failures: outcome.failures, skipped: outcome.skipped },
        releases: evaluated.length,
        accepted: evaluated.filter((decision) => decision.accepted).length,
        grabbedTitle: null,
        createdAt: deps.clock.now(),
      },
      decisions,
    );
    let grabbed: TrackedDownload | undefined;
    if (best) {
      grabbed = await deps.grabs.grab({
        movieId,
        release: best.release,
        parsed: best.parsed,
        customFormatScore: best.customFormatScore,
      });
      await deps.searches.setGrabbed(searchId, best.release.title);
    }
    deps.logger.info(
      {
        movie: movie.title,
        trigger,
        releases: evaluated.length,
        accepted: decisions.filter((decision) => decision.accepted).length,
        grabbed: best?.release.title,
      },
      'movie search done',
    );
    const [search] = await deps.searches.listForMovie(movieId, 1);
    return { search: search!, decisions: await deps.searches.decisions(searchId), grabbed };
  }
}

export function movieSearchJob(searches: MovieSearchService): JobDefinition<{ movieId: number }> {
  return {
    name: MOVIE_SEARCH_JOB,
    payload: z.object({ movieId: z.number().int() }),
    maxAttempts: 3,
    backoffMs: 5 * 60_000,
    leaseMs: 180_000,
    async run({ movieId }, { signal }) {
      try {
        await searches.search(movieId, 'automatic', signal);
      } catch (error) {
        if (error instanceof NotFoundError) throw new PermanentJobError(error.message);
        throw error;
      }
    },
  };
}
