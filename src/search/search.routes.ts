// Automatic and interactive movie searches, their stored decisions, and grabbing a found release.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import type { MovieSearchService } from './movie-search.service.js';
import type { SearchRepository } from './search.repository.js';
import type { StoredReleaseGrabber } from './stored-release-grab.js';
import { searchView, toSearchView } from './search.view.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export const searchRoutes: RouteModule<{
  searches: MovieSearchService;
  stored: SearchRepository;
  grabber: StoredReleaseGrabber;
}> = (app, { searches, stored, grabber }) => {
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
      const download = await grabber.grab(request.params.id, request.body.force);
      return reply.status(201).send({ queueItemId: download.id, title: download.releaseTitle });
    },
  );
};
