// Owns /api/v1/queue/pending: the releases a delay profile holds, grabbing one now, or forgetting it.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import type { PendingReleaseService } from './pending-release.service.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });

const pendingView = z.object({
  id: z.number(),
  seriesId: z.number(),
  episodeIds: z.array(z.number()),
  title: z.string(),
  indexer: z.string(),
  protocol: z.enum(['torrent', 'usenet']),
  quality: z.string(),
  customFormatScore: z.number(),
  size: z.number().nullable(),
  reason: z.string(),
  firstSeen: z.string(),
  delayedUntil: z.string().describe('When it is decided again (and grabbed if still the best).'),
});

export const pendingReleaseRoutes: RouteModule<{ pending: PendingReleaseService }> = (app, { pending }) => {
  const tags = ['queue'];

  app.get(
    '/api/v1/queue/pending',
    {
      schema: {
        tags,
        summary: 'Releases a delay profile holds back, those due first.',
        response: { 200: z.array(pendingView) },
      },
    },
    async () =>
      (await pending.list()).map((release) => ({
        id: release.id,
        seriesId: release.seriesId,
        episodeIds: release.episodeIds,
        title: release.title,
        indexer: release.indexer,
        protocol: release.protocol,
        quality: release.qualityName,
        customFormatScore: release.customFormatScore,
        size: release.grabbed.release.size,
        reason: release.reason,
        firstSeen: new Date(release.firstSeen).toISOString(),
        delayedUntil: new Date(release.delayedUntil).toISOString(),
      })),
  );

  app.post(
    '/api/v1/queue/pending/:id/grab',
    {
      schema: {
        tags,
        summary: 'Grab a held release now, without waiting for its delay.',
        params: idParams,
        response: { 201: z.object({ queueItemId: z.number(), title: z.string() }) },
      },
    },
    async (request, reply) => {
      const download = await pending.grabNow(request.params.id);
      return reply.status(201).send({ queueItemId: download.id, title: download.releaseTitle });
    },
  );

  app.delete(
    '/api/v1/queue/pending/:id',
    {
      schema: {
        tags,
        summary: 'Forget a held release (a later RSS sync may find it again).',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await pending.remove(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
