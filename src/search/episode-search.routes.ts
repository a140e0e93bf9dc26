// TV searches: automatic searches of a season or some episodes (answered with what was found, decided
// and grabbed), a whole series and the wanted lists as durable jobs (answered 202 with the job), the
// interactive search, the stored searches of a series, and an RSS sync now.
import type { TrackedDownload } from '../downloads/tracked-download.repository.js';
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError } from '../shared/errors.js';
import {
  EPISODE_SEARCH_JOB,
  WANTED_SEARCH_JOB,
  wantedSearchKey,
  type EpisodeSearchResult,
  type EpisodeSearchService,
  type WantedList,
} from './episode-search.service.js';
import type { RssSyncService } from './rss-sync.service.js';
import type { SearchRepository } from './search.repository.js';
import { searchView, toSearchView } from './search.view.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const seasonParams = idParams.extend({ season: z.coerce.number().int().min(0) });

const grabbedView = z.object({
  queueItemId: z.number(),
  title: z.string(),
  episodeIds: z.array(z.number()),
});

const episodeSearchView = z.object({
  searches: z.array(searchView).describe('One per query made: a season first, then its episodes.'),
  grabbed: z.array(grabbedView),
});

const queuedView = z.object({ jobId: z.number() });

const episodeIdList = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'comma-separated episode ids')
  .transform((value) => value.split(',').map(Number));

/** A double click queues one whole-series search, not two. */
const SERIES_SEARCH_KEY_MS = 60_000;

function toGrabbedView(download: TrackedDownload): z.infer<typeof grabbedView> {
  return { queueItemId: download.id, title: download.releaseTitle, episodeIds: download.episodeIds };
}

function toEpisodeSearchView(result: EpisodeSearchResult): z.infer<typeof episodeSearchView> {
  return {
    searches: result.searches.map((run) => toSearchView(run.search, run.decisions)),
    grabbed: result.grabbed.map(toGrabbedView),
  };
}

export interface EpisodeSearchRouteDeps {
  episodeSearch: EpisodeSearchService;
  rss: Pick<RssSyncService, 'sync'>;
  stored: Pick<SearchRepository, 'listForSeries' | 'listRssSyncs' | 'decisions'>;
  queue: Pick<JobQueue, 'enqueue'>;
  clock: Clock;
}

export const episodeSearchRoutes: RouteModule<EpisodeSearchRouteDeps> = (
  app,
  { episodeSearch, rss, stored, queue, clock },
) => {
  const tags = ['search'];

  app.post(
    '/api/v1/series/:id/search',
    {
      schema: {
        tags,
        summary: 'Search every monitored aired episode without a file, season by season (a job).',
        params: idParams,
        response: { 202: queuedView },
      },
    },
    async (request, reply) => {
      const seriesId = request.params.id;
      const job = await queue.enqueue(
        EPISODE_SEARCH_JOB,
        { seriesId, userInvoked: true },
        {
          idempotencyKey: `${EPISODE_SEARCH_JOB}:series:${seriesId}:${Math.floor(clock.now() / SERIES_SEARCH_KEY_MS)}`,
        },
      );
      return reply.status(202).send({ jobId: job.id });
    },
  );

  app.post(
    '/api/v1/series/:id/seasons/:season/search',
    {
      schema: {
        tags,
        summary:
          'Search a season now: a pack when several aired episodes are wanted, then episode by episode; grab the best.',
        params: seasonParams,
        response: { 200: episodeSearchView },
      },
    },
    async (request) =>
      toEpisodeSearchView(await episodeSearch.searchSeason(request.params.id, request.params.season, 'user')),
  );

  app.post(
    '/api/v1/episodes/search',
    {
      schema: {
        tags,
        summary: 'Search these episodes now (of any series) and grab the best releases.',
        body: z.object({ episodeIds: z.array(z.number().int().positive()).min(1).max(100) }),
        response: { 200: episodeSearchView },
      },
    },
    async (request) =>
      toEpisodeSearchView(await episodeSearch.searchEpisodesById(request.body.episodeIds, 'user')),
  );

  app.get(
    '/api/v1/series/:id/releases',
    {
      schema: {
        tags,
        summary:
          'Interactive search of a season or some episodes: every release found, with the decision about it.',
        params: idParams,
        querystring: z.object({
          episodeIds: episodeIdList.optional().describe('e.g. 12,13'),
          season: z.coerce.number().int().min(0).optional(),
        }),
        response: { 200: searchView },
      },
    },
    async (request) => {
      const { episodeIds, season } = request.query;
      let result: EpisodeSearchResult;
      if (season !== undefined && episodeIds === undefined) {
        result = await episodeSearch.searchSeason(request.params.id, season, 'interactive');
      } else if (episodeIds !== undefined && season === undefined) {
        result = await episodeSearch.searchEpisodes(request.params.id, episodeIds, 'interactive');
      } else {
        throw new BadRequestError('give either episodeIds or season');
      }
      const [run] = result.searches;
      if (!run) throw new Error('an interactive search made no query');
      return toSearchView(run.search, run.decisions);
    },
  );

  app.get(
    '/api/v1/series/:id/searches',
    {
      schema: {
        tags,
        summary: 'Recent searches for the series and why each release was taken or refused.',
        params: idParams,
        response: { 200: z.array(searchView) },
      },
    },
    async (request) => {
      const recent = await stored.listForSeries(request.params.id);
      return Promise.all(
        recent.map(async (search) => toSearchView(search, await stored.decisions(search.id))),
      );
    },
  );

  const wantedSearch = (list: WantedList, path: string, summary: string) =>
    app.post(path, { schema: { tags, summary, response: { 202: queuedView } } }, async (_request, reply) => {
      const requestedAt = clock.now();
      const job = await queue.enqueue(
        WANTED_SEARCH_JOB,
        { list, requestedAt },
        { idempotencyKey: wantedSearchKey(list, requestedAt) },
      );
      return reply.status(202).send({ jobId: job.id });
    });
  wantedSearch(
    'missing',
    '/api/v1/wanted/missing/search',
    'Search every missing episode (a job; one search per series and season; asking again within the hour adds nothing).',
  );
  wantedSearch(
    'cutoffUnmet',
    '/api/v1/wanted/cutoff/search',
    'Search every episode below its cutoff (a job; one search per series and season; asking again within the hour adds nothing).',
  );

  app.post(
    '/api/v1/rss/sync',
    {
      schema: {
        tags,
        summary:
          'Run an RSS sync now: the latest releases of every RSS-enabled indexer, matched and decided.',
        response: {
          200: z.object({
            releases: z.number(),
            matched: z.number(),
            ambiguous: z.number(),
            series: z.number(),
            held: z.number(),
            grabbed: z.array(grabbedView),
            searchId: z.number().nullable().describe('The stored record: GET /api/v1/rss/syncs.'),
          }),
        },
      },
    },
    async () => {
      const result = await rss.sync();
      return { ...result, grabbed: result.grabbed.map(toGrabbedView) };
    },
  );

  app.get(
    '/api/v1/rss/syncs',
    {
      schema: {
        tags,
        summary: 'Recent RSS syncs and why each release of a library series was taken or refused.',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(96).default(10) }),
        response: { 200: z.array(searchView) },
      },
    },
    async (request) => {
      const recent = await stored.listRssSyncs(request.query.limit);
      return Promise.all(
        recent.map(async (search) => toSearchView(search, await stored.decisions(search.id))),
      );
    },
  );
};
