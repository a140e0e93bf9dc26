// The settings routes through the real HTTP stack (auth, zod validation, error mapping, OpenAPI) on a
// migrated SQLite database: defaults, round trips, 400s that name the field, examples of proposals.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthRepository } from '../../src/auth/auth.repository.js';
import { AuthService } from '../../src/auth/auth.service.js';
import type { ApiServer } from '../../src/http/api-server.js';
import { buildHttpServer, SESSION_COOKIE } from '../../src/http/server.js';
import { createLogger, SecretRegistry } from '../../src/logging/logger.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { NamingSettingsService } from '../../src/settings/naming-settings.service.js';
import { SettingsRepository } from '../../src/settings/settings.repository.js';
import { settingsRoutes } from '../../src/settings/settings.routes.js';
import { SettingsStore } from '../../src/settings/settings.service.js';
import { systemClock } from '../../src/shared/clock.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

describe('settings routes', () => {
  let database: TestDatabase;
  let server: ApiServer;
  let adminKey: string;
  let userCookie: string;
  const logger = createLogger({ level: 'silent', secrets: new SecretRegistry() });

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    const auth = new AuthService(new AuthRepository(database.handle.db), systemClock);
    adminKey = (await auth.createApiKey('test')).key;
    await auth.createUser({ username: 'viewer', password: 'long enough pass', role: 'user' });
    userCookie = `${SESSION_COOKIE}=${(await auth.login('viewer', 'long enough pass')).token}`;
    const settings = new SettingsStore({
      settings: new SettingsRepository(database.handle.db),
      clock: systemClock,
      logger,
    });
    const naming = new NamingSettingsService(settings);
    server = await buildHttpServer({
      logger,
      urlBase: '',
      trustProxy: false,
      auth,
      metrics: new Metrics(),
      version: 'test',
      routes: (app) => settingsRoutes(app, { settings, naming }),
    });
    await server.ready();
  });
  afterAll(async () => {
    await server.close();
    await database.cleanup();
  });
  beforeEach(async () => {
    // Each test starts from the defaults; a save replaces the cached copy, so save them back.
    await call('PUT', '/api/v1/config/naming', {});
    await call('PUT', '/api/v1/config/releases', {});
  });

  const call = (method: 'GET' | 'PUT', url: string, payload?: unknown, as: 'admin' | 'user' = 'admin') =>
    server.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: as === 'admin' ? { 'x-api-key': adminKey } : { cookie: userCookie },
    });

  it('round-trips the naming settings; a signed-in user reads them, only an admin changes them', async () => {
    const initial = await call('GET', '/api/v1/config/naming', undefined, 'user');
    expect(initial.statusCode).toBe(200);
    expect(initial.json()).toMatchObject({ renameEpisodes: true, seasonFolderFormat: 'Season {season:00}' });

    const change = {
      renameEpisodes: true,
      standardEpisodeFormat: '{Series.Title}.S{season:00}E{episode:00}.{Quality.Title}',
      dailyEpisodeFormat: '{Series.Title}.{Air.Date}',
      animeEpisodeFormat: '{Series Title} - {absolute:000}',
      seriesFolderFormat: '{Series Title} [{TvdbId}]',
      seasonFolderFormat: 'S{season:00}',
      specialsFolderFormat: 'Extras',
      multiEpisodeStyle: 'range',
      renameMovies: false,
      standardMovieFormat: '{Movie Title} ({Release Year})',
      movieFolderFormat: '{Movie Title} ({Release Year}) {tmdb-{TmdbId}}',
      colonReplacement: 'dash',
    };
    expect((await call('PUT', '/api/v1/config/naming', change, 'user')).statusCode).toBe(403);
    // {tmdb-…} is not a token: the folder template is refused and nothing changes.
    const refused = await call('PUT', '/api/v1/config/naming', change);
    expect(refused.statusCode).toBe(400);
    expect(refused.json<ErrorBody>().error.message).toMatch(
      /movieFolderFormat: .*unclosed|movieFolderFormat: .*token/,
    );

    const fixed = { ...change, movieFolderFormat: '{Movie Title} ({Release Year}) tmdb-{TmdbId}' };
    const saved = await call('PUT', '/api/v1/config/naming', fixed);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual(fixed);
    expect((await call('GET', '/api/v1/config/naming', undefined, 'user')).json()).toEqual(fixed);
  });

  it('answers 400 naming each wrong template and what is wrong with it', async () => {
    const response = await call('PUT', '/api/v1/config/naming', {
      standardEpisodeFormat: '{Series Title} - S{season:00} - {Episode Title}',
      seasonFolderFormat: 'Season {Season Label}',
      standardMovieFormat: '',
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json<ErrorBody>();
    expect(error.code).toBe('bad_request');
    expect(error.details).toEqual({
      fields: {
        standardEpisodeFormat: expect.stringMatching(/needs \{episode:00\}/) as unknown,
        seasonFolderFormat: expect.stringMatching(/unknown token \{Season Label\}/) as unknown,
        standardMovieFormat: expect.stringMatching(/empty/) as unknown,
      },
    });
    const style = await call('PUT', '/api/v1/config/naming', { multiEpisodeStyle: 'interleave' });
    expect(style.statusCode).toBe(400);
    expect(style.json<ErrorBody>().error.message).toContain('multiEpisodeStyle');
    expect((await call('GET', '/api/v1/config/naming')).json()).toMatchObject({
      standardEpisodeFormat: '{Series Title} - S{season:00}E{episode:00} - {Episode Title} {Quality Full}',
    });
  });

  it('renders examples from the stored settings or from proposed ones, saving nothing', async () => {
    const current = await call('GET', '/api/v1/config/naming/examples', undefined, 'user');
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({
      singleEpisodeExample: "The Series Title's! - S01E01 - Episode Title (1) WEBDL-1080p.mkv",
      seasonFolderExample: 'Season 01',
      movieFolderExample: "The Movie's Title (2010)",
    });
    const query = new URLSearchParams({
      standardEpisodeFormat: '{Series.CleanTitle}.S{season:00}E{episode:00}',
      multiEpisodeStyle: 'repeat',
      renameMovies: 'false',
    });
    const proposed = await call('GET', `/api/v1/config/naming/examples?${query.toString()}`);
    expect(proposed.json()).toMatchObject({
      singleEpisodeExample: 'The.Series.Titles.S01E01.mkv',
      multiEpisodeExample: 'The.Series.Titles.S01E01E02E03.mkv',
      movieExample: "The.Movie's.Title.2010.Director's.Cut.1080p.WEB-DL.DDP5.1.H.264-RlsGrp.mkv",
    });
    const wrong = await call(
      'GET',
      `/api/v1/config/naming/examples?seasonFolderFormat=${encodeURIComponent('{Nope}')}`,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<ErrorBody>().error.message).toMatch(/seasonFolderFormat: .*unknown token \{Nope\}/);
    expect((await call('GET', '/api/v1/config/naming')).json()).toMatchObject({ renameMovies: true });
  });

  it('round-trips the release rules and refuses a /regex/ that does not compile', async () => {
    expect((await call('GET', '/api/v1/config/releases', undefined, 'user')).json()).toEqual({
      minimumSeeders: 1,
      usenetRetentionDays: 0,
      minimumAgeMinutes: 0,
      requiredTerms: [],
      ignoredTerms: [],
      preferredProtocol: null,
    });
    const rules = {
      minimumSeeders: 3,
      usenetRetentionDays: 3000,
      minimumAgeMinutes: 30,
      requiredTerms: ['/\\b(NTb|FLUX)\\b/i', 'WEB'],
      ignoredTerms: ['CAM', '/\\bHC\\b/'],
      preferredProtocol: 'torrent',
    };
    expect((await call('PUT', '/api/v1/config/releases', rules, 'user')).statusCode).toBe(403);
    const saved = await call('PUT', '/api/v1/config/releases', rules);
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await call('GET', '/api/v1/config/releases')).json()).toEqual(rules);

    const broken = await call('PUT', '/api/v1/config/releases', { ...rules, ignoredTerms: ['CAM', '/[a-/'] });
    expect(broken.statusCode).toBe(400);
    expect(broken.json<ErrorBody>().error.message).toMatch(
      /ignoredTerms\.1: .*not a valid regular expression/,
    );
    const negative = await call('PUT', '/api/v1/config/releases', { minimumSeeders: -1 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json<ErrorBody>().error.message).toContain('minimumSeeders');
    expect((await call('GET', '/api/v1/config/releases')).json()).toEqual(rules);
  });

  it('describes every settings route in the OpenAPI document', () => {
    const document = server.swagger() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths['/api/v1/config/naming'] ?? {}).sort()).toEqual(['get', 'put']);
    expect(Object.keys(document.paths['/api/v1/config/naming/examples'] ?? {})).toEqual(['get']);
    expect(Object.keys(document.paths['/api/v1/config/releases'] ?? {}).sort()).toEqual(['get', 'put']);
  });
});
