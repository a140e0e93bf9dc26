// Owns /api/v1/qualitydefinitions, /api/v1/qualityprofiles and /api/v1/customformats: validate, call
// the profile service, answer. Reading is open to every signed-in user; changing needs an admin.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import {
  customFormatInputSchema,
  customFormatSchema,
  qualityDefinitionSchema,
  qualityDefinitionUpdateSchema,
  qualityProfileInputSchema,
  qualityProfileSchema,
} from './profile.schema.js';
import type { ProfileService } from './profile.service.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export const profileRoutes: RouteModule<{ profiles: ProfileService }> = (app, { profiles }) => {
  app.get(
    '/api/v1/qualitydefinitions',
    {
      schema: {
        tags: ['profiles'],
        summary: 'Size limits of every quality, in MB per minute of runtime, worst quality first',
        response: { 200: z.array(qualityDefinitionSchema) },
      },
    },
    () => profiles.listQualityDefinitions(),
  );
  app.get(
    '/api/v1/qualitydefinitions/:quality',
    {
      schema: {
        tags: ['profiles'],
        summary: 'One quality definition',
        params: z.object({ quality: z.string().min(1) }),
        response: { 200: qualityDefinitionSchema },
      },
    },
    (request) => profiles.getQualityDefinition(request.params.quality),
  );
  app.put(
    '/api/v1/qualitydefinitions/:quality',
    {
      config: { admin: true },
      schema: {
        tags: ['profiles'],
        summary: 'Change the title or size limits of a quality',
        params: z.object({ quality: z.string().min(1) }),
        body: qualityDefinitionUpdateSchema,
        response: { 200: qualityDefinitionSchema },
      },
    },
    (request) => profiles.updateQualityDefinition(request.params.quality, request.body),
  );

  app.get(
    '/api/v1/qualityprofiles',
    {
      schema: {
        tags: ['profiles'],
        summary: 'Quality profiles',
        response: { 200: z.array(qualityProfileSchema) },
      },
    },
    () => profiles.listProfiles(),
  );
  app.get(
    '/api/v1/qualityprofiles/:id',
    {
      schema: {
        tags: ['profiles'],
        summary: 'One quality profile',
        params: idParams,
        response: { 200: qualityProfileSchema },
      },
    },
    (request) => profiles.getProfile(request.params.id),
  );
  app.post(
    '/api/v1/qualityprofiles',
    {
      config: { admin: true },
      schema: {
        tags: ['profiles'],
        summary: 'Create a quality profile',
        body: qualityProfileInputSchema,
        response: { 201: qualityProfileSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await profiles.createProfile(request.body)),
  );
  app.put(
    '/api/v1/qualityprofiles/:id',
    {
      config: { admin: true },
      schema: {
        tags: ['profiles'],
        summary: 'Replace a quality profile',
        params: idParams,
        body: qualityProfileInputSchema,
        response: { 200: qualityProfileSchema },
      },
    },
    (request) => profiles.updateProfile(request.params.id, request.body),
  );
  app.delete(
    '/api/v1/qualityprofiles/:id',
    {
      config: { admin: true },
      schema: {
        tags: ['profiles'],
        summary: 'Delete a quality profile no movie uses (409 otherwise)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await profiles.deleteProfile(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/customformats',
    {
      schema: {
        tags: ['profiles'],
        summary: 'Custom formats',
        response: { 200: z.array(customFormatSchema) },
      },
    },
    () => profiles.listCustomFormats(),
  );
  app.get(
    '/api/v1/customformats/:id',
    {
      schema: {
        tags: ['profiles'],
        summary: 'One custom format',
        params: idParams,
        response: { 200: customFormatSchema },
      },
    },
    (request) => profiles.getCustomFormat(request.params.id),
  );
  app.post(
    '/api/v1/customformats',
    {
      config: { admin: true },
      schema: {
        tags: ['profiles'],
        summary: 'Create a custom format',
        description:
          'Conditions are grouped by type: the format matches when, in every group, no required condition fails and at least one condition matches.',
        body: customFormatInputSchema,
        response: { 201: customFormatSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await profiles.createCustomFormat(request.body)),
  );
  app.put(
    '/api/v1/customformats/:id',
    {
      config: { admin: true },
      schema: {
        tags: ['profiles'],
        summary: 'Replace a custom format',
        params: idParams,
        body: customFormatInputSchema,
        response: { 200: customFormatSchema },
      },
    },
    (request) => profiles.updateCustomFormat(request.params.id, request.body),
  );
  app.delete(
    '/api/v1/customformats/:id',
    {
      config: { admin: true },
      schema: {
        tags: ['profiles'],
        summary: 'Delete a custom format (its scores leave every profile)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await profiles.deleteCustomFormat(request.params.id);
      return reply.code(204).send(null);
    },
  );
};
