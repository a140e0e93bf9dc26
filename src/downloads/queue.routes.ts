// The queue (what is grabbed and not yet imported) and the blocklist.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import { pageWindow, pagingQuery } from '../http/paging.js';
import { NotFoundError } from '../shared/errors.js';
import type { QueueService } from './queue.service.js';
import type { TrackedDownload, TrackedDownloadRepository } from './tracked-download.repository.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

const targetFields = {
  movieId: z.number().nullable().describe('The movie it is for; null for episodes.'),
  seriesId: z.number().nullable().describe('The series it is for; null for a movie.'),
  episodeIds: z.array(z.number()).describe('The episodes it is for (empty for a movie).'),
};

const queueItem = z.object({
  id: z.number(),
  ...targetFields,
  title: z.string(),
  indexer: z.string(),
  protocol: z.enum(['torrent', 'usenet']),
  quality: z.string(),
  customFormatScore: z.number(),
  state: z
    .string()
    .describe('grabbing, queued, downloading, stalled, paused, completed, importing, import_blocked'),
  statusMessage: z.string().nullable(),
  progress: z.number(),
  size: z.number().nullable(),
  sizeLeft: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  downloadClientId: z.number().nullable(),
  downloadId: z
    .string()
    .nullable()
    .describe("The download client's id for the item (the info-hash for torrents)."),
  grabbedAt: z.string(),
});

function toQueueItem(download: TrackedDownload): z.infer<typeof queueItem> {
  return {
    id: download.id,
    movieId: download.movieId,
    seriesId: download.seriesId,
    episodeIds: download.episodeIds,
    title: download.releaseTitle,
    indexer: download.indexer,
    protocol: download.protocol,
    quality: download.qualityName,
    customFormatScore: download.customFormatScore,
    state: download.state,
    statusMessage: download.statusMessage,
    progress: download.progress,
    size: download.size,
    sizeLeft: download.sizeLeft,
    etaSeconds: download.etaSeconds,
    downloadClientId: download.downloadClientId,
    downloadId: download.clientItemId,
    grabbedAt: new Date(download.grabbedAt).toISOString(),
  };
}

const blocklistItem = z.object({
  id: z.number(),
  movieId: z.number().nullable(),
  seriesId: z.number().nullable(),
  title: z.string(),
  infoHash: z.string().nullable(),
  indexer: z.string().nullable(),
  protocol: z.enum(['torrent', 'usenet']),
  quality: z.string(),
  reason: z.string(),
  date: z.string(),
});

export const queueRoutes: RouteModule<{ queue: QueueService; tracked: TrackedDownloadRepository }> = (
  app,
  { queue, tracked },
) => {
  const tags = ['queue'];
  app.get(
    '/api/v1/queue',
    {
      schema: {
        tags,
        summary: 'Grabbed releases not yet imported, with progress.',
        response: { 200: z.array(queueItem) },
      },
    },
    async () => (await queue.list()).map(toQueueItem),
  );

  app.post(
    '/api/v1/queue/refresh',
    {
      schema: {
        tags,
        summary: 'Poll the download clients now.',
        response: { 200: z.object({ checked: z.number(), completed: z.number() }) },
      },
    },
    () => queue.refresh(),
  );

  app.post(
    '/api/v1/queue/:id/import',
    {
      schema: {
        tags,
        summary: 'Try the import of a finished download again.',
        params: idParams,
        response: { 202: z.null() },
      },
    },
    async (request, reply) => {
      await queue.retryImport(request.params.id);
      return reply.status(202).send(null);
    },
  );

  app.delete(
    '/api/v1/queue/:id',
    {
      schema: {
        tags,
        summary: 'Remove an item from the queue.',
        params: idParams,
        querystring: z.object({ removeFromClient: flag.default(true), blocklist: flag.default(false) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await queue.remove(request.params.id, request.query);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/blocklist',
    {
      schema: {
        tags,
        summary: 'Releases that will never be grabbed again.',
        querystring: z.object({
          ...pagingQuery,
        }),
        response: {
          200: z.object({
            page: z.number(),
            pageSize: z.number(),
            total: z.number(),
            records: z.array(blocklistItem),
          }),
        },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query;
      const { total, records } = await tracked.listBlocklist(pageWindow({ page, pageSize }));
      return {
        page,
        pageSize,
        total,
        records: records.map((entry) => ({
          id: entry.id,
          movieId: entry.movieId,
          seriesId: entry.seriesId,
          title: entry.releaseTitle,
          infoHash: entry.infoHash,
          indexer: entry.indexer,
          protocol: entry.protocol,
          quality: entry.qualityName,
          reason: entry.reason,
          date: new Date(entry.createdAt).toISOString(),
        })),
      };
    },
  );

  app.delete(
    '/api/v1/blocklist/:id',
    {
      schema: {
        tags,
        summary: 'Allow a blocklisted release again.',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      if (!(await tracked.removeFromBlocklist(request.params.id)))
        throw new NotFoundError(`blocklist entry ${request.params.id} not found`);
      return reply.status(204).send(null);
    },
  );
};
