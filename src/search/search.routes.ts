// Automatic and interactive movie searches, their stored decisions, and grabbing a found release.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import type { MovieSearchService } from './movie-search.service.js';
import type { SearchRepository, StoredDecision, StoredSearch } from './search.repository.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });

const decisionView = z.object({
  id: z.number().describe('Pass to POST /api/v1/releases/{id}/grab.'),
  rank: z.number(),
  title: z.string(),
  indexer: z.string(),
  protocol: z.enum(['torrent', 'usenet']),
  accepted: z.boolean(),
  quality: z.string(),
  customFormatScore: z.number(),
  rejections: z.array(z.object({ code: z.string(), message: z.string() })),
  size: z.number().nullable(),
  seeders: z.number().nullable(),
  publishDate: z.string().nullable(),
});

const searchView = z.object({
  id: z.number(),
  movieId: z.number(),
  trigger: z.enum(['automatic', 'interactive', 'rss']),
  date: z.string(),
  releases: z.number(),
  accepted: z.number(),
  grabbed: z.string().nullable(),
  indexers: z.object({
    answered: z.array(z.string()),
    failures: z.array(z.object({ indexer: z.string(), reason: z.string(), kind: z.string() })),
    skipped: z.array(z.object({ indexer: z.string(), reason: z.string(), until: z.number() })),
  }),
  decisions: z.array(decisionView),
});

function toDecisionView(decision: StoredDecision): z.infer<typeof decisionView> {
  const { release } = decision.grabbed;
  return {
    id: decision.id,
    rank: decision.rank,
    title: decision.title,
    indexer: decision.indexer,
    protocol: release.protocol,
    accepted: decision.accepted,
    quality: decision.qualityName,
    customFormatScore: decision.customFormatScore,
    rejections: decision.rejections,
    size: release.size,
    seeders: release.seeders,
    publishDate: release.publishDate,
  };
}

function toSearchView(search: StoredSearch, decisions: StoredDecision[]): z.infer<typeof searchView> {
  return {
    id: search.id,
    movieId: search.movieId,
    trigger: search.trigger,
    date: new Date(search.createdAt).toISOString(),
    releases: search.releases,
    accepted: search.accepted,
    grabbed: search.grabbedTitle,
    indexers: search.indexers,
    decisions: decisions.map(toDecisionView),
  };
}

export const searchRoutes: RouteModule<{ searches: MovieSearchService; stored: SearchRepository }> = (
  app,
  { searches, stored },
) => {
  const tags = ['search'];

  app.post(
    '/api/v1/movies/:id/search',
    {
      schema: {
        tags,
        summary: 'Search now and grab the best accepted release.',
        params: idParams,
        response: { 200: searchView },
      },
    },
    async (request) => {
      const result = await searches.search(request.params.id, 'automatic');
      return toSearchView(result.search, result.decisions);
    },
  );

  app.get(
    '/api/v1/movies/:id/releases',
    {
      schema: {
        tags,
        summary: 'Interactive search: every release found, with the decision about it.',
        params: idParams,
        response: { 200: searchView },
      },
    },
    async (request) => {
      const result = await searches.search(request.params.id, 'interactive');
      return toSearchView(result.search, result.decisions);
    },
  );

  app.get(
    '/api/v1/movies/:id/searches',
    {
      schema: {
        tags,
        summary: 'Recent searches for the movie and why each release was taken or refused.',
        params: idParams,
        response: { 200: z.array(searchView) },
      },
    },
    async (request) => {
      const recent = await stored.listForMovie(request.params.id);
      return Promise.all(
        recent.map(async (search) => toSearchView(search, await stored.decisions(search.id))),
      );
    },
  );

  app.post(
    '/api/v1/releases/:id/grab',
    {
      schema: {
        tags,
        summary: 'Grab a release found by a search; a refused one only with force.',
        params: idParams,
        body: z.object({ force: z.boolean().default(false) }).default({ force: false }),
        response: { 201: z.object({ queueItemId: z.number(), title: z.string() }) },
      },
    },
    async (request, reply) => {
      const download = await searches.grabDecision(request.params.id, request.body.force);
      return reply.status(201).send({ queueItemId: download.id, title: download.releaseTitle });
    },
  );
};
