// Owns the SQL of the movie catalog: movies with their alternative titles, paged listing, the rows
// the in-memory catalog index is built from, and the unique-key rules (one row per TMDB id and path).
import { LibraryTableRepository } from '../library/library-table.repository.js';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type {
  CatalogMovie,
  Movie,
  MovieAlternativeTitle,
  MovieImages,
  MovieMetadataFields,
  MovieStatus,
} from './movie.js';
import type { MoviesTable } from './movie.tables.js';

export type Executor = Kysely<Database> | Transaction<Database>;

export type { MovieMetadataFields } from './movie.js';

/** The columns a user edits. */
export interface MovieSettings {
  monitored: boolean;
  minimumAvailability: MovieStatus;
  qualityProfileId: number;
  rootFolderPath: string;
  path: string;
  tags: string[];
}

export interface NewMovie extends MovieMetadataFields, MovieSettings {
  tmdbId: number;
  addedAt: number;
  lastRefreshedAt: number;
  alternativeTitles: MovieAlternativeTitle[];
}

export type MovieSortKey = 'title' | 'year' | 'addedAt';

export interface MovieListQuery {
  monitored?: boolean | undefined;
  sortKey: MovieSortKey;
  sortDirection: 'asc' | 'desc';
  limit: number;
  offset: number;
}

type MovieRow = Selectable<MoviesTable> & { has_file: number | boolean | string };

export class MovieRepository extends LibraryTableRepository {
  constructor(db: Kysely<Database>) {
    super(db, 'movies');
  }

  /** Inserts the movie and its alternative titles in one transaction; returns the new id. */
  async insert(movie: NewMovie): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('movies')
        .values({
          tmdb_id: movie.tmdbId,
          ...metadataColumns(movie),
          ...settingsColumns(movie),
          added_at: movie.addedAt,
          last_refreshed_at: movie.lastRefreshedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertAlternativeTitles(trx, id, movie.alternativeTitles);
      return id;
    });
  }

  async findById(id: number): Promise<Movie | undefined> {
    const [movie] = await this.withTitles(await this.selectMovies().where('movies.id', '=', id).execute());
    return movie;
  }

  async findByTmdbId(tmdbId: number): Promise<Movie | undefined> {
    const [movie] = await this.withTitles(
      await this.selectMovies().where('movies.tmdb_id', '=', tmdbId).execute(),
    );
    return movie;
  }

  /** Library ids of the given TMDB ids (for marking lookup results already in the library). */
  async idsByTmdbIds(tmdbIds: readonly number[]): Promise<Map<number, number>> {
    if (tmdbIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('movies')
      .select(['id', 'tmdb_id'])
      .where('tmdb_id', 'in', [...tmdbIds])
      .execute();
    return new Map(rows.map((row) => [row.tmdb_id, row.id]));
  }

  /** Ids of movies whose title or an alternative title cleans to `cleanTitle`, straight from SQL. */
  async findIdsByCleanTitle(cleanTitle: string): Promise<number[]> {
    const rows = await this.db
      .selectFrom('movies')
      .select('id')
      .where('clean_title', '=', cleanTitle)
      .union(
        this.db
          .selectFrom('movie_alternative_titles')
          .select('movie_id as id')
          .where('clean_title', '=', cleanTitle),
      )
      .execute();
    return rows.map((row) => row.id).sort((a, b) => a - b);
  }

  async list(query: MovieListQuery): Promise<{ total: number; movies: Movie[] }> {
    let count = this.db.selectFrom('movies').select((eb) => eb.fn.countAll<number | string>().as('total'));
    let page = this.selectMovies();
    if (query.monitored !== undefined) {
      count = count.where('monitored', '=', query.monitored ? 1 : 0);
      page = page.where('movies.monitored', '=', query.monitored ? 1 : 0);
    }
    const direction = query.sortDirection;
    switch (query.sortKey) {
      case 'title':
        page = page.orderBy('movies.sort_title', direction);
        break;
      case 'year':
        // Movies without a year last in either direction, the same on both databases.
        page = page
          .orderBy(sql`case when movies.year is null then 1 else 0 end`)
          .orderBy('movies.year', direction)
          .orderBy('movies.sort_title', 'asc');
        break;
      case 'addedAt':
        page = page.orderBy('movies.added_at', direction);
        break;
    }
    const [totalRow, rows] = await Promise.all([
      count.executeTakeFirstOrThrow(),
      page.orderBy('movies.id', direction).limit(query.limit).offset(query.offset).execute(),
    ]);
    return { total: Number(totalRow.total), movies: await this.withTitles(rows) };
  }

  async updateSettings(id: number, settings: MovieSettings): Promise<void> {
    await this.db.updateTable('movies').set(settingsColumns(settings)).where('id', '=', id).execute();
  }

  /** Rewrites the metadata and replaces the alternative titles, atomically; settings and files stay. */
  async updateMetadata(
    id: number,
    fields: MovieMetadataFields,
    alternativeTitles: readonly MovieAlternativeTitle[],
    refreshedAt: number,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('movies')
        .set({ ...metadataColumns(fields), last_refreshed_at: refreshedAt })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('movie_alternative_titles').where('movie_id', '=', id).execute();
      await insertAlternativeTitles(trx, id, alternativeTitles);
    });
  }

  /** Marks a movie refreshed without new metadata (its status may still move with the calendar). */
  async markRefreshed(id: number, status: MovieStatus, refreshedAt: number): Promise<void> {
    await this.db
      .updateTable('movies')
      .set({ status, last_refreshed_at: refreshedAt })
      .where('id', '=', id)
      .execute();
  }

  /** Every movie in the light form the catalog index holds: two queries, no per-movie round trip. */
  async loadCatalog(): Promise<CatalogMovie[]> {
    const [movies, titles] = await Promise.all([
      this.db
        .selectFrom('movies')
        .select([
          'id',
          'tmdb_id',
          'imdb_id',
          'title',
          'clean_title',
          'year',
          'runtime',
          'status',
          'monitored',
          'minimum_availability',
          'quality_profile_id',
        ])
        .orderBy('id')
        .execute(),
      this.db.selectFrom('movie_alternative_titles').select(['movie_id', 'clean_title']).execute(),
    ]);
    const titlesByMovie = new Map<number, string[]>();
    for (const title of titles) {
      const list = titlesByMovie.get(title.movie_id);
      if (list) list.push(title.clean_title);
      else titlesByMovie.set(title.movie_id, [title.clean_title]);
    }
    return movies.map((row) => ({
      id: row.id,
      tmdbId: row.tmdb_id,
      imdbId: row.imdb_id,
      title: row.title,
      year: row.year,
      runtime: row.runtime,
      status: row.status,
      monitored: row.monitored === 1,
      minimumAvailability: row.minimum_availability,
      qualityProfileId: row.quality_profile_id,
      cleanTitles: uniqueCleanTitles([row.clean_title, ...(titlesByMovie.get(row.id) ?? [])]),
    }));
  }

  private selectMovies() {
    return this.db
      .selectFrom('movies')
      .selectAll('movies')
      .select((eb) =>
        eb
          .case()
          .when(
            eb.exists(
              eb
                .selectFrom('movie_files')
                .select('movie_files.id')
                .whereRef('movie_files.movie_id', '=', 'movies.id'),
            ),
          )
          .then(1)
          .else(0)
          .end()
          .as('has_file'),
      );
  }

  private async withTitles(rows: MovieRow[]): Promise<Movie[]> {
    if (rows.length === 0) return [];
    const titles = await this.db
      .selectFrom('movie_alternative_titles')
      .select(['movie_id', 'title', 'clean_title', 'country'])
      .where(
        'movie_id',
        'in',
        rows.map((row) => row.id),
      )
      .orderBy('id')
      .execute();
    const byMovie = new Map<number, MovieAlternativeTitle[]>();
    for (const title of titles) {
      const entry = { title: title.title, cleanTitle: title.clean_title, country: title.country };
      const list = byMovie.get(title.movie_id);
      if (list) list.push(entry);
      else byMovie.set(title.movie_id, [entry]);
    }
    return rows.map((row) => toMovie(row, byMovie.get(row.id) ?? []));
  }
}

function uniqueCleanTitles(titles: string[]): string[] {
  return [...new Set(titles.filter((title) => title.length > 0))];
}

async function insertAlternativeTitles(
  executor: Executor,
  movieId: number,
  titles: readonly MovieAlternativeTitle[],
): Promise<void> {
  if (titles.length === 0) return;
  await executor
    .insertInto('movie_alternative_titles')
    .values(
      titles.map((title) => ({
        movie_id: movieId,
        title: title.title,
        clean_title: title.cleanTitle,
        country: title.country,
      })),
    )
    .execute();
}

function metadataColumns(fields: MovieMetadataFields) {
  return {
    imdb_id: fields.imdbId,
    title: fields.title,
    original_title: fields.originalTitle,
    original_language: fields.originalLanguage,
    clean_title: fields.cleanTitle,
    sort_title: fields.sortTitle,
    year: fields.year,
    overview: fields.overview,
    runtime: fields.runtime,
    production_status: fields.productionStatus,
    status: fields.status,
    in_cinemas: fields.inCinemas,
    digital_release: fields.digitalRelease,
    physical_release: fields.physicalRelease,
    genres: JSON.stringify(fields.genres),
    images: JSON.stringify(fields.images),
  };
}

function settingsColumns(settings: MovieSettings) {
  return {
    monitored: settings.monitored ? 1 : 0,
    minimum_availability: settings.minimumAvailability,
    quality_profile_id: settings.qualityProfileId,
    root_folder_path: settings.rootFolderPath,
    path: settings.path,
    tags: JSON.stringify(settings.tags),
  };
}

function toMovie(row: MovieRow, alternativeTitles: MovieAlternativeTitle[]): Movie {
  return {
    id: row.id,
    tmdbId: row.tmdb_id,
    imdbId: row.imdb_id,
    title: row.title,
    originalTitle: row.original_title,
    originalLanguage: row.original_language,
    cleanTitle: row.clean_title,
    sortTitle: row.sort_title,
    year: row.year,
    overview: row.overview,
    runtime: row.runtime,
    productionStatus: row.production_status,
    status: row.status,
    inCinemas: row.in_cinemas,
    digitalRelease: row.digital_release,
    physicalRelease: row.physical_release,
    genres: JSON.parse(row.genres) as string[],
    images: JSON.parse(row.images) as MovieImages,
    monitored: row.monitored === 1,
    minimumAvailability: row.minimum_availability,
    qualityProfileId: row.quality_profile_id,
    rootFolderPath: row.root_folder_path,
    path: row.path,
    tags: JSON.parse(row.tags) as string[],
    addedAt: row.added_at,
    lastRefreshedAt: row.last_refreshed_at,
    alternativeTitles,
    hasFile: Number(row.has_file) === 1,
  };
}

/** True when a database error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
