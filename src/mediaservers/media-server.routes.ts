// Media-server settings, connection tests and libraries. The API key is write-only: responses say
// only whether one is set.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import type { MediaServerService } from './media-server.service.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const testQuery = z.object({ test: z.enum(['true', 'false']).default('true') });

const pathMapping = z.object({
  local: z.string().trim().min(1).max(1000).describe("Omniarr's path, e.g. /data/media/movies"),
  remote: z.string().trim().min(1).max(1000).describe("The media server's path for it, e.g. /media/movies"),
});

const mediaServerInput = z.object({
  name: z.string().trim().min(1).max(100),
  implementation: z.enum(['jellyfin']),
  url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .describe('Address with any base path, e.g. http://jellyfin:8096'),
  apiKey: z
    .string()
    .trim()
    .max(500)
    .nullable()
    .optional()
    .describe('Write-only (Dashboard → API Keys); omitted on update keeps the stored key.'),
  pathMappings: z.array(pathMapping).max(50).default([]),
  enabled: z.boolean().default(true),
});

export const mediaServerView = z.object({
  id: z.number(),
  name: z.string(),
  implementation: z.enum(['jellyfin']),
  url: z.string(),
  hasApiKey: z.boolean(),
  pathMappings: z.array(z.object({ local: z.string(), remote: z.string() })),
  enabled: z.boolean(),
  updatedAt: z.number(),
});

const testResult = z.object({
  ok: z.literal(true),
  id: z.string(),
  name: z.string(),
  product: z.string(),
  version: z.string(),
});

const library = z.object({
  id: z.string().nullable(),
  name: z.string(),
  type: z.string().nullable(),
  serverPaths: z.array(z.string()),
  paths: z.array(z.string()),
});

export const mediaServerRoutes: RouteModule<{ mediaServers: MediaServerService }> = (
  app,
  { mediaServers },
) => {
  const tags = ['media servers'];

  app.get(
    '/api/v1/mediaservers',
    {
      schema: { tags, summary: 'Configured media servers.', response: { 200: z.array(mediaServerView) } },
    },
    () => mediaServers.list(),
  );

  app.get(
    '/api/v1/mediaservers/:id',
    { schema: { tags, params: idParams, response: { 200: mediaServerView } } },
    (request) => mediaServers.get(request.params.id),
  );

  app.post(
    '/api/v1/mediaservers',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Add a media server (connection tested first unless ?test=false).',
        querystring: testQuery,
        body: mediaServerInput,
        response: { 201: mediaServerView },
      },
    },
    async (request, reply) => {
      const created = await mediaServers.create(
        { ...request.body, apiKey: request.body.apiKey ?? null },
        { test: request.query.test === 'true' },
      );
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/v1/mediaservers/:id',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Change a media server (connection tested first unless ?test=false or disabled).',
        params: idParams,
        querystring: testQuery,
        body: mediaServerInput,
        response: { 200: mediaServerView },
      },
    },
    (request) =>
      mediaServers.update(request.params.id, request.body, { test: request.query.test === 'true' }),
  );

  app.delete(
    '/api/v1/mediaservers/:id',
    { config: { admin: true }, schema: { tags, params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await mediaServers.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/mediaservers/:id/test',
    {
      schema: {
        tags,
        summary: 'Connect to the media server now and report who it is.',
        params: idParams,
        response: { 200: testResult },
      },
    },
    async (request) => ({ ok: true as const, ...(await mediaServers.test(request.params.id)) }),
  );

  app.post(
    '/api/v1/mediaservers/test',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Test settings before saving them.',
        body: mediaServerInput,
        response: { 200: testResult },
      },
    },
    async (request) => ({
      ok: true as const,
      ...(await mediaServers.testUnsaved({ ...request.body, apiKey: request.body.apiKey ?? null })),
    }),
  );

  app.get(
    '/api/v1/mediaservers/:id/libraries',
    {
      schema: {
        tags,
        summary: "The server's libraries with their folders, as the server and as Omniarr sees them.",
        params: idParams,
        response: { 200: z.array(library) },
      },
    },
    (request) => mediaServers.libraries(request.params.id),
  );
};
