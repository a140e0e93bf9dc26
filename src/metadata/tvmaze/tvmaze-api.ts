// Owns TVmaze's raw response shapes (https://www.tvmaze.com/api), as zod schemas. Only the fields
// Omniarr reads are declared; zod drops the rest. TVmaze leaves many fields null on young or obscure
// shows (no network for a web series, no airdate for an announced episode), so they are modelled so.
import { z } from 'zod';

const nullableString = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
const nullableInt = z
  .number()
  .int()
  .nullish()
  .transform((value) => value ?? null);

const countrySchema = z.object({ name: z.string(), code: z.string(), timezone: z.string() }).nullish();

/** A TV network or a streaming service (TVmaze's `webChannel`); same shape. */
const channelSchema = z
  .object({ id: z.number().int(), name: z.string(), country: countrySchema })
  .nullish()
  .transform((value) => value ?? null);

const imageSchema = z
  .object({ medium: nullableString, original: nullableString })
  .nullish()
  .transform((value) => value ?? null);

export const tvmazeAkaSchema = z.object({ name: z.string(), country: countrySchema });
export const tvmazeAkasSchema = z.array(tvmazeAkaSchema);
export type TvmazeAka = z.infer<typeof tvmazeAkaSchema>;

export const tvmazeEpisodeSchema = z.object({
  id: z.number().int().positive(),
  name: z
    .string()
    .nullish()
    .transform((value) => value ?? ''),
  season: z.number().int().nonnegative(),
  /** Null for specials: TVmaze does not number them. */
  number: nullableInt,
  /** `regular`, `significant_special` or `insignificant_special`. */
  type: z
    .string()
    .nullish()
    .transform((value) => value ?? 'regular'),
  /** `YYYY-MM-DD` in the network's time zone, or '' when not yet scheduled. */
  airdate: nullableString,
  airtime: nullableString,
  /** ISO 8601 with offset (UTC), or null when not scheduled. */
  airstamp: nullableString,
  runtime: nullableInt,
  summary: nullableString,
});
export const tvmazeEpisodesSchema = z.array(tvmazeEpisodeSchema);
export type TvmazeEpisode = z.infer<typeof tvmazeEpisodeSchema>;

export const tvmazeShowSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  /** `Scripted`, `Animation`, `Reality`, `Talk Show`, `Documentary`, `News`, … */
  type: nullableString,
  language: nullableString,
  genres: z
    .array(z.string())
    .nullish()
    .transform((value) => value ?? []),
  /** `Running`, `Ended`, `To Be Determined`, `In Development`. */
  status: nullableString,
  runtime: nullableInt,
  averageRuntime: nullableInt,
  premiered: nullableString,
  network: channelSchema,
  webChannel: channelSchema,
  externals: z
    .object({ tvrage: nullableInt, thetvdb: nullableInt, imdb: nullableString })
    .nullish()
    .transform((value) => value ?? { tvrage: null, thetvdb: null, imdb: null }),
  image: imageSchema,
  summary: nullableString,
});
export type TvmazeShow = z.infer<typeof tvmazeShowSchema>;

export const tvmazeSearchSchema = z.array(z.object({ score: z.number(), show: tvmazeShowSchema }));
export type TvmazeSearchHit = z.infer<typeof tvmazeSearchSchema>[number];

/** `/updates/shows`: show id → last update (epoch seconds). */
export const tvmazeUpdatesSchema = z.record(z.string(), z.number());

/** TVmaze's error body, e.g. `{"name":"Not Found","message":"","code":0,"status":404}`. */
export const tvmazeErrorSchema = z.object({
  name: z.string(),
  message: z.string().optional(),
  status: z.number().int().optional(),
});
