// Owns TMDB v3's raw response shapes (https://developer.themoviedb.org/reference), as zod schemas.
// Only the fields Omniarr reads are declared; zod drops the rest. Fields TMDB documents as
// possibly null or absent are modelled so, because old or obscure titles often lack them.
import { z } from 'zod';

const nullableString = z
  .string()
  .nullish()
  .transform((value) => value ?? null);

export const tmdbErrorSchema = z.object({
  status_code: z.number().int(),
  status_message: z.string(),
  success: z.boolean().optional(),
});
export type TmdbErrorBody = z.infer<typeof tmdbErrorSchema>;

export const tmdbConfigurationSchema = z.object({
  images: z.object({
    secure_base_url: z.string().url(),
    poster_sizes: z.array(z.string()),
    backdrop_sizes: z.array(z.string()),
  }),
});
export type TmdbConfiguration = z.infer<typeof tmdbConfigurationSchema>;

/** A movie as listed by /search/movie and /find. */
export const tmdbMovieListItemSchema = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  original_title: z.string(),
  overview: nullableString,
  release_date: nullableString,
  poster_path: nullableString,
  popularity: z.number().nullish(),
});
export type TmdbMovieListItem = z.infer<typeof tmdbMovieListItemSchema>;

export const tmdbSearchMovieSchema = z.object({
  page: z.number().int(),
  results: z.array(tmdbMovieListItemSchema),
  total_pages: z.number().int(),
  total_results: z.number().int(),
});

export const tmdbFindSchema = z.object({
  movie_results: z.array(tmdbMovieListItemSchema),
});

/** Release types in /movie/{id}/release_dates. */
export const TmdbReleaseType = {
  premiere: 1,
  theatricalLimited: 2,
  theatrical: 3,
  digital: 4,
  physical: 5,
  tv: 6,
} as const;

const releaseDateSchema = z.object({
  release_date: z.string(),
  type: z.number().int(),
  certification: z.string().nullish(),
  note: z.string().nullish(),
});

/** /movie/{id} with append_to_response=alternative_titles,release_dates,external_ids. */
export const tmdbMovieDetailsSchema = z.object({
  id: z.number().int().positive(),
  imdb_id: nullableString,
  title: z.string(),
  original_title: z.string(),
  original_language: nullableString,
  overview: nullableString,
  release_date: nullableString,
  runtime: z.number().nullish(),
  status: z.string().nullish(),
  genres: z.array(z.object({ id: z.number(), name: z.string() })).nullish(),
  poster_path: nullableString,
  backdrop_path: nullableString,
  belongs_to_collection: z.object({ id: z.number().int(), name: z.string() }).nullish(),
  alternative_titles: z
    .object({ titles: z.array(z.object({ iso_3166_1: nullableString, title: z.string() })) })
    .optional(),
  release_dates: z
    .object({
      results: z.array(z.object({ iso_3166_1: z.string(), release_dates: z.array(releaseDateSchema) })),
    })
    .optional(),
  external_ids: z.object({ imdb_id: nullableString }).optional(),
});
export type TmdbMovieDetails = z.infer<typeof tmdbMovieDetailsSchema>;
