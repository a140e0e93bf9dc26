// Owns POST /flaresolverr/v1: FlareSolverr's API inside Omniarr (behind Omniarr's auth, unlike
// FlareSolverr). The body is read by the solver itself, not by a route schema, so a bad request gets
// FlareSolverr's error shape, which is what FlareSolverr clients parse.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import type { SolverService } from './solver.service.js';

export const solverRoutes: RouteModule<{ solver: SolverService }> = (app, { solver }) => {
  app.post(
    '/flaresolverr/v1',
    {
      schema: {
        summary: 'Solve a challenge (FlareSolverr API)',
        description:
          'FlareSolverr-compatible: cmd request.get | request.post | sessions.create | sessions.list | sessions.destroy, ' +
          'with url, maxTimeout (ms), cookies, returnOnlyCookies, session, postData. Answers ' +
          '{ status, message, startTimestamp, endTimestamp, version, solution { url, status, headers, response, cookies, userAgent } }; ' +
          'errors answer HTTP 500 with status "error".',
        tags: ['solver'],
        body: z.unknown(),
      },
    },
    async (request, reply) => {
      // A client that hangs up stops the solve, so an abandoned request frees its browser slot.
      const abandoned = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableEnded) abandoned.abort();
      };
      reply.raw.once('close', onClose);
      try {
        const answer = await solver.respond(request.body, abandoned.signal);
        return await reply.code(answer.statusCode).send(answer.body);
      } finally {
        reply.raw.off('close', onClose);
      }
    },
  );
};
