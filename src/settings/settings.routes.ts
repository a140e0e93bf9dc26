// Owns /api/v1/config/naming (Sonarr's and Radarr's naming fields, example names as their naming
// screens show them) and /api/v1/config/releases (the release rules of every search). Reading is open
// to every signed-in user; changing needs an admin. A change applies to the next import or search.
import { z } from 'zod';
import type { RouteModule } from '../http/api-server.js';
import { colonReplacements, namingSchema } from './naming-settings.js';
import type { NamingSettingsService } from './naming-settings.service.js';
import { releaseRulesSchema, releaseRulesSection } from './release-settings.js';
import type { SettingsStore } from './settings.service.js';
import { multiEpisodeStyles } from '../imports/episode-naming.js';

const tags = ['settings'];

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const text = z.string().max(1000).optional();

/** Proposed naming settings in the query: what is given replaces the stored field for the examples. */
const proposedNaming = z.object({
  renameEpisodes: flag.optional(),
  standardEpisodeFormat: text,
  dailyEpisodeFormat: text,
  animeEpisodeFormat: text,
  seriesFolderFormat: text,
  seasonFolderFormat: text,
  specialsFolderFormat: text,
  multiEpisodeStyle: z.enum(multiEpisodeStyles).optional(),
  renameMovies: flag.optional(),
  standardMovieFormat: text,
  movieFolderFormat: text,
  colonReplacement: z.enum(colonReplacements).optional(),
});

const namingExamplesSchema = z.object({
  singleEpisodeExample: z.string(),
  multiEpisodeExample: z.string(),
  dailyEpisodeExample: z.string(),
  animeEpisodeExample: z.string(),
  animeMultiEpisodeExample: z.string(),
  seriesFolderExample: z.string(),
  seasonFolderExample: z.string(),
  specialsFolderExample: z.string(),
  movieExample: z.string(),
  movieFolderExample: z.string(),
});

export const settingsRoutes: RouteModule<{ settings: SettingsStore; naming: NamingSettingsService }> = (
  app,
  { settings, naming },
) => {
  app.get(
    '/api/v1/config/naming',
    {
      schema: {
        tags,
        summary: 'How imported files and new folders are named (Sonarr/Radarr field names)',
        response: { 200: namingSchema },
      },
    },
    () => naming.get(),
  );
  app.put(
    '/api/v1/config/naming',
    {
      config: { admin: true },
      schema: {
        tags,
        summary:
          'Replace the naming settings (absent fields take their defaults); every template is compiled first, a 400 names each wrong field',
        body: namingSchema,
        response: { 200: namingSchema },
      },
    },
    (request) => naming.save(request.body),
  );
  app.get(
    '/api/v1/config/naming/examples',
    {
      schema: {
        tags,
        summary:
          'Example names from the current naming settings, or with the fields given in the query changed (nothing is saved)',
        querystring: proposedNaming,
        response: { 200: namingExamplesSchema },
      },
    },
    (request) => naming.examples(request.query),
  );
  app.get(
    '/api/v1/config/releases',
    {
      schema: {
        tags,
        summary: 'Release rules every search and RSS sync applies: seeders, usenet retention and age, terms',
        response: { 200: releaseRulesSchema },
      },
    },
    () => settings.get(releaseRulesSection),
  );
  app.put(
    '/api/v1/config/releases',
    {
      config: { admin: true },
      schema: {
        tags,
        summary: 'Replace the release rules (absent fields take their defaults); a /regex/ term must compile',
        body: releaseRulesSchema,
        response: { 200: releaseRulesSchema },
      },
    },
    (request) => settings.save(releaseRulesSection, request.body),
  );
};
