// Liveness, health, metrics, the OpenAPI document and the service status.
import { z } from 'zod';
import type { HealthRegistry } from '../health/health-registry.js';
import type { Metrics } from '../metrics/metrics.js';
import type { RouteModule } from './api-server.js';

export interface SystemStatus {
  version: string;
  database: string;
  urlBase: string;
  startedAt: string;
  uptimeSeconds: number;
}

export interface SystemRouteDeps {
  health: HealthRegistry;
  metrics: Metrics;
  status: () => SystemStatus;
}

const healthStatus = z.enum(['ok', 'warning', 'error']);

const healthReport = z.object({
  status: healthStatus,
  checks: z
    .array(z.object({ name: z.string(), status: healthStatus, message: z.string(), durationMs: z.number() }))
    .optional(),
});

export const systemRoutes: RouteModule<SystemRouteDeps> = (app, deps) => {
  app.get(
    '/ping',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process answers (no database access).',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    () => ({ status: 'ok' as const }),
  );

  // Kubernetes readiness probes cannot send credentials, so `?ready` answers without them, with only
  // the overall status; the full report needs credentials.
  app.get(
    '/api/v1/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Deep health checks. With ?ready, answers without credentials with the status only.',
        querystring: z.object({ ready: z.string().optional() }),
        response: { 200: healthReport, 503: healthReport },
      },
      onRequest: async (request) => {
        if (request.query.ready !== undefined) return;
        // Not a readiness probe: credentials as on every other route.
        await app.authenticate(request);
      },
    },
    async (request, reply) => {
      const report = await deps.health.run();
      const code = report.status === 'error' ? 503 : 200;
      return reply.status(code).send(request.query.ready !== undefined ? { status: report.status } : report);
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['system'],
        summary: 'Prometheus metrics (send the API key as Authorization: Bearer).',
        hide: false,
      },
    },
    async (_request, reply) => {
      const body = await deps.metrics.registry.metrics();
      return reply.type(deps.metrics.registry.contentType).send(body);
    },
  );

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.get(
    '/api/v1/system/status',
    {
      schema: {
        tags: ['system'],
        summary: 'Version, database kind and uptime.',
        response: {
          200: z.object({
            version: z.string(),
            database: z.string(),
            urlBase: z.string(),
            startedAt: z.string(),
            uptimeSeconds: z.number(),
          }),
        },
      },
    },
    () => deps.status(),
  );
};
