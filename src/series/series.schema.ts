// Owns the HTTP shapes of the series catalog (validation and OpenAPI) and the mapping from our types
// to them. Times are ISO 8601 strings on the wire, epoch milliseconds inside.
import { z } from 'zod';
import { pagingQuery } from '../http/paging.js';
import {
  monitorOptions,
  seriesMetadataSources,
  type Episode,
  type Series,
  type SeriesAlternativeTitle,
  type SeriesDetails,
  type WantedEpisode,
} from './series.js';
import type { SeriesLookupResult } from './series.service.js';

const seriesType = z.enum(['standard', 'daily', 'anime']);
const seriesStatus = z.enum(['continuing', 'ended', 'upcoming', 'unknown']);
const metadataSource = z
  .enum(seriesMetadataSources)
  .describe('where the metadata comes from: tvmaze (default, no key) or tmdb (needs a TMDB key)');
const tag = z.string().trim().min(1).max(64);
const flag = z.enum(['true', 'false']);
const iso = (at: number) => new Date(at).toISOString();

export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const aliasParams = z.object({
  id: z.coerce.number().int().positive(),
  aliasId: z.coerce.number().int().positive(),
});
export const seasonParams = z.object({
  id: z.coerce.number().int().positive(),
  seasonNumber: z.coerce.number().int().min(0),
});

const alternativeTitleView = z.object({
  id: z.number(),
  title: z.string(),
  source: z.enum(['metadata', 'user']).describe("'user' aliases are kept across refreshes"),
});

const seasonView = z.object({
  seasonNumber: z.number(),
  monitored: z.boolean(),
  episodeCount: z.number(),
  episodeFileCount: z.number(),
  monitoredCount: z.number(),
  airedCount: z.number(),
});

const seriesFields = {
  id: z.number(),
  tvdbId: z.number().nullable(),
  tvmazeId: z.number().nullable(),
  tmdbId: z.number().nullable(),
  imdbId: z.string().nullable(),
  metadataSource,
  title: z.string(),
  sortTitle: z.string(),
  cleanTitle: z.string(),
  year: z.number().nullable(),
  overview: z.string(),
  status: seriesStatus,
  network: z.string().nullable(),
  runtime: z.number().nullable().describe('minutes'),
  seriesType,
  seasonFolders: z.boolean(),
  monitored: z.boolean(),
  monitorNewSeasons: z.boolean(),
  qualityProfileId: z.number(),
  rootFolderPath: z.string(),
  path: z.string(),
  tags: z.array(z.string()),
  alternativeTitles: z.array(alternativeTitleView),
  addedAt: z.string(),
  lastRefreshedAt: z.string().nullable(),
};

export const seriesView = z.object(seriesFields);
export const seriesDetailsView = z.object({ ...seriesFields, seasons: z.array(seasonView) });

export const seriesListQuery = z.object({
  ...pagingQuery,
  monitored: flag.optional().describe('only monitored (true) or unmonitored (false) series'),
  seriesType: seriesType.optional(),
  status: seriesStatus.optional(),
  sortKey: z.enum(['title', 'addedAt']).default('title'),
  sortDirection: z.enum(['asc', 'desc']).default('asc'),
});

export const seriesListView = z.object({
  page: z.number(),
  pageSize: z.number(),
  totalRecords: z.number(),
  records: z.array(seriesView),
});

export const addSeriesBody = z.strictObject({
  metadataId: z
    .number()
    .int()
    .positive()
    .describe("the series' id in metadataSource: a TVmaze id by default, a TMDB id with tmdb"),
  metadataSource: metadataSource.optional(),
  qualityProfileId: z.number().int().positive(),
  rootFolderPath: z.string().min(1).max(4096),
  monitor: z.enum(monitorOptions).optional().describe('which episodes to monitor; default all'),
  monitorNewSeasons: z.boolean().optional(),
  seasonFolders: z.boolean().optional(),
  seriesType: seriesType.optional(),
  tags: z.array(tag).max(50).optional(),
  searchForMissingEpisodes: z
    .boolean()
    .optional()
    .describe(
      'search for every monitored aired episode without a file right after adding (a background job)',
    ),
});

export const editSeriesBody = z.strictObject({
  monitored: z.boolean().optional(),
  monitorNewSeasons: z.boolean().optional(),
  seasonFolders: z.boolean().optional(),
  seriesType: seriesType.optional(),
  qualityProfileId: z.number().int().positive().optional(),
  rootFolderPath: z.string().min(1).max(4096).optional(),
  tags: z.array(tag).max(50).optional(),
});

export const monitoredBody = z.strictObject({ monitored: z.boolean() });

export const deleteSeriesQuery = z.object({
  deleteFiles: flag.default('false').describe("move the series' folder to the recycle bin"),
});

export const deleteSeriesView = z.object({ deleted: z.literal(true), recycledTo: z.string().nullable() });

export const lookupQuery = z.object({
  term: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .describe('a title, tvdb:81189, imdb:tt0903747, tt0903747 or id:169'),
  source: metadataSource.default('tvmaze'),
});

export const lookupView = z.array(
  z.object({
    tvmazeId: z.number().nullable(),
    tvdbId: z.number().nullable(),
    tmdbId: z.number().nullable(),
    imdbId: z.string().nullable(),
    title: z.string(),
    year: z.number().nullable(),
    overview: z.string(),
    network: z.string().nullable(),
    status: seriesStatus,
    posterUrl: z.string().nullable(),
    metadataSource,
    metadataId: z.number().nullable().describe('the id to add the series by, with this metadataSource'),
    seriesId: z.number().nullable().describe('the library id when the series is already in the library'),
  }),
);

export const addAliasBody = z.strictObject({ title: z.string().trim().min(1).max(300) });
export const aliasView = alternativeTitleView;

export const episodesQuery = z.object({
  seriesId: z.coerce.number().int().positive(),
  seasonNumber: z.coerce.number().int().min(0).optional(),
});

const episodeFields = {
  id: z.number(),
  seriesId: z.number(),
  seasonNumber: z.number(),
  episodeNumber: z.number(),
  absoluteNumber: z.number().nullable(),
  airDate: z.string().nullable().describe('YYYY-MM-DD at the network'),
  airDateUtc: z.string().nullable(),
  title: z.string(),
  overview: z.string(),
  runtime: z.number().nullable().describe('minutes'),
  monitored: z.boolean(),
  episodeFileId: z.number().nullable(),
  hasFile: z.boolean(),
  removedUpstream: z.boolean().describe('the metadata source dropped it; kept because a file belongs to it'),
};

export const episodeView = z.object(episodeFields);

export const wantedEpisodeView = z.object({
  ...episodeFields,
  seriesTitle: z.string(),
  qualityName: z.string().nullable(),
});

export const episodePageView = z.object({
  page: z.number(),
  pageSize: z.number(),
  totalRecords: z.number(),
  records: z.array(wantedEpisodeView),
});

export const wantedQuery = z.object({ ...pagingQuery });

const instant = z
  .string()
  .refine((text) => Number.isFinite(Date.parse(text)), 'not a date: use YYYY-MM-DD or an ISO 8601 time')
  .transform((text) => Date.parse(text));

export const calendarQuery = z.object({
  ...pagingQuery,
  start: instant.optional().describe('YYYY-MM-DD (UTC midnight) or ISO 8601; default: today'),
  end: instant.optional().describe('exclusive; default: 7 days after start'),
});

export function toSeriesView(series: Series): z.infer<typeof seriesView> {
  return {
    id: series.id,
    tvdbId: series.tvdbId,
    tvmazeId: series.tvmazeId,
    tmdbId: series.tmdbId,
    imdbId: series.imdbId,
    metadataSource: series.metadataSource,
    title: series.title,
    sortTitle: series.sortTitle,
    cleanTitle: series.cleanTitle,
    year: series.year,
    overview: series.overview,
    status: series.status,
    network: series.network,
    runtime: series.runtime,
    seriesType: series.seriesType,
    seasonFolders: series.seasonFolders,
    monitored: series.monitored,
    monitorNewSeasons: series.monitorNewSeasons,
    qualityProfileId: series.qualityProfileId,
    rootFolderPath: series.rootFolderPath,
    path: series.path,
    tags: series.tags,
    alternativeTitles: series.alternativeTitles.map(toAliasView),
    addedAt: iso(series.addedAt),
    lastRefreshedAt: series.lastRefreshedAt === null ? null : iso(series.lastRefreshedAt),
  };
}

export function toSeriesDetailsView(series: SeriesDetails): z.infer<typeof seriesDetailsView> {
  return { ...toSeriesView(series), seasons: series.seasons };
}

export function toAliasView(title: SeriesAlternativeTitle): z.infer<typeof aliasView> {
  return { id: title.id, title: title.title, source: title.source };
}

export function toEpisodeView(episode: Episode): z.infer<typeof episodeView> {
  return {
    id: episode.id,
    seriesId: episode.seriesId,
    seasonNumber: episode.seasonNumber,
    episodeNumber: episode.episodeNumber,
    absoluteNumber: episode.absoluteNumber,
    airDate: episode.airDate,
    airDateUtc: episode.airDateUtc === null ? null : iso(episode.airDateUtc),
    title: episode.title,
    overview: episode.overview,
    runtime: episode.runtime,
    monitored: episode.monitored,
    episodeFileId: episode.episodeFileId,
    hasFile: episode.episodeFileId !== null,
    removedUpstream: episode.removedUpstream,
  };
}

export function toWantedEpisodeView(episode: WantedEpisode): z.infer<typeof wantedEpisodeView> {
  return { ...toEpisodeView(episode), seriesTitle: episode.seriesTitle, qualityName: episode.qualityName };
}

export function toLookupView(results: SeriesLookupResult[]): z.infer<typeof lookupView> {
  return results.map((result) => ({
    tvmazeId: result.tvmazeId,
    tvdbId: result.tvdbId,
    tmdbId: result.tmdbId,
    imdbId: result.imdbId,
    title: result.title,
    year: result.year,
    overview: result.overview,
    network: result.network,
    status: result.status,
    posterUrl: result.posterUrl,
    metadataSource: result.metadataSource,
    metadataId: result.metadataId,
    seriesId: result.seriesId,
  }));
}
