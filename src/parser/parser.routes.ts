// Owns GET /api/v1/parse: parse one release name and answer with the ParsedRelease JSON.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import { parsedReleaseSchema } from './parser.schema.js';
import { parseRelease } from './release-parser.js';

export const parserRoutes: RouteModule = (app) => {
  app.get(
    '/api/v1/parse',
    {
      schema: {
        summary: 'Parse a release name',
        description:
          'Reads a release title, file name or path (Show.S01E02.1080p.WEB-DL-GRP, [Group] Title - 05 [1080p].mkv, Folder/File.mkv) the way Sonarr and Radarr do.',
        tags: ['parser'],
        querystring: z.object({
          title: z.string().min(1).max(2000).describe('The release title, file name or path'),
        }),
        response: { 200: parsedReleaseSchema },
      },
    },
    (request) => parseRelease(request.query.title),
  );
};
