// Download-client settings and connection tests. The password is write-only: responses say only
// whether one is set.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import type { DownloadClientService } from './download-client.service.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const testQuery = z.object({ test: z.enum(['true', 'false']).default('true') });
const implementation = z.enum(['qbittorrent', 'transmission']);

const downloadClientInput = z.object({
  name: z.string().trim().min(1).max(100),
  implementation,
  url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .describe(
      'WebUI/RPC address with any base path, e.g. http://qbittorrent:8080 or http://transmission:9091 ' +
        '(Transmission: /transmission/rpc is assumed; a base path gets /rpc appended)',
    ),
  username: z.string().max(200).nullable().default(null),
  password: z
    .string()
    .max(500)
    .nullable()
    .optional()
    .describe('Write-only; omitted on update keeps the stored password.'),
  category: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^\\/]+$/, 'a category cannot contain slashes')
    .default('omniarr-movies'),
  priority: z.number().int().min(1).max(50).default(1),
  enabled: z.boolean().default(true),
  removeCompletedDownloads: z.boolean().default(true),
  timeoutMs: z.number().int().min(1000).max(120_000).default(10_000),
});

export const downloadClientView = z.object({
  id: z.number(),
  name: z.string(),
  implementation,
  protocol: z.enum(['torrent', 'usenet']),
  url: z.string(),
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  category: z.string(),
  priority: z.number(),
  enabled: z.boolean(),
  removeCompletedDownloads: z.boolean(),
  timeoutMs: z.number(),
  updatedAt: z.number(),
});

const testResult = z.object({
  ok: z.literal(true),
  product: z.string(),
  version: z.string(),
  apiVersion: z.string(),
  supportsCategories: z.boolean(),
});

export const downloadClientRoutes: RouteModule<{ downloadClients: DownloadClientService }> = (
  app,
  { downloadClients },
) => {
  const tags = ['download clients'];

  app.get(
    '/api/v1/downloadclients',
    {
      schema: {
        tags,
        summary: 'Configured download clients, best priority first.',
        response: { 200: z.array(downloadClientView) },
      },
    },
    () => downloadClients.list(),
  );

  app.get(
    '/api/v1/downloadclients/:id',
    { schema: { tags, params: idParams, response: { 200: downloadClientView } } },
    (request) => downloadClients.get(request.params.id),
  );

  app.post(
    '/api/v1/downloadclients',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Add a download client (connection tested first unless ?test=false).',
        querystring: testQuery,
        body: downloadClientInput,
        response: { 201: downloadClientView },
      },
    },
    async (request, reply) => {
      const created = await downloadClients.create(
        { ...request.body, password: request.body.password ?? null },
        { test: request.query.test === 'true' },
      );
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/v1/downloadclients/:id',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Change a download client (connection tested first unless ?test=false or disabled).',
        params: idParams,
        querystring: testQuery,
        body: downloadClientInput,
        response: { 200: downloadClientView },
      },
    },
    (request) =>
      downloadClients.update(request.params.id, request.body, { test: request.query.test === 'true' }),
  );

  app.delete(
    '/api/v1/downloadclients/:id',
    { config: { admin: true }, schema: { tags, params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await downloadClients.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/downloadclients/:id/test',
    {
      schema: {
        tags,
        summary: 'Connect to the download client now and report its version.',
        params: idParams,
        response: { 200: testResult },
      },
    },
    async (request) => ({ ok: true as const, ...(await downloadClients.test(request.params.id)) }),
  );

  app.post(
    '/api/v1/downloadclients/test',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Test settings before saving them.',
        body: downloadClientInput,
        response: { 200: testResult },
      },
    },
    async (request) => ({
      ok: true as const,
      ...(await downloadClients.testUnsaved({ ...request.body, password: request.body.password ?? null })),
    }),
  );
};
