// The TV search and pending-release routes through the real HTTP stack (auth, zod validation, error
// mapping, OpenAPI) on the SQLite search stack with the Torznab fake: season and episode searches
// answered with what was grabbed, interactive searches, stored searches, jobs for a whole series and
// the wanted lists (a second click adds nothing), an RSS sync now, and the held releases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/http/api-server.js';
import { episodeSearchRoutes } from '../../src/search/episode-search.routes.js';
import { pendingReleaseRoutes } from '../../src/search/pending-release.routes.js';
import type { Episode } from '../../src/series/series.js';
import { episode, NOW, show } from '../series/series-metadata.js';
import { serveRoutesWithAuth, type SignedInRoutes } from '../support/route-server.js';
import { GB, startTvSearchStack, tvRelease, type TvSearchStack } from './tv-search-stack.js';

interface SearchViewBody {
  id: number;
  seriesId: number | null;
  seasonNumber: number | null;
  trigger: string;
  grabbed: string | null;
  decisions: Array<{ id: number; title: string; accepted: boolean; episodeIds: number[] }>;
}

describe('TV search routes', () => {
  let stack: TvSearchStack;
  let server: ApiServer;
  let call: SignedInRoutes['call'];
  let seriesId: number;
  let episodes: Episode[];
  const id = (season: number, number: number) =>
    episodes.find((entry) => entry.seasonNumber === season && entry.episodeNumber === number)!.id;

  beforeAll(async () => {
    stack = await startTvSearchStack('sqlite');
    ({ server, call } = await serveRoutesWithAuth(stack.database.handle.db, (app) => {
      episodeSearchRoutes(app, {
        episodeSearch: stack.episodeSearch,
        rss: stack.rss,
        stored: stack.searches,
        queue: stack.queue,
        clock: stack.clock,
      });
      pendingReleaseRoutes(app, { pending: stack.pending });
    }));
    stack.metadata.shows.set(
      1,
      show(1, 'Harbor Lights', 2024, [
        ...[1, 2, 3, 4].map((n) => episode(1, n, -90 + n * 7)),
        ...[1, 2].map((n) => episode(2, n, -20 + n * 7)),
      ]),
    );
    stack.indexer.setReleases([
      tvRelease('Harbor.Lights.S01.1080p.WEB-DL.DDP5.1.H.264-GRP', { size: 4.8 * GB }),
      tvRelease('Harbor.Lights.S02E01.1080p.WEB-DL.DDP5.1.H.264-GRP'),
      tvRelease('Harbor.Lights.S02E02.1080p.WEB-DL.DDP5.1.H.264-GRP', { pubDate: new Date(NOW) }),
    ]);
    seriesId = (await stack.addSeries(1)).id;
    episodes = await stack.seriesRepository.episodes(seriesId);
  });
  afterAll(async () => {
    await server.close();
    await stack.stop();
  });

  it('searches interactively without grabbing, by season or by episodes, and refuses both or neither', async () => {
    const season = await call('GET', `/api/v1/series/${seriesId}/releases?season=1`);
    expect(season.statusCode).toBe(200);
    expect(season.json<SearchViewBody>()).toMatchObject({
      seriesId,
      seasonNumber: 1,
      trigger: 'interactive',
      grabbed: null,
      decisions: [{ title: 'Harbor.Lights.S01.1080p.WEB-DL.DDP5.1.H.264-GRP', accepted: true }],
    });
    const byEpisode = await call('GET', `/api/v1/series/${seriesId}/releases?episodeIds=${id(2, 1)}`);
    expect(byEpisode.json<SearchViewBody>().decisions.map((decision) => decision.episodeIds)).toEqual([
      [id(2, 1)],
    ]);
    expect((await call('GET', `/api/v1/series/${seriesId}/releases`)).statusCode).toBe(400);
    expect((await call('GET', `/api/v1/series/${seriesId}/releases?season=1&episodeIds=1`)).statusCode).toBe(
      400,
    );
    expect((await call('GET', `/api/v1/series/${seriesId}/releases?episodeIds=1,x`)).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/series/999/releases?season=1')).statusCode).toBe(404);
    expect(await stack.tracked.listActiveForSeries(seriesId)).toEqual([]);
  });

  it('searches a season and episodes now, answering with what was grabbed; lists the stored searches', async () => {
    const season = await call('POST', `/api/v1/series/${seriesId}/seasons/1/search`);
    expect(season.statusCode).toBe(200);
    expect(season.json()).toMatchObject({
      searches: [{ seasonNumber: 1, grabbed: 'Harbor.Lights.S01.1080p.WEB-DL.DDP5.1.H.264-GRP' }],
      grabbed: [
        {
          title: 'Harbor.Lights.S01.1080p.WEB-DL.DDP5.1.H.264-GRP',
          episodeIds: [1, 2, 3, 4].map((n) => id(1, n)),
        },
      ],
    });
    const single = await call('POST', '/api/v1/episodes/search', { episodeIds: [id(2, 1)] });
    expect(single.json()).toMatchObject({
      grabbed: [{ title: 'Harbor.Lights.S02E01.1080p.WEB-DL.DDP5.1.H.264-GRP' }],
    });
    expect((await call('POST', '/api/v1/episodes/search', { episodeIds: [] })).statusCode).toBe(400);
    expect((await call('POST', '/api/v1/episodes/search', { episodeIds: [999_999] })).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/series/${seriesId}/seasons/7/search`)).statusCode).toBe(404);

    const searches = (await call('GET', `/api/v1/series/${seriesId}/searches`)).json<SearchViewBody[]>();
    expect(searches.map((search) => [search.trigger, search.seasonNumber])).toEqual([
      ['automatic', null],
      ['automatic', 1],
      ['interactive', null],
      ['interactive', 1],
    ]);
  });

  it('queues a whole-series search and the wanted searches as jobs; a second click adds nothing', async () => {
    const first = await call('POST', `/api/v1/series/${seriesId}/search`);
    expect(first.statusCode).toBe(202);
    const second = await call('POST', `/api/v1/series/${seriesId}/search`);
    expect(second.json()).toEqual(first.json());
    const missing = await call('POST', '/api/v1/wanted/missing/search');
    expect(missing.statusCode).toBe(202);
    expect((await call('POST', '/api/v1/wanted/missing/search')).json()).toEqual(missing.json());
    const cutoff = await call('POST', '/api/v1/wanted/cutoff/search');
    expect(cutoff.json<{ jobId: number }>().jobId).not.toBe(missing.json<{ jobId: number }>().jobId);
    const jobs = await stack.database.handle.db
      .selectFrom('jobs')
      .select(['name', 'payload'])
      .orderBy('id')
      .execute();
    expect(jobs.filter((job) => job.name !== 'downloads.grab')).toEqual([
      { name: 'series.search', payload: JSON.stringify({ seriesId, userInvoked: true }) },
      { name: 'series.search-wanted', payload: JSON.stringify({ list: 'missing', requestedAt: NOW }) },
      { name: 'series.search-wanted', payload: JSON.stringify({ list: 'cutoffUnmet', requestedAt: NOW }) },
    ]);
  });

  it('runs an RSS sync now, lists it, and shows, grabs and forgets the releases a delay holds', async () => {
    const [defaultProfile] = await stack.delayProfiles.list();
    await stack.delayProfiles.update(defaultProfile!.id, {
      preferredProtocol: 'usenet',
      usenetDelay: 0,
      torrentDelay: 30,
      bypassIfHighestQuality: false,
      tags: [],
    });
    const sync = await call('POST', '/api/v1/rss/sync');
    expect(sync.statusCode).toBe(200);
    expect(sync.json()).toMatchObject({ matched: 3, held: 1, grabbed: [] });
    const [record] = (await call('GET', '/api/v1/rss/syncs?limit=1')).json<SearchViewBody[]>();
    expect(record).toMatchObject({
      id: sync.json<{ searchId: number }>().searchId,
      trigger: 'rss',
      seriesId: null,
    });

    const pending = (await call('GET', '/api/v1/queue/pending')).json<Array<{ id: number; title: string }>>();
    expect(pending).toEqual([
      expect.objectContaining({
        title: 'Harbor.Lights.S02E02.1080p.WEB-DL.DDP5.1.H.264-GRP',
        episodeIds: [id(2, 2)],
        protocol: 'torrent',
        quality: 'WEBDL-1080p',
        delayedUntil: new Date(NOW + 30 * 60_000).toISOString(),
      }),
    ]);
    const grabbed = await call('POST', `/api/v1/queue/pending/${pending[0]!.id}/grab`);
    expect(grabbed.statusCode).toBe(201);
    expect(grabbed.json()).toMatchObject({ title: 'Harbor.Lights.S02E02.1080p.WEB-DL.DDP5.1.H.264-GRP' });
    expect((await call('GET', '/api/v1/queue/pending')).json()).toEqual([]);
    expect((await call('POST', `/api/v1/queue/pending/${pending[0]!.id}/grab`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/queue/pending/${pending[0]!.id}`)).statusCode).toBe(404);
  });

  it('documents every route in the OpenAPI', () => {
    const spec = server.swagger() as { paths: Record<string, Record<string, unknown>> };
    const methods = (route: string) => Object.keys(spec.paths[route] ?? {}).sort();
    expect(methods('/api/v1/series/{id}/search')).toEqual(['post']);
    expect(methods('/api/v1/series/{id}/seasons/{season}/search')).toEqual(['post']);
    expect(methods('/api/v1/episodes/search')).toEqual(['post']);
    expect(methods('/api/v1/series/{id}/releases')).toEqual(['get']);
    expect(methods('/api/v1/series/{id}/searches')).toEqual(['get']);
    expect(methods('/api/v1/wanted/missing/search')).toEqual(['post']);
    expect(methods('/api/v1/wanted/cutoff/search')).toEqual(['post']);
    expect(methods('/api/v1/rss/sync')).toEqual(['post']);
    expect(methods('/api/v1/rss/syncs')).toEqual(['get']);
    expect(methods('/api/v1/queue/pending')).toEqual(['get']);
    expect(methods('/api/v1/queue/pending/{id}')).toEqual(['delete']);
    expect(methods('/api/v1/queue/pending/{id}/grab')).toEqual(['post']);
  });
});
