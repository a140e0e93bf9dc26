import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../http/api-server.js';
import { parserRoutes } from './parser.routes.js';
import { parseRelease } from './release-parser.js';

describe('GET /api/v1/parse', () => {
  let app: ApiServer;

  beforeAll(async () => {
    app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    parserRoutes(app);
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers with the parsed release', async () => {
    const title = 'The.Mandalorian.S02E05.1080p.WEB-DL.DDP5.1.H264-NTb';
    const response = await app.inject({ method: 'GET', url: '/api/v1/parse', query: { title } });
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body).toEqual(JSON.parse(JSON.stringify(parseRelease(title))));
    expect(body).toMatchObject({
      title: 'The Mandalorian',
      seasons: [2],
      episodes: [5],
      quality: { name: 'WEBDL-1080p', source: 'webdl', resolution: 1080 },
      releaseGroup: 'NTb',
    });
  });

  it('reads paths and unicode in the query string', async () => {
    const title = '[喵萌奶茶屋] 葬送的芙莉莲 - 05 [1080p]/file.mkv';
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/parse?title=${encodeURIComponent(title)}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ title: '葬送的芙莉莲', absoluteEpisodes: [5], extension: 'mkv' });
  });

  it.each([
    ['a missing title', '/api/v1/parse'],
    ['an empty title', '/api/v1/parse?title='],
    ['a title over 2000 characters', `/api/v1/parse?title=${'a'.repeat(2001)}`],
  ])('rejects %s with 400', async (_label, url) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(400);
  });
});
