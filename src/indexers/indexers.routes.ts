// Indexer settings (limits included), tests, health reset, statistics. The API key is write-only:
// responses say only whether one is set.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import type { IndexerService } from './indexer.service.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const testQuery = z.object({ test: z.enum(['true', 'false']).default('true') });

const usageLimit = z.object({
  max: z.number().int().min(1).max(1_000_000),
  per: z.enum(['hour', 'day']),
});

const settingValue = z.union([z.string().max(4000), z.boolean()]);

const indexerInput = z.object({
  name: z.string().trim().min(1).max(100),
  implementation: z.enum(['torznab', 'newznab', 'cardigann']),
  url: z
    .url({ protocol: /^https?$/ })
    .describe('Base URL, e.g. http://prowlarr:9696/1, or a Cardigann site (mirror)'),
  definitionId: z
    .string()
    .max(200)
    .nullable()
    .default(null)
    .describe('Cardigann: the definition, e.g. 1337x'),
  definitionSettings: z
    .record(z.string().max(200), settingValue)
    .default({})
    .describe("Cardigann: answers to the definition's settings; password-type ones are write-only."),
  apiPath: z.string().startsWith('/').max(200).default('/api'),
  apiKey: z
    .string()
    .max(500)
    .nullable()
    .optional()
    .describe('Write-only; omitted on update keeps the stored key.'),
  categories: z.array(z.number().int().min(0)).max(100).default([]),
  priority: z.number().int().min(1).max(50).default(25),
  enabled: z.boolean().default(true),
  rssEnabled: z.boolean().default(true),
  searchEnabled: z.boolean().default(true),
  timeoutMs: z.number().int().min(1000).max(300_000).default(30_000),
  minIntervalMs: z.number().int().min(0).max(3_600_000).default(2000),
  queryLimit: usageLimit
    .nullable()
    .default(null)
    .describe('Most queries (searches and RSS) in any rolling hour or day; null: no limit.'),
  grabLimit: usageLimit
    .nullable()
    .default(null)
    .describe('Most releases fetched in any rolling hour or day; null: no limit.'),
});

const failure = z
  .object({ reason: z.string(), kind: z.string(), at: z.number(), retryAfterMs: z.number().optional() })
  .nullable();

export const indexerView = z.object({
  id: z.number(),
  name: z.string(),
  implementation: z.enum(['torznab', 'newznab', 'cardigann']),
  definitionId: z.string().nullable(),
  definitionSettings: z.record(z.string(), settingValue),
  secretSettings: z.array(z.string()),
  protocol: z.enum(['torrent', 'usenet']),
  url: z.string(),
  apiPath: z.string(),
  hasApiKey: z.boolean(),
  categories: z.array(z.number()),
  priority: z.number(),
  enabled: z.boolean(),
  rssEnabled: z.boolean(),
  searchEnabled: z.boolean(),
  timeoutMs: z.number(),
  minIntervalMs: z.number(),
  queryLimit: usageLimit.nullable(),
  grabLimit: usageLimit.nullable(),
  updatedAt: z.number(),
  status: z.object({
    available: z.boolean(),
    until: z.number().optional(),
    reason: z.string().optional(),
    kind: z.string().optional(),
    consecutiveFailures: z.number(),
    lastFailure: failure,
    lastSuccessAt: z.number().nullable(),
  }),
});

const limitUsage = usageLimit.extend({ used: z.number() }).nullable();

export const indexerStatsView = z.object({
  indexerId: z.number(),
  name: z.string(),
  queries: z.number().describe('Every query sent, RSS included.'),
  rssQueries: z.number(),
  failedQueries: z.number(),
  grabs: z.number().describe('Releases fetched for a download client.'),
  failedGrabs: z.number(),
  authFailures: z.number().describe('Queries and grabs refused for the credentials.'),
  averageResponseMs: z.number().nullable(),
  lastQueryAt: z.number().nullable(),
  lastGrabAt: z.number().nullable(),
  queryLimit: limitUsage,
  grabLimit: limitUsage,
});

const testResult = z.object({
  ok: z.literal(true),
  serverTitle: z.string().nullable(),
  movieSearch: z.array(z.string()),
  tvSearch: z.array(z.string()),
  categories: z.number(),
});

export const indexerRoutes: RouteModule<{ indexers: IndexerService }> = (app, { indexers }) => {
  const tags = ['indexers'];

  app.get(
    '/api/v1/indexers',
    {
      schema: {
        tags,
        summary: 'Configured indexers with their health.',
        response: { 200: z.array(indexerView) },
      },
    },
    () => indexers.list(),
  );

  app.get(
    '/api/v1/indexers/stats',
    {
      schema: {
        tags,
        summary: 'Statistics of every indexer: queries, grabs, failures, response time, limit usage.',
        response: { 200: z.array(indexerStatsView) },
      },
    },
    () => indexers.stats(),
  );

  app.get(
    '/api/v1/indexers/:id/stats',
    { schema: { tags, params: idParams, response: { 200: indexerStatsView } } },
    (request) => indexers.statsOf(request.params.id),
  );

  app.get(
    '/api/v1/indexers/definitions',
    {
      schema: {
        tags,
        summary:
          'Cardigann definitions that can run (OMNIARR_CARDIGANN_DIR), with the settings each asks for.',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              description: z.string(),
              language: z.string(),
              type: z.string(),
              links: z.array(z.string()),
              needsManualCookie: z.boolean(),
              settings: z.array(
                z.object({
                  name: z.string(),
                  label: z.string().optional(),
                  type: z.string(),
                  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
                  options: z.record(z.string(), z.string()).optional(),
                }),
              ),
            }),
          ),
        },
      },
    },
    async () =>
      (await indexers.definitions()).map((definition) => ({
        ...definition,
        settings: definition.settings.map(({ name, label, type, default: fallback, options }) => ({
          name,
          ...(label === undefined ? {} : { label }),
          type,
          ...(fallback === undefined ? {} : { default: fallback }),
          ...(options === undefined ? {} : { options }),
        })),
      })),
  );

  app.get(
    '/api/v1/indexers/:id',
    { schema: { tags, params: idParams, response: { 200: indexerView } } },
    (request) => indexers.get(request.params.id),
  );

  app.post(
    '/api/v1/indexers',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Add an indexer (tested first unless ?test=false).',
        querystring: testQuery,
        body: indexerInput,
        response: { 201: indexerView },
      },
    },
    async (request, reply) => {
      const created = await indexers.create(
        { ...request.body, apiKey: request.body.apiKey ?? null },
        { test: request.query.test === 'true' },
      );
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/v1/indexers/:id',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Change an indexer.',
        params: idParams,
        querystring: testQuery,
        body: indexerInput,
        response: { 200: indexerView },
      },
    },
    (request) =>
      indexers.update(request.params.id, { ...request.body }, { test: request.query.test === 'true' }),
  );

  app.delete(
    '/api/v1/indexers/:id',
    { config: { admin: true }, schema: { tags, params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await indexers.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );

  const testSummary = (result: Awaited<ReturnType<IndexerService['test']>>) => ({
    ok: true as const,
    serverTitle: result.capabilities.serverTitle,
    movieSearch: result.capabilities.movieSearch.available
      ? [...result.capabilities.movieSearch.supportedParams]
      : [],
    tvSearch: result.capabilities.tvSearch.available ? [...result.capabilities.tvSearch.supportedParams] : [],
    categories: result.capabilities.categories.length,
  });

  app.post(
    '/api/v1/indexers/:id/test',
    {
      schema: {
        tags,
        summary: 'Query the indexer now: capabilities and one search.',
        params: idParams,
        response: { 200: testResult },
      },
    },
    async (request) => testSummary(await indexers.test(request.params.id)),
  );

  app.post(
    '/api/v1/indexers/test',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Test settings before saving them.',
        body: indexerInput,
        response: { 200: testResult },
      },
    },
    async (request) =>
      testSummary(await indexers.testUnsaved({ ...request.body, apiKey: request.body.apiKey ?? null })),
  );

  app.post(
    '/api/v1/indexers/:id/reset',
    {
      schema: {
        tags,
        summary: 'Clear the back-off and query the indexer again from now.',
        params: idParams,
        response: { 200: indexerView },
      },
    },
    (request) => indexers.resetHealth(request.params.id),
  );
};
