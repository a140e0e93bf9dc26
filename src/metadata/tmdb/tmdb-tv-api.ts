// Owns TMDB v3's raw TV shapes (https://developer.themoviedb.org/reference/tv-series-details and
// friends), as zod schemas. Only the fields Omniarr reads are declared; zod drops the rest. TMDB
// leaves many TV fields empty on young or obscure shows (no first air date, no networks, an empty
// `episode_run_time`), so they are modelled as possibly null or absent.
import { z } from 'zod';

const nullableString = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
const nullableNumber = z
  .number()
  .nullish()
  .transform((value) => value ?? null);
const strings = z
  .array(z.string())
  .nullish()
  .transform((value) => value ?? []);

/** A series as listed by /search/tv and /find (`tv_results`). */
export const tmdbTvListItemSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  original_name: nullableString,
  overview: nullableString,
  first_air_date: nullableString,
  poster_path: nullableString,
  origin_country: strings,
  popularity: nullableNumber,
});
export type TmdbTvListItem = z.infer<typeof tmdbTvListItemSchema>;

export const tmdbSearchTvSchema = z.object({
  page: z.number().int(),
  results: z.array(tmdbTvListItemSchema),
  total_pages: z.number().int(),
  total_results: z.number().int(),
});

export const tmdbFindTvSchema = z.object({
  tv_results: z.array(tmdbTvListItemSchema),
});

/** The season list inside /tv/{id}: numbers only, the episodes come from /tv/{id}/season/{n}. */
const seasonSummarySchema = z.object({
  season_number: z.number().int().nonnegative(),
  episode_count: nullableNumber,
  air_date: nullableString,
});

/** /tv/{id} with append_to_response=external_ids,alternative_titles. */
export const tmdbTvDetailsSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  original_name: nullableString,
  original_language: nullableString,
  overview: nullableString,
  first_air_date: nullableString,
  /** `Returning Series`, `Planned`, `In Production`, `Ended`, `Canceled`, `Pilot`. */
  status: nullableString,
  /** `Scripted`, `Reality`, `Documentary`, `News`, `Talk Show`, `Miniseries`, `Video`. */
  type: nullableString,
  episode_run_time: z
    .array(z.number())
    .nullish()
    .transform((value) => value ?? []),
  genres: z
    .array(z.object({ id: z.number().int(), name: z.string() }))
    .nullish()
    .transform((value) => value ?? []),
  networks: z
    .array(z.object({ id: z.number().int(), name: z.string() }))
    .nullish()
    .transform((value) => value ?? []),
  origin_country: strings,
  poster_path: nullableString,
  backdrop_path: nullableString,
  seasons: z
    .array(seasonSummarySchema)
    .nullish()
    .transform((value) => value ?? []),
  external_ids: z
    .object({ tvdb_id: nullableNumber, imdb_id: nullableString })
    .optional()
    .transform((value) => value ?? { tvdb_id: null, imdb_id: null }),
  // TV alternative titles come under `results` (movies use `titles`).
  alternative_titles: z
    .object({ results: z.array(z.object({ iso_3166_1: nullableString, title: z.string() })) })
    .optional()
    .transform((value) => value?.results ?? []),
});
export type TmdbTvDetails = z.infer<typeof tmdbTvDetailsSchema>;

export const tmdbTvEpisodeSchema = z.object({
  season_number: z.number().int().nonnegative(),
  episode_number: z.number().int().nonnegative(),
  name: nullableString,
  overview: nullableString,
  /** `YYYY-MM-DD`: TMDB has dates only, never the time of day. */
  air_date: nullableString,
  runtime: nullableNumber,
});
export type TmdbTvEpisode = z.infer<typeof tmdbTvEpisodeSchema>;

/** /tv/{id}/season/{n}. */
export const tmdbTvSeasonSchema = z.object({
  season_number: z.number().int().nonnegative(),
  episodes: z
    .array(tmdbTvEpisodeSchema)
    .nullish()
    .transform((value) => value ?? []),
});
export type TmdbTvSeason = z.infer<typeof tmdbTvSeasonSchema>;
