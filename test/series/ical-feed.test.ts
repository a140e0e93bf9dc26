// GET /feed/v1/calendar/omniarr.ics through the real HTTP server (auth hook, error mapping, log
// redaction) on SQLite and PostgreSQL: the key as a calendar app sends it (?apikey=), the window of
// days around today, monitored-only by default, more events than one calendar page, and the body read
// back by a strict RFC 5545 reader.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthRepository } from '../../src/auth/auth.repository.js';
import { AuthService } from '../../src/auth/auth.service.js';
import { generateApiKey } from '../../src/auth/secrets.js';
import type { ApiServer } from '../../src/http/api-server.js';
import { buildHttpServer } from '../../src/http/server.js';
import { createLogger, SecretRegistry } from '../../src/logging/logger.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { ProfileRepository } from '../../src/profiles/profile.repository.js';
import { ProfileService } from '../../src/profiles/profile.service.js';
import { CalendarFeed } from '../../src/series/calendar-feed.js';
import { wantedRoutes } from '../../src/series/wanted.routes.js';
import { ManualClock } from '../support/clock.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { readEvents, type ICalEvent } from './ical-reader.js';
import { openSeriesCatalog } from './series-catalog-setup.js';
import { DAY, episode, HOUR, InTestSeriesMetadata, NOW, show } from './series-metadata.js';

const FEED = '/feed/v1/calendar/omniarr.ics';
/** More events in the default window than the feed reads per calendar query (500). */
const NEWS_EPISODES = 620;

describe.each(dialects)('iCal feed (%s)', (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let server: ApiServer;
  const logs: string[] = [];
  const apiKey = generateApiKey();
  const clock = new ManualClock(NOW);
  const metadata = new InTestSeriesMetadata();
  const episodeIds = new Map<string, number>();

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const db = database.handle.db;
    dir = mkdtempSync(path.join(tmpdir(), 'omniarr-ical-feed-'));
    const { service: series, repository, library } = await openSeriesCatalog(db, dir, { metadata, clock });

    const dateOnly = { ...episode(1, 4, 1), airDateUtc: null, title: 'Date Only' };
    metadata.shows.set(
      1,
      show(
        1,
        'Frieren: Beyond Journey’s End',
        2023,
        [
          episode(1, 1, -10), // before the 7-day window
          { ...episode(1, 2, -3), title: 'Hell, or High Water; Part 1', overview: 'Two\nlines' },
          episode(1, 3, -1.5), // unmonitored below
          dateOnly,
          episode(1, 5, 20),
          episode(1, 6, 40), // after the 28-day window
          // Stored at the same instant as 1x3 (the midnight ending its date), but a day earlier.
          { ...episode(1, 7, -2), airDateUtc: null, title: 'Date Only Before' },
        ],
        { network: 'Nippon TV, Japan', runtimeMinutes: 24 },
      ),
    );
    metadata.shows.set(2, show(2, 'Unwatched', 2020, [episode(1, 1, 2)]));
    // A bulletin every ten minutes from three days ago: 620 events inside the default window.
    metadata.shows.set(
      3,
      show(
        3,
        'Newsroom Hourly',
        2024,
        Array.from({ length: NEWS_EPISODES }, (_, i) => episode(2026, i + 1, -3 + (i * HOUR) / 6 / DAY)),
        { seriesType: 'daily', network: null },
      ),
    );
    const frieren = await series.add({ metadataId: 1, qualityProfileId: 1, rootFolderPath: library });
    const unwatched = await series.add({ metadataId: 2, qualityProfileId: 1, rootFolderPath: library });
    await series.add({ metadataId: 3, qualityProfileId: 1, rootFolderPath: library });
    await series.edit(unwatched.id, { monitored: false });
    for (const e of await repository.episodes(frieren.id)) episodeIds.set(`F${e.episodeNumber}`, e.id);
    for (const e of await repository.episodes(unwatched.id)) episodeIds.set(`U${e.episodeNumber}`, e.id);
    await series.setEpisodeMonitored(episodeIds.get('F3')!, false);

    const auth = new AuthService(new AuthRepository(db), clock);
    await auth.ensureAdminKey(apiKey);
    const secrets = new SecretRegistry();
    secrets.add(apiKey);
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logs.push(chunk.toString());
        callback();
      },
    });
    const profiles = new ProfileService(new ProfileRepository(db), clock);
    server = await buildHttpServer({
      logger: createLogger({ level: 'debug', secrets, destination }),
      urlBase: '',
      trustProxy: false,
      auth,
      metrics: new Metrics(),
      version: '9.9.9',
      routes: (app) =>
        wantedRoutes(app, { series, profiles, feed: new CalendarFeed({ series, clock, version: '9.9.9' }) }),
    });
    await server.ready();
  });
  afterAll(async () => {
    await server?.close();
    await database?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const feed = (query: string) => server.inject({ method: 'GET', url: `${FEED}?apikey=${apiKey}${query}` });
  const eventsOf = (body: string) => readEvents(new TextEncoder().encode(body)).events;
  const uid = (key: string) => `omniarr-episode-${episodeIds.get(key)!}`;
  const own = (events: ICalEvent[]) => events.filter((event) => !event.summary.startsWith('Newsroom'));

  it('answers 401 without the key or with a wrong one, and never logs the key', async () => {
    const anonymous = await server.inject({ method: 'GET', url: FEED });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const wrong = await server.inject({ method: 'GET', url: `${FEED}?apikey=${'f'.repeat(32)}` });
    expect(wrong.statusCode).toBe(401);
    expect((await feed('')).statusCode).toBe(200);
    const header = await server.inject({ method: 'GET', url: FEED, headers: { 'x-api-key': apiKey } });
    expect(header.statusCode).toBe(200);
    expect(logs.join('')).toContain(`${FEED}?apikey=[redacted]`);
    expect(logs.join('')).not.toContain(apiKey);
  });

  it('serves text/calendar with the monitored episodes from 7 days ago to 28 days ahead', async () => {
    const response = await feed('');
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    const events = eventsOf(response.body);
    expect(own(events).map((event) => event.uid)).toEqual([uid('F2'), uid('F7'), uid('F4'), uid('F5')]);
    const [second, , fourth, fifth] = own(events);
    expect(second).toMatchObject({
      summary: 'Frieren: Beyond Journey’s End - S01E02 - Hell, or High Water; Part 1',
      description: 'Two\nlines',
      categories: ['Nippon TV, Japan'],
      start: { kind: 'utc', at: NOW - 3 * DAY },
      end: { kind: 'utc', at: NOW - 3 * DAY + 24 * 60_000 },
      dtstamp: NOW,
    });
    const airDate = new Date(NOW + DAY).toISOString().slice(0, 10);
    const dayAfter = new Date(NOW + 2 * DAY).toISOString().slice(0, 10);
    expect(fourth).toMatchObject({
      summary: 'Frieren: Beyond Journey’s End - S01E04 - Date Only',
      start: { kind: 'date', date: airDate },
      end: { kind: 'date', date: dayAfter },
    });
    expect(fifth!.start).toEqual({ kind: 'utc', at: NOW + 20 * DAY });
  });

  it('holds every event of a window larger than one calendar page', async () => {
    const news = eventsOf((await feed('')).body).filter((event) => event.summary.startsWith('Newsroom'));
    expect(news).toHaveLength(NEWS_EPISODES);
    expect(new Set(news.map((event) => event.uid)).size).toBe(NEWS_EPISODES);
    expect(news[0]).toMatchObject({ summary: 'Newsroom Hourly - S2026E01 - Episode 2026x1', categories: [] });
  });

  it('adds unmonitored episodes and series when asked, and honours the window', async () => {
    const all = own(eventsOf((await feed('&unmonitored=true')).body)).map((event) => event.uid);
    expect(all).toEqual([uid('F2'), uid('F3'), uid('F7'), uid('F4'), uid('U1'), uid('F5')]);
    const wide = own(eventsOf((await feed('&pastDays=30&futureDays=60')).body)).map((event) => event.uid);
    expect(wide).toEqual([uid('F1'), uid('F2'), uid('F7'), uid('F4'), uid('F5'), uid('F6')]);
    // Day by day: 1x3 airs at the first instant of the window, 1x7 the day before it.
    const edges = own(eventsOf((await feed('&pastDays=1&futureDays=1&unmonitored=true')).body));
    expect(edges.map((event) => event.uid)).toEqual([uid('F3'), uid('F4')]);
    const today = own(eventsOf((await feed('&pastDays=0&futureDays=0')).body));
    expect(today).toEqual([]);
    const tomorrow = own(eventsOf((await feed('&pastDays=0&futureDays=1')).body)).map((event) => event.uid);
    expect(tomorrow).toEqual([uid('F4')]);
  });

  it('refuses a window it cannot serve with 400', async () => {
    for (const query of ['&pastDays=-1', '&futureDays=367', '&pastDays=x', '&unmonitored=yes']) {
      const response = await feed(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
  });
});
