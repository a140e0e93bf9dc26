// Owns /api/v1/delayprofile (Sonarr's path shape): list, read, create, replace, delete and reorder
// delay profiles. Reading is open to every signed-in user; changing needs an admin.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import { delayProfileInputSchema, delayProfileSchema } from './delay-profile.schema.js';
import type { DelayProfileService } from './delay-profile.service.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['profiles'];

export const delayProfileRoutes: RouteModule<{ delayProfiles: DelayProfileService }> = (
  app,
  { delayProfiles },
) => {
  app.get(
    '/api/v1/delayprofile',
    {
      schema: {
        tags,
        summary: 'Delay profiles in the order they are tried, the default last',
        response: { 200: z.array(delayProfileSchema) },
      },
    },
    () => delayProfiles.list(),
  );
  app.get(
    '/api/v1/delayprofile/:id',
    {
      schema: {
        tags,
        summary: 'One delay profile',
        params: idParams,
        response: { 200: delayProfileSchema },
      },
    },
    (request) => delayProfiles.get(request.params.id),
  );
  app.post(
    '/api/v1/delayprofile',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Create a delay profile (tried before the default; needs at least one tag)',
        body: delayProfileInputSchema,
        response: { 201: delayProfileSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await delayProfiles.create(request.body)),
  );
  app.put(
    '/api/v1/delayprofile/:id',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Replace a delay profile (the default one takes no tags)',
        params: idParams,
        body: delayProfileInputSchema,
        response: { 200: delayProfileSchema },
      },
    },
    (request) => delayProfiles.update(request.params.id, request.body),
  );
  app.delete(
    '/api/v1/delayprofile/:id',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Delete a delay profile (not the default one)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await delayProfiles.delete(request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.put(
    '/api/v1/delayprofile/reorder/:id',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Move a delay profile just after another one (or first, without `after`)',
        params: idParams,
        querystring: z.object({ after: z.coerce.number().int().positive().optional() }),
        response: { 200: z.array(delayProfileSchema) },
      },
    },
    (request) => delayProfiles.reorder(request.params.id, request.query.after),
  );
};
