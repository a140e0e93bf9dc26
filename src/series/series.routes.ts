// Owns the series catalog's HTTP API: /api/v1/series (list, add, lookup, get, edit, delete, season
// monitoring, aliases), /api/v1/episodes, /api/v1/wanted/missing and /api/v1/calendar. Routes
// validate and call the service; the rules live there.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { EPISODE_SEARCH_JOB } from '../search/episode-search.service.js';
import { pageWindow } from '../http/paging.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError } from '../shared/errors.js';
import {
  addAliasBody,
  addSeriesBody,
  aliasParams,
  aliasView,
  calendarQuery,
  deleteSeriesQuery,
  deleteSeriesView,
  editSeriesBody,
  episodePageView,
  episodesQuery,
  episodeView,
  idParams,
  lookupQuery,
  lookupView,
  monitoredBody,
  seasonParams,
  seriesDetailsView,
  seriesListQuery,
  seriesListView,
  toAliasView,
  toEpisodeView,
  toLookupView,
  toSeriesDetailsView,
  toSeriesView,
  toWantedEpisodeView,
  wantedQuery,
} from './series.schema.js';
import type { SeriesService } from './series.service.js';

export interface SeriesRouteDeps {
  series: SeriesService;
  /** Where "search for missing episodes" on add goes. */
  queue: Pick<JobQueue, 'enqueue'>;
  clock: Clock;
}

const tags = ['series'];
const DAY = 86_400_000;
/** A calendar page spans at most this much, so one request cannot scan the whole table. */
const MAX_CALENDAR_SPAN = 366 * DAY;

export const seriesRoutes: RouteModule<SeriesRouteDeps> = (app, { series, queue, clock }) => {
  app.get(
    '/api/v1/series',
    {
      schema: {
        tags,
        summary: 'Series in the library, a page at a time.',
        querystring: seriesListQuery,
        response: { 200: seriesListView },
      },
    },
    async (request) => {
      const { page, pageSize, monitored, seriesType, status, sortKey, sortDirection } = request.query;
      const { total, series: records } = await series.list({
        monitored: monitored === undefined ? undefined : monitored === 'true',
        seriesType,
        status,
        sortKey,
        sortDirection,
        ...pageWindow({ page, pageSize }),
      });
      return { page, pageSize, totalRecords: total, records: records.map(toSeriesView) };
    },
  );

  app.post(
    '/api/v1/series',
    {
      config: { admin: true },
      schema: {
        tags,
        summary:
          'Add a series by its id in a metadata source (TVmaze by default, or TMDB); its folder is {Series TitleYear} under the root folder.',
        body: addSeriesBody,
        response: { 201: seriesDetailsView },
      },
    },
    async (request, reply) => {
      const { searchForMissingEpisodes, ...input } = request.body;
      const added = await series.add(input);
      if (searchForMissingEpisodes) {
        await queue.enqueue(
          EPISODE_SEARCH_JOB,
          { seriesId: added.id, userInvoked: true },
          { idempotencyKey: `${EPISODE_SEARCH_JOB}:added:${added.id}` },
        );
      }
      return reply.status(201).send(toSeriesDetailsView(added));
    },
  );

  app.get(
    '/api/v1/series/lookup',
    {
      schema: {
        tags,
        summary:
          'Find series to add in one metadata source (source=tvmaze by default, or tmdb): by title, or exactly by tvdb:ID, imdb:ttID or id:ID.',
        querystring: lookupQuery,
        response: { 200: lookupView },
      },
    },
    async (request) => toLookupView(await series.lookup(request.query.term, request.query.source)),
  );

  app.get(
    '/api/v1/series/:id',
    {
      schema: {
        tags,
        summary: 'One series with its seasons and their episode counts.',
        params: idParams,
        response: { 200: seriesDetailsView },
      },
    },
    async (request) => toSeriesDetailsView(await series.get(request.params.id)),
  );

  app.put(
    '/api/v1/series/:id',
    {
      config: { admin: true },
      schema: {
        tags,
        summary:
          'Change monitoring, new-season monitoring, season folders, series type, quality profile, root folder, tags.',
        params: idParams,
        body: editSeriesBody,
        response: { 200: seriesDetailsView },
      },
    },
    async (request) => toSeriesDetailsView(await series.edit(request.params.id, request.body)),
  );

  app.delete(
    '/api/v1/series/:id',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Remove a series; with deleteFiles=true its folder goes to the recycle bin.',
        params: idParams,
        querystring: deleteSeriesQuery,
        response: { 200: deleteSeriesView },
      },
    },
    async (request) => {
      const { recycledTo } = await series.delete(request.params.id, {
        deleteFiles: request.query.deleteFiles === 'true',
      });
      return { deleted: true as const, recycledTo };
    },
  );

  app.put(
    '/api/v1/series/:id/seasons/:seasonNumber',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Monitor or unmonitor a season and every episode in it.',
        params: seasonParams,
        body: monitoredBody,
        response: { 200: seriesDetailsView },
      },
    },
    async (request) =>
      toSeriesDetailsView(
        await series.setSeasonMonitored(
          request.params.id,
          request.params.seasonNumber,
          request.body.monitored,
        ),
      ),
  );

  app.get(
    '/api/v1/series/:id/aliases',
    {
      schema: {
        tags,
        summary: "The series' alternative titles from the metadata source and the user's aliases.",
        params: idParams,
        response: { 200: z.array(aliasView) },
      },
    },
    async (request) => (await series.aliases(request.params.id)).map(toAliasView),
  );

  app.post(
    '/api/v1/series/:id/aliases',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Add an alias releases are matched by (e.g. a romanised title); kept across refreshes.',
        params: idParams,
        body: addAliasBody,
        response: { 201: aliasView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(toAliasView(await series.addAlias(request.params.id, request.body.title))),
  );

  app.delete(
    '/api/v1/series/:id/aliases/:aliasId',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: "Remove a user's alias (metadata titles come back with each refresh).",
        params: aliasParams,
        response: { 200: z.object({ deleted: z.literal(true) }) },
      },
    },
    async (request) => {
      await series.deleteAlias(request.params.id, request.params.aliasId);
      return { deleted: true as const };
    },
  );

  app.get(
    '/api/v1/episodes',
    {
      schema: {
        tags,
        summary: "A series' episodes (optionally one season), in season and episode order.",
        querystring: episodesQuery,
        response: { 200: z.array(episodeView) },
      },
    },
    async (request) =>
      (await series.episodes(request.query.seriesId, request.query.seasonNumber)).map(toEpisodeView),
  );

  app.put(
    '/api/v1/episodes/:id',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Monitor or unmonitor one episode.',
        params: idParams,
        body: monitoredBody,
        response: { 200: episodeView },
      },
    },
    async (request) =>
      toEpisodeView(await series.setEpisodeMonitored(request.params.id, request.body.monitored)),
  );

  app.get(
    '/api/v1/wanted/missing',
    {
      schema: {
        tags,
        summary: 'Monitored episodes that have aired and have no file, most recent first.',
        querystring: wantedQuery,
        response: { 200: episodePageView },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      const { total, records } = await series.missing(pageWindow({ page, pageSize }));
      return { page, pageSize, totalRecords: total, records: records.map(toWantedEpisodeView) };
    },
  );

  app.get(
    '/api/v1/calendar',
    {
      schema: {
        tags,
        summary: 'Episodes airing between start (inclusive) and end (exclusive), in air order.',
        querystring: calendarQuery,
        response: { 200: episodePageView },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      const start = request.query.start ?? Math.floor(clock.now() / DAY) * DAY;
      const end = request.query.end ?? start + 7 * DAY;
      if (end - start > MAX_CALENDAR_SPAN)
        throw new BadRequestError('a calendar range spans at most 366 days');
      const { total, records } = await series.calendar(start, end, pageWindow({ page, pageSize }));
      return { page, pageSize, totalRecords: total, records: records.map(toWantedEpisodeView) };
    },
  );
};
