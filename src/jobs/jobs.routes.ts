// Read-only view of the job queue, so a user can see what is queued, running, retrying or failed.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import { pageWindow, pagingQuery } from '../http/paging.js';
import type { JobRepository } from './job.repository.js';

const jobSchema = z.object({
  id: z.number(),
  name: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  attempts: z.number(),
  maxAttempts: z.number(),
  runAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const jobRoutes: RouteModule<{ jobs: JobRepository }> = (app, { jobs }) => {
  app.get(
    '/api/v1/jobs',
    {
      schema: {
        tags: ['system'],
        summary: 'Background jobs, newest first.',
        querystring: z.object({
          status: z.enum(['queued', 'running', 'succeeded', 'failed']).optional(),
          name: z.string().optional(),
          ...pagingQuery,
        }),
        response: { 200: z.object({ page: z.number(), pageSize: z.number(), records: z.array(jobSchema) }) },
      },
    },
    async (request) => {
      const { page, pageSize, status, name } = request.query;
      const rows = await jobs.list({ status, name, ...pageWindow({ page, pageSize }) });
      return {
        page,
        pageSize,
        records: rows.map((row) => ({
          id: row.id,
          name: row.name,
          status: row.status,
          attempts: row.attempts,
          maxAttempts: row.max_attempts,
          runAt: new Date(row.run_at).toISOString(),
          lastError: row.last_error,
          createdAt: new Date(row.created_at).toISOString(),
          finishedAt: iso(row.finished_at),
        })),
      };
    },
  );
};
