// Owns the Torznab/Newznab server's HTTP face: `GET /torznab/{indexerId|all}/api` and
// `GET /torznab/{indexerId|all}/download`. Authenticated like every route (the `apikey` parameter
// Torznab clients send is accepted); parameters are read by the server itself so a bad one gets a
// Newznab error document, which is what Torznab clients parse, not our JSON error.
import { z } from 'zod';
import type { RouteModule } from '../../http/api-server.js';
import type { LinkContext, TorznabServer } from './torznab-server.service.js';

const tags = ['torznab'];
const target = z.object({
  indexer: z.string().describe('An indexer id, or "all" for every enabled torrent indexer.'),
});
const param = z.union([z.string(), z.array(z.string())]).optional();
const apiQuery = z
  .object({
    t: param.describe('caps | search | tvsearch | movie'),
    q: param,
    imdbid: param,
    tmdbid: param,
    tvdbid: param,
    tvmazeid: param,
    season: param,
    ep: param,
    cat: param.describe('Comma-separated Newznab category ids.'),
    limit: param,
    offset: param,
    apikey: param,
  })
  .catchall(z.unknown());
const downloadQuery = z
  .object({
    link: param.describe('The sealed link from a feed item.'),
    file: param,
    apikey: param,
  })
  .catchall(z.unknown());

export const torznabServerRoutes: RouteModule<{ torznab: TorznabServer }> = (app, { torznab }) => {
  const linkContext = (request: {
    protocol: string;
    host: string;
    query: Record<string, unknown>;
    headers: Record<string, unknown>;
  }): LinkContext => {
    const fromQuery = request.query['apikey'];
    const fromHeader = request.headers['x-api-key'];
    const apiKey =
      (typeof fromQuery === 'string' && fromQuery) ||
      (typeof fromHeader === 'string' && fromHeader) ||
      undefined;
    return { baseUrl: `${request.protocol}://${request.host}${app.prefix}`, apiKey };
  };

  app.get(
    '/torznab/:indexer/api',
    {
      schema: {
        tags,
        summary: 'Torznab 1.3 / Newznab API: caps, search, tvsearch, movie.',
        description:
          'Answers RSS 2.0 with torznab:attr values (or newznab:attr for a usenet indexer), or a Newznab ' +
          '<error code description/> document (HTTP 200, as Newznab clients expect).',
        params: target,
        querystring: apiQuery,
      },
    },
    async (request, reply) => {
      const answer = await torznab.api(request.params.indexer, request.query, linkContext(request));
      return reply.status(answer.status).type('application/xml; charset=utf-8').send(answer.xml);
    },
  );

  app.get(
    '/torznab/:indexer/download',
    {
      schema: {
        tags,
        summary: 'Fetch a release listed in a feed: the .torrent or .nzb, or a redirect to its magnet.',
        params: target,
        querystring: downloadQuery,
      },
    },
    async (request, reply) => {
      // A client that hangs up stops the fetch from the indexer.
      const abandoned = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableEnded) abandoned.abort();
      };
      reply.raw.once('close', onClose);
      try {
        const answer = await torznab.download(request.params.indexer, request.query, abandoned.signal);
        switch (answer.kind) {
          case 'redirect':
            return await reply.redirect(answer.location, 302);
          case 'file':
            return await reply
              .type(answer.contentType)
              .header(
                'content-disposition',
                `attachment; filename="${answer.filename.replace(/[^\x20-\x7e]|"/g, '_')}"; ` +
                  `filename*=UTF-8''${encodeURIComponent(answer.filename)}`,
              )
              .send(answer.bytes);
          case 'error':
            return await reply.status(answer.status).type('application/xml; charset=utf-8').send(answer.xml);
        }
      } finally {
        reply.raw.off('close', onClose);
      }
    },
  );
};
