// The history: grabbed, imported, upgraded, failed, blocked, blocklisted; newest first, paged.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import { pageWindow, pagingQuery } from '../http/paging.js';
import type { HistoryRepository } from './history.repository.js';

const events = [
  'grabbed',
  'imported',
  'upgraded',
  'download_failed',
  'import_blocked',
  'deleted',
  'blocklisted',
] as const;

export const historyRoutes: RouteModule<{ history: HistoryRepository }> = (app, { history }) => {
  app.get(
    '/api/v1/history',
    {
      schema: {
        tags: ['history'],
        summary: 'What happened, newest first.',
        querystring: z.object({
          movieId: z.coerce.number().int().positive().optional(),
          seriesId: z.coerce.number().int().positive().optional(),
          event: z.enum(events).optional(),
          ...pagingQuery,
        }),
        response: {
          200: z.object({
            page: z.number(),
            pageSize: z.number(),
            total: z.number(),
            records: z.array(
              z.object({
                id: z.number(),
                movieId: z.number().nullable(),
                seriesId: z.number().nullable(),
                episodeIds: z.array(z.number()),
                event: z.enum(events),
                sourceTitle: z.string(),
                quality: z.string().nullable(),
                queueItemId: z.number().nullable(),
                data: z.record(z.string(), z.unknown()),
                date: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { page, pageSize, movieId, seriesId, event } = request.query;
      const { total, records } = await history.list({
        movieId,
        seriesId,
        event,
        ...pageWindow({ page, pageSize }),
      });
      return {
        page,
        pageSize,
        total,
        records: records.map((record) => ({
          id: record.id,
          movieId: record.movieId,
          seriesId: record.seriesId,
          episodeIds: record.episodeIds,
          event: record.event,
          sourceTitle: record.sourceTitle,
          quality: record.qualityName,
          queueItemId: record.trackedDownloadId,
          data: record.data,
          date: new Date(record.createdAt).toISOString(),
        })),
      };
    },
  );
};
