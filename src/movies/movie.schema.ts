// Owns the HTTP shapes of the movie catalog (validation and OpenAPI) and the mapping from our
// types to them. Times are ISO 8601 strings on the wire, epoch milliseconds inside.
import { z } from 'zod';
import { movieStatuses, type Movie, type RootFolderWithSpace } from './movie.js';

const status = z.enum(movieStatuses);
const calendarDate = z.string().describe('YYYY-MM-DD').nullable();
const tag = z.string().trim().min(1).max(64);

export const idParams = z.object({ id: z.coerce.number().int().positive() });
const flag = z.enum(['true', 'false']);

export const movieView = z.object({
  id: z.number(),
  tmdbId: z.number(),
  imdbId: z.string().nullable(),
  title: z.string(),
  originalTitle: z.string(),
  originalLanguage: z.string().nullable(),
  sortTitle: z.string(),
  cleanTitle: z.string(),
  year: z.number().nullable(),
  overview: z.string(),
  runtime: z.number().nullable().describe('minutes'),
  status: status.describe('where the movie can be watched today'),
  inCinemas: calendarDate,
  digitalRelease: calendarDate,
  physicalRelease: calendarDate,
  genres: z.array(z.string()),
  images: z.object({ poster: z.string().nullable(), fanart: z.string().nullable() }),
  monitored: z.boolean(),
  minimumAvailability: status,
  qualityProfileId: z.number(),
  rootFolderPath: z.string(),
  path: z.string(),
  tags: z.array(z.string()),
  alternativeTitles: z.array(z.object({ title: z.string(), country: z.string().nullable() })),
  hasFile: z.boolean(),
  addedAt: z.string(),
  lastRefreshedAt: z.string().nullable(),
});

export const movieListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  monitored: flag.optional().describe('only monitored (true) or unmonitored (false) movies'),
  sortKey: z.enum(['title', 'year', 'addedAt']).default('title'),
  sortDirection: z.enum(['asc', 'desc']).default('asc'),
});

export const movieListView = z.object({
  page: z.number(),
  pageSize: z.number(),
  totalRecords: z.number(),
  records: z.array(movieView),
});

export const addMovieBody = z.strictObject({
  tmdbId: z.number().int().positive(),
  qualityProfileId: z.number().int().positive(),
  rootFolderPath: z.string().min(1).max(4096),
  monitored: z.boolean().optional(),
  minimumAvailability: status.optional(),
  tags: z.array(tag).max(50).optional(),
});

export const editMovieBody = z.strictObject({
  monitored: z.boolean().optional(),
  minimumAvailability: status.optional(),
  qualityProfileId: z.number().int().positive().optional(),
  rootFolderPath: z.string().min(1).max(4096).optional(),
  path: z.string().min(1).max(4096).optional(),
  tags: z.array(tag).max(50).optional(),
});

export const editMovieQuery = z.object({
  moveFiles: flag.default('false').describe('move the folder on disk when the path changes'),
});

export const deleteMovieQuery = z.object({
  deleteFiles: flag.default('false').describe("move the movie's folder to the recycle bin"),
});

export const deleteMovieView = z.object({ deleted: z.literal(true), recycledTo: z.string().nullable() });

export const lookupQuery = z.object({
  term: z.string().trim().min(1).max(300).describe('a title, "Title (1999)", tmdb:603 or imdb:tt0133093'),
});

export const lookupView = z.array(
  z.object({
    tmdbId: z.number(),
    imdbId: z.string().nullable(),
    title: z.string(),
    originalTitle: z.string(),
    year: z.number().nullable(),
    overview: z.string(),
    posterUrl: z.string().nullable(),
    movieId: z.number().nullable().describe('the library id when the movie is already in the library'),
  }),
);

export const refreshView = z.object({ jobId: z.number() });

export const rootFolderView = z.object({
  id: z.number(),
  path: z.string(),
  accessible: z.boolean(),
  freeSpace: z.number().nullable().describe('bytes'),
  totalSpace: z.number().nullable().describe('bytes'),
  movieCount: z.number(),
  addedAt: z.string(),
});

export const addRootFolderBody = z.strictObject({ path: z.string().min(1).max(4096) });

export function toMovieView(movie: Movie): z.infer<typeof movieView> {
  return {
    id: movie.id,
    tmdbId: movie.tmdbId,
    imdbId: movie.imdbId,
    title: movie.title,
    originalTitle: movie.originalTitle,
    originalLanguage: movie.originalLanguage,
    sortTitle: movie.sortTitle,
    cleanTitle: movie.cleanTitle,
    year: movie.year,
    overview: movie.overview,
    runtime: movie.runtime,
    status: movie.status,
    inCinemas: movie.inCinemas,
    digitalRelease: movie.digitalRelease,
    physicalRelease: movie.physicalRelease,
    genres: movie.genres,
    images: movie.images,
    monitored: movie.monitored,
    minimumAvailability: movie.minimumAvailability,
    qualityProfileId: movie.qualityProfileId,
    rootFolderPath: movie.rootFolderPath,
    path: movie.path,
    tags: movie.tags,
    alternativeTitles: movie.alternativeTitles.map(({ title, country }) => ({ title, country })),
    hasFile: movie.hasFile,
    addedAt: new Date(movie.addedAt).toISOString(),
    lastRefreshedAt: movie.lastRefreshedAt === null ? null : new Date(movie.lastRefreshedAt).toISOString(),
  };
}

export function toRootFolderView(root: RootFolderWithSpace): z.infer<typeof rootFolderView> {
  return {
    id: root.id,
    path: root.path,
    accessible: root.accessible,
    freeSpace: root.freeSpace,
    totalSpace: root.totalSpace,
    movieCount: root.movieCount,
    addedAt: new Date(root.addedAt).toISOString(),
  };
}
