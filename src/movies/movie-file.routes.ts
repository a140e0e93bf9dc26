// Deleting a movie's file (to the recycle bin); the movie stays in the library, wanted again.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import type { MovieFileService } from './movie-file.service.js';

export const movieFileRoutes: RouteModule<{ movieFiles: MovieFileService }> = (app, { movieFiles }) => {
  app.delete(
    '/api/v1/movies/:id/file',
    {
      config: { admin: true },
      schema: {
        tags: ['movies'],
        summary: "Delete the movie's file: it goes to the recycle bin and the movie is wanted again.",
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: z.object({ recycled: z.array(z.string()) }) },
      },
    },
    (request) => movieFiles.deleteFiles(request.params.id),
  );
};
