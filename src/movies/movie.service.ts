// Owns the movie catalog's rules: adding a movie by TMDB id (metadata, folder from the naming
// template, one row per TMDB id), looking movies up, editing, deleting (files to the recycle bin),
// refreshing metadata without ever touching files, and answering the release matcher from an
// in-memory index kept in step with every write this process makes.
import path from 'node:path';
import pLimit from 'p-limit';
import { createMovieNamer, type MovieNamingContext } from '../imports/naming.js';
import type { Logger } from '../logging/logger.js';
import type { MovieMetadata, MovieMetadataProvider } from '../metadata/metadata-provider.js';
import { movieAvailability } from '../metadata/movie-availability.js';
import { cleanTitle } from '../parser/index.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError, ConflictError, NotFoundError } from '../shared/errors.js';
import type { FileDeleter, LibraryFolders } from './library-folders.js';
import type { CatalogMovie, Movie, MovieAlternativeTitle, MovieStatus } from './movie.js';
import { MovieCatalogIndex } from './movie-catalog-index.js';
import {
  isUniqueViolation,
  type MovieListQuery,
  type MovieMetadataFields,
  type MovieRepository,
  type MovieSettings,
} from './movie.repository.js';
import type { RootFolderRepository } from './root-folder.repository.js';
import { assertQualityProfile, registeredRootFolder } from '../library/library-checks.js';

export interface AddMovieInput {
  tmdbId: number;
  qualityProfileId: number;
  rootFolderPath: string;
  monitored?: boolean | undefined;
  minimumAvailability?: MovieStatus | undefined;
  tags?: string[] | undefined;
}

export interface EditMovieInput {
  monitored?: boolean | undefined;
  minimumAvailability?: MovieStatus | undefined;
  qualityProfileId?: number | undefined;
  /** A registered root folder: the movie's folder moves under it, keeping its name. */
  rootFolderPath?: string | undefined;
  /** An absolute folder inside a registered root folder. */
  path?: string | undefined;
  tags?: string[] | undefined;
  /** Move the folder on disk when the path changes; without it, a movie with files keeps its path. */
  moveFiles?: boolean | undefined;
}

export interface MovieLookupResult {
  tmdbId: number;
  imdbId: string | null;
  title: string;
  originalTitle: string;
  year: number | null;
  overview: string;
  posterUrl: string | null;
  /** The library's id when the movie is already in the library. */
  movieId: number | null;
}

export interface RefreshAllResult {
  refreshed: number;
  /** TMDB no longer knows these; they were kept as they are. */
  gone: number[];
  failed: Array<{ movieId: number; error: string }>;
}

export interface MovieServiceDeps {
  movies: MovieRepository;
  rootFolders: RootFolderRepository;
  metadata: MovieMetadataProvider;
  folders: LibraryFolders;
  fileDeleter: FileDeleter;
  clock: Clock;
  /**
   * Folder levels below the root folder for a new movie, by the naming settings of the moment;
   * defaults to `{Movie Title} ({Release Year})`.
   */
  folderFor?: (movie: MovieNamingContext) => string[] | Promise<string[]>;
  /** Whether a quality profile id exists; without it, any positive id is accepted. */
  qualityProfileExists?: (id: number) => Promise<boolean>;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** TMDB calls in flight during a refresh of every movie. */
  refreshConcurrency?: number;
}

/** The movie asked for is not in the library (as opposed to a metadata source's NotFoundError). */
export class MovieNotFoundError extends NotFoundError {}

const TMDB_TERM = /^tmdb:\s*(\d{1,10})$/i;
const IMDB_TERM = /^(?:imdb:\s*)?(tt\d{5,10})$/i;
const YEAR_SUFFIX = /^(.*\S)\s+\((\d{4})\)$/;

export class MovieService {
  private readonly folderFor: (movie: MovieNamingContext) => string[] | Promise<string[]>;
  private index: Promise<MovieCatalogIndex> | undefined;

  constructor(private readonly deps: MovieServiceDeps) {
    const namer = deps.folderFor ? undefined : createMovieNamer();
    this.folderFor = deps.folderFor ?? ((movie) => namer!.folderFor(movie));
  }

  async add(input: AddMovieInput): Promise<Movie> {
    const { movies, metadata, clock } = this.deps;
    const existing = await movies.findByTmdbId(input.tmdbId);
    if (existing) throw alreadyInLibrary(existing);
    const rootFolderPath = await registeredRootFolder(this.deps.rootFolders, input.rootFolderPath);
    await assertQualityProfile(input.qualityProfileId, this.deps.qualityProfileExists);

    const meta = await metadata.getMovie(input.tmdbId);
    const now = clock.now();
    const moviePath = await this.defaultPath(rootFolderPath, meta);
    const sameFolder = await movies.findByPath(moviePath);
    if (sameFolder) {
      throw new ConflictError(`${moviePath} is already the folder of "${sameFolder.title}"`, {
        movieId: sameFolder.id,
      });
    }
    let id: number;
    try {
      id = await movies.insert({
        tmdbId: meta.tmdbId,
        ...metadataFields(meta, now),
        monitored: input.monitored ?? true,
        minimumAvailability: input.minimumAvailability ?? 'released',
        qualityProfileId: input.qualityProfileId,
        rootFolderPath,
        path: moviePath,
        tags: normaliseTags(input.tags ?? []),
        addedAt: now,
        lastRefreshedAt: now,
        alternativeTitles: alternativeTitlesOf(meta),
      });
    } catch (error) {
      // Two adds of the same movie at once: the second loses on the unique key.
      if (isUniqueViolation(error)) {
        const winner = await movies.findByTmdbId(input.tmdbId);
        if (winner) throw alreadyInLibrary(winner);
        throw new ConflictError(`${moviePath} is already a movie's folder`);
      }
      throw error;
    }
    const movie = await this.get(id);
    await this.reindex(movie);
    this.deps.logger?.info({ movieId: id, tmdbId: meta.tmdbId, title: meta.title }, 'movie added');
    return movie;
  }

  /** Search by title (`Title` or `Title (1999)`), or exact ids: `tmdb:603`, `imdb:tt0133093`, `tt0133093`. */
  async lookup(term: string): Promise<MovieLookupResult[]> {
    const text = term.trim();
    if (!text) throw new BadRequestError('a lookup needs a title, tmdb:ID or imdb:ttID');
    const { metadata } = this.deps;
    let results: Omit<MovieLookupResult, 'movieId'>[];
    const tmdb = TMDB_TERM.exec(text);
    const imdb = IMDB_TERM.exec(text);
    if (tmdb) {
      const found = await metadata.getMovie(Number(tmdb[1])).catch((error: unknown) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      });
      results = found ? [lookupResultOf(found)] : [];
    } else if (imdb) {
      const found = await metadata.findByImdbId(imdb[1]!.toLowerCase());
      results = found ? [lookupResultOf(found)] : [];
    } else {
      const withYear = YEAR_SUFFIX.exec(text);
      const hits = withYear
        ? await metadata.searchMovies(withYear[1]!, Number(withYear[2]))
        : await metadata.searchMovies(text);
      results = hits.map((hit) => ({
        tmdbId: hit.tmdbId,
        imdbId: null,
        title: hit.title,
        originalTitle: hit.originalTitle,
        year: hit.year,
        overview: hit.overview,
        posterUrl: hit.posterUrl,
      }));
    }
    const inLibrary = await this.deps.movies.idsByTmdbIds(results.map((result) => result.tmdbId));
    return results.map((result) => ({ ...result, movieId: inLibrary.get(result.tmdbId) ?? null }));
  }

  list(query: MovieListQuery): Promise<{ total: number; movies: Movie[] }> {
    return this.deps.movies.list(query);
  }

  async get(id: number): Promise<Movie> {
    const movie = await this.deps.movies.findById(id);
    if (!movie) throw new MovieNotFoundError(`no movie with id ${id}`);
    return movie;
  }

  async edit(id: number, input: EditMovieInput): Promise<Movie> {
    const { movies, folders } = this.deps;
    const movie = await this.get(id);
    if (input.qualityProfileId !== undefined && input.qualityProfileId !== movie.qualityProfileId) {
      await assertQualityProfile(input.qualityProfileId, this.deps.qualityProfileExists);
    }
    const placement = await this.placementFor(movie, input);
    const settings: MovieSettings = {
      monitored: input.monitored ?? movie.monitored,
      minimumAvailability: input.minimumAvailability ?? movie.minimumAvailability,
      qualityProfileId: input.qualityProfileId ?? movie.qualityProfileId,
      rootFolderPath: placement.rootFolderPath,
      path: placement.path,
      tags: input.tags ? normaliseTags(input.tags) : movie.tags,
    };

    const moving = placement.path !== movie.path;
    let moved = false;
    if (moving) {
      const other = await movies.findByPath(placement.path);
      if (other) {
        throw new ConflictError(`${placement.path} is already the folder of "${other.title}"`, {
          movieId: other.id,
        });
      }
      const folderExists = await folders.exists(movie.path);
      if (input.moveFiles && folderExists) {
        await folders.moveFolder(movie.path, placement.path);
        moved = true;
      } else if (movie.hasFile) {
        throw new ConflictError(
          `"${movie.title}" has files in ${movie.path}; set moveFiles to move them to ${placement.path}`,
        );
      }
    }
    try {
      await movies.updateSettings(id, settings);
    } catch (error) {
      // Put the folder back so the record and the disk keep agreeing.
      if (moved) await folders.moveFolder(placement.path, movie.path);
      if (isUniqueViolation(error)) throw new ConflictError(`${placement.path} is already a movie's folder`);
      throw error;
    }
    const updated = await this.get(id);
    await this.reindex(updated);
    return updated;
  }

  /** Removes the movie; with `deleteFiles`, its folder first goes to the recycle bin. */
  async delete(
    id: number,
    options: { deleteFiles?: boolean | undefined } = {},
  ): Promise<{ recycledTo: string | null }> {
    const movie = await this.get(id);
    let recycledTo: string | null = null;
    if (options.deleteFiles && (await this.deps.folders.exists(movie.path))) {
      recycledTo = await this.deps.fileDeleter.deleteFolder(movie.path, movie.rootFolderPath);
    }
    await this.deps.movies.delete(id);
    (await this.catalog()).remove(id);
    this.deps.logger?.info({ movieId: id, title: movie.title, recycledTo }, 'movie deleted');
    return { recycledTo };
  }

  /**
   * Rewrites one movie's metadata and alternative titles from the metadata source and recomputes its
   * status. Settings, path and files are never touched. When the source no longer has the movie, it
   * is kept as it is ('gone').
   */
  async refresh(id: number): Promise<{ movie: Movie; outcome: 'refreshed' | 'gone' }> {
    const { movies, metadata, clock } = this.deps;
    const movie = await this.get(id);
    const now = clock.now();
    let meta: MovieMetadata;
    try {
      meta = await metadata.getMovie(movie.tmdbId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      const status = movieAvailability(
        {
          releaseDates: {
            inCinemas: movie.inCinemas,
            digital: movie.digitalRelease,
            physical: movie.physicalRelease,
          },
          status: movie.productionStatus as MovieMetadata['status'],
        },
        now,
      );
      await movies.markRefreshed(id, status, now);
      this.deps.logger?.warn(
        { movieId: id, tmdbId: movie.tmdbId },
        `${metadata.name} no longer has "${movie.title}"; keeping it as it is`,
      );
      const kept = await this.get(id);
      await this.reindex(kept);
      return { movie: kept, outcome: 'gone' };
    }
    await movies.updateMetadata(id, metadataFields(meta, now), alternativeTitlesOf(meta), now);
    const updated = await this.get(id);
    await this.reindex(updated);
    return { movie: updated, outcome: 'refreshed' };
  }

  /**
   * Refreshes every movie last refreshed before `refreshedBefore`, oldest first. A failure does not
   * stop the others; a rerun (the job's retry) only takes the movies still stale.
   */
  async refreshAll(options: { refreshedBefore: number; signal?: AbortSignal }): Promise<RefreshAllResult> {
    const ids = await this.deps.movies.idsRefreshedBefore(options.refreshedBefore);
    const limit = pLimit(this.deps.refreshConcurrency ?? 4);
    const result: RefreshAllResult = { refreshed: 0, gone: [], failed: [] };
    await Promise.all(
      ids.map((id) =>
        limit(async () => {
          if (options.signal?.aborted) return;
          try {
            const { outcome } = await this.refresh(id);
            if (outcome === 'gone') result.gone.push(id);
            else result.refreshed += 1;
          } catch (error) {
            // Deleted while the refresh ran: nothing left to refresh.
            if (error instanceof MovieNotFoundError) return;
            result.failed.push({
              movieId: id,
              error: error instanceof Error ? error.message : String(error),
            });
          }
        }),
      ),
    );
    return result;
  }

  /** The in-memory index of the whole library, loaded on first use. */
  catalog(): Promise<MovieCatalogIndex> {
    this.index ??= this.deps.movies.loadCatalog().then(
      (movies) => new MovieCatalogIndex(movies),
      (error: unknown) => {
        this.index = undefined;
        throw error;
      },
    );
    return this.index;
  }

  /** Reloads the index from the database (another replica may have written). */
  async reloadCatalog(): Promise<void> {
    const fresh = new MovieCatalogIndex(await this.deps.movies.loadCatalog());
    this.index = Promise.resolve(fresh);
  }

  async findByCleanTitle(title: string): Promise<readonly CatalogMovie[]> {
    return (await this.catalog()).findByCleanTitle(title);
  }

  async findByIds(ids: {
    imdbId?: string | null;
    tmdbId?: number | null;
  }): Promise<CatalogMovie | undefined> {
    return (await this.catalog()).findByIds(ids);
  }

  private async reindex(movie: Movie): Promise<void> {
    (await this.catalog()).put(catalogMovieOf(movie));
  }

  private async defaultPath(
    rootFolderPath: string,
    movie: Pick<MovieMetadata, 'title' | 'year' | 'imdbId' | 'tmdbId'>,
  ): Promise<string> {
    const levels = await this.folderFor({
      title: movie.title,
      year: movie.year ?? undefined,
      imdbId: movie.imdbId ?? undefined,
      tmdbId: movie.tmdbId,
    });
    const result = path.resolve(rootFolderPath, ...levels);
    if (!isInside(rootFolderPath, result)) {
      throw new BadRequestError(`the folder template put "${movie.title}" outside ${rootFolderPath}`);
    }
    return result;
  }

  /** Where an edit puts the movie: a new root folder keeps the folder name, a path names its root. */
  private async placementFor(
    movie: Movie,
    input: EditMovieInput,
  ): Promise<{ rootFolderPath: string; path: string }> {
    if (input.path !== undefined) {
      if (!path.isAbsolute(input.path)) throw new BadRequestError(`path ${input.path} must be absolute`);
      const wanted = path.resolve(input.path);
      const roots = await this.deps.rootFolders.list();
      const root = roots
        .filter((candidate) => wanted !== candidate.path && isInside(candidate.path, wanted))
        .sort((a, b) => b.path.length - a.path.length)[0];
      if (!root) throw new BadRequestError(`path ${wanted} is not inside any root folder`);
      if (input.rootFolderPath !== undefined && path.resolve(input.rootFolderPath) !== root.path) {
        throw new BadRequestError(`path ${wanted} is not inside the root folder ${input.rootFolderPath}`);
      }
      return { rootFolderPath: root.path, path: wanted };
    }
    if (input.rootFolderPath !== undefined) {
      const rootFolderPath = await registeredRootFolder(this.deps.rootFolders, input.rootFolderPath);
      if (rootFolderPath === movie.rootFolderPath) return { rootFolderPath, path: movie.path };
      const folderName = path.relative(movie.rootFolderPath, movie.path);
      return { rootFolderPath, path: path.resolve(rootFolderPath, folderName) };
    }
    return { rootFolderPath: movie.rootFolderPath, path: movie.path };
  }
}

function alreadyInLibrary(movie: Pick<Movie, 'id' | 'title' | 'year'>): ConflictError {
  const label = movie.year ? `${movie.title} (${movie.year})` : movie.title;
  return new ConflictError(`"${label}" is already in the library`, { movieId: movie.id });
}

export function metadataFields(meta: MovieMetadata, now: number): MovieMetadataFields {
  return {
    imdbId: meta.imdbId,
    title: meta.title,
    originalTitle: meta.originalTitle,
    originalLanguage: meta.originalLanguage,
    cleanTitle: cleanTitle(meta.title),
    sortTitle: sortTitleOf(meta.title),
    year: meta.year,
    overview: meta.overview,
    runtime: meta.runtime,
    productionStatus: meta.status,
    status: movieAvailability(meta, now),
    inCinemas: meta.releaseDates.inCinemas,
    digitalRelease: meta.releaseDates.digital,
    physicalRelease: meta.releaseDates.physical,
    genres: meta.genres,
    images: { poster: meta.posterUrl, fanart: meta.fanartUrl },
  };
}

/**
 * The titles releases may carry besides the main one: the original title (foreign releases often use
 * it) and TMDB's alternative titles; one entry per distinct title, empty clean forms dropped.
 */
export function alternativeTitlesOf(meta: MovieMetadata): MovieAlternativeTitle[] {
  const seen = new Set<string>([meta.title.trim().toLowerCase()]);
  const titles: MovieAlternativeTitle[] = [];
  const candidates = [{ title: meta.originalTitle, country: null }, ...meta.alternativeTitles];
  for (const candidate of candidates) {
    const title = candidate.title.trim();
    const key = title.toLowerCase();
    const clean = cleanTitle(title);
    if (!title || !clean || seen.has(key)) continue;
    seen.add(key);
    titles.push({ title, cleanTitle: clean, country: candidate.country });
  }
  return titles;
}

/** Lower case, accents gone, a leading "the/a/an" dropped: "The Matrix" sorts under M. */
export function sortTitleOf(title: string): string {
  const plain = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const withoutArticle = plain.replace(/^(the|a|an) (?=\S)/, '');
  return withoutArticle || plain;
}

export function normaliseTags(tags: readonly string[]): string[] {
  const result = new Set<string>();
  for (const tag of tags) {
    const clean = tag.trim().toLowerCase();
    if (!clean) continue;
    if (clean.length > 64)
      throw new BadRequestError(`tag "${clean.slice(0, 20)}…" is longer than 64 characters`);
    result.add(clean);
  }
  return [...result].sort();
}

export function catalogMovieOf(movie: Movie): CatalogMovie {
  return {
    id: movie.id,
    tmdbId: movie.tmdbId,
    imdbId: movie.imdbId,
    title: movie.title,
    year: movie.year,
    runtime: movie.runtime,
    status: movie.status,
    monitored: movie.monitored,
    minimumAvailability: movie.minimumAvailability,
    qualityProfileId: movie.qualityProfileId,
    cleanTitles: [
      ...new Set(
        [movie.cleanTitle, ...movie.alternativeTitles.map((title) => title.cleanTitle)].filter(Boolean),
      ),
    ],
  };
}

function lookupResultOf(meta: MovieMetadata): Omit<MovieLookupResult, 'movieId'> {
  return {
    tmdbId: meta.tmdbId,
    imdbId: meta.imdbId,
    title: meta.title,
    originalTitle: meta.originalTitle,
    year: meta.year,
    overview: meta.overview,
    posterUrl: meta.posterUrl,
  };
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(path.resolve(root), path.resolve(target));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
