// Owns the movie catalog's HTTP API: /api/v1/movies (list, add, get, edit, delete, lookup, refresh)
// and /api/v1/rootfolders. Routes validate and call the services; the rules live there.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Clock } from '../shared/clock.js';
import { MOVIE_REFRESH_JOB } from './movie-refresh.job.js';
import {
  addMovieBody,
  addRootFolderBody,
  deleteMovieQuery,
  deleteMovieView,
  editMovieBody,
  editMovieQuery,
  idParams,
  lookupQuery,
  lookupView,
  movieListQuery,
  movieListView,
  movieView,
  refreshView,
  rootFolderView,
  toMovieView,
  toRootFolderView,
} from './movie.schema.js';
import type { MovieService } from './movie.service.js';
import type { RootFolderService } from './root-folder.service.js';

export interface MovieRouteDeps {
  movies: MovieService;
  rootFolders: RootFolderService;
  queue: Pick<JobQueue, 'enqueue'>;
  clock: Clock;
}

const tags = ['movies'];

export const movieRoutes: RouteModule<MovieRouteDeps> = (app, { movies, rootFolders, queue, clock }) => {
  app.get(
    '/api/v1/movies',
    {
      schema: {
        tags,
        summary: 'Movies in the library, a page at a time.',
        querystring: movieListQuery,
        response: { 200: movieListView },
      },
    },
    async (request) => {
      const { page, pageSize, monitored, sortKey, sortDirection } = request.query;
      const { total, movies: records } = await movies.list({
        monitored: monitored === undefined ? undefined : monitored === 'true',
        sortKey,
        sortDirection,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return { page, pageSize, totalRecords: total, records: records.map(toMovieView) };
    },
  );

  app.post(
    '/api/v1/movies',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Add a movie by TMDB id; its folder comes from the folder naming template.',
        body: addMovieBody,
        response: { 201: movieView },
      },
    },
    async (request, reply) => reply.status(201).send(toMovieView(await movies.add(request.body))),
  );

  app.get(
    '/api/v1/movies/lookup',
    {
      schema: {
        tags,
        summary: 'Find movies to add: by title, or exactly by tmdb:ID or imdb:ttID.',
        querystring: lookupQuery,
        response: { 200: lookupView },
      },
    },
    (request) => movies.lookup(request.query.term),
  );

  app.post(
    '/api/v1/movies/refresh',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: "Refresh every movie's metadata now (a background job).",
        response: { 202: refreshView },
      },
    },
    async (_request, reply) => {
      const job = await queue.enqueue(MOVIE_REFRESH_JOB, { refreshedBefore: clock.now() });
      return reply.status(202).send({ jobId: job.id });
    },
  );

  app.get(
    '/api/v1/movies/:id',
    { schema: { tags, summary: 'One movie.', params: idParams, response: { 200: movieView } } },
    async (request) => toMovieView(await movies.get(request.params.id)),
  );

  app.put(
    '/api/v1/movies/:id',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Change monitoring, minimum availability, quality profile, root folder or path, tags.',
        params: idParams,
        querystring: editMovieQuery,
        body: editMovieBody,
        response: { 200: movieView },
      },
    },
    async (request) =>
      toMovieView(
        await movies.edit(request.params.id, {
          ...request.body,
          moveFiles: request.query.moveFiles === 'true',
        }),
      ),
  );

  app.delete(
    '/api/v1/movies/:id',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Remove a movie; with deleteFiles=true its folder goes to the recycle bin.',
        params: idParams,
        querystring: deleteMovieQuery,
        response: { 200: deleteMovieView },
      },
    },
    async (request) => {
      const { recycledTo } = await movies.delete(request.params.id, {
        deleteFiles: request.query.deleteFiles === 'true',
      });
      return { deleted: true as const, recycledTo };
    },
  );

  app.post(
    '/api/v1/movies/:id/refresh',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: "Refresh this movie's metadata now (a background job).",
        params: idParams,
        response: { 202: refreshView },
      },
    },
    async (request, reply) => {
      // 404 now rather than a job that finds nothing later.
      const movie = await movies.get(request.params.id);
      const job = await queue.enqueue(MOVIE_REFRESH_JOB, { movieId: movie.id });
      return reply.status(202).send({ jobId: job.id });
    },
  );

  app.get(
    '/api/v1/rootfolders',
    {
      schema: {
        tags,
        summary: 'Library root folders with their free space, measured now.',
        response: { 200: z.array(rootFolderView) },
      },
    },
    async () => (await rootFolders.list()).map(toRootFolderView),
  );

  app.post(
    '/api/v1/rootfolders',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Add a root folder: it must exist and be writable.',
        body: addRootFolderBody,
        response: { 201: rootFolderView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(toRootFolderView(await rootFolders.add(request.body.path))),
  );

  app.delete(
    '/api/v1/rootfolders/:id',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Forget a root folder (files stay); refused while movies live in it.',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await rootFolders.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
