// Episode, season and series searches on both databases, through the real indexer service, decision
// engine and repositories, against a Torznab fake that searches TV by text only (as many trackers
// behind Jackett do): a season pack, single episodes, decoys, a daily show and an anime. A fully missing
// aired season takes the pack; a partly downloaded one refuses the pack (it would downgrade a file) and
// takes singles; an interactive search only decides; the wanted lists become one job per season.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  aliasQueries,
  enqueueWantedSearches,
  episodeQuery,
  episodeSearchJob,
  seasonQuery,
  searchSeasonFirst,
  wantedSearchKey,
} from '../../src/search/episode-search.service.js';
import { PermanentJobError, type JobContext } from '../../src/jobs/job-registry.js';
import type { Episode, Series } from '../../src/series/series.js';
import { episode, NOW, show } from '../series/series-metadata.js';
import { dialects } from '../support/databases.js';
import { GB, startTvSearchStack, tvRelease, type TvSearchStack } from './tv-search-stack.js';

const HARBOR = 1;
const LATE_TALK = 2;
const FRIEREN = 3;

function library(stack: TvSearchStack): void {
  stack.metadata.shows.set(
    HARBOR,
    show(HARBOR, 'Harbor Lights', 2024, [
      ...[1, 2, 3, 4].map((n) => episode(1, n, -90 + n * 7)),
      ...[1, 2, 3, 4].map((n) => episode(2, n, -40 + n * 7)),
    ]),
  );
  stack.metadata.shows.set(
    LATE_TALK,
    show(LATE_TALK, 'Late Talk Tonight', 2020, [episode(2026, 1, -6), episode(2026, 2, -5)], {
      seriesType: 'daily',
    }),
  );
  stack.metadata.shows.set(
    FRIEREN,
    show(FRIEREN, 'Frieren: Beyond Journey’s End', 2023, [episode(1, 11, -20, 11), episode(1, 12, -13, 12)], {
      seriesType: 'anime',
    }),
  );
}

const releases = [
  tvRelease('Harbor.Lights.S01.1080p.WEB-DL.DDP5.1.H.264-GRP', { size: 4.8 * GB }),
  tvRelease('Harbor.Lights.S01.720p.HDTV.x264-LOL', { size: 2 * GB }),
  tvRelease('Harbor.Lights.Revisited.S01.1080p.WEB-DL.DDP5.1.H.264-GRP', { size: 4.8 * GB }),
  tvRelease('Harbor.Lights.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP'),
  tvRelease('Harbor.Lights.S01E02.1080p.WEB-DL.DDP5.1.H.264-GRP'),
  tvRelease('Harbor.Lights.S02.1080p.WEB-DL.DDP5.1.H.264-GRP', { size: 4.8 * GB }),
  tvRelease('Harbor.Lights.S02E03.1080p.WEB-DL.DDP5.1.H.264-GRP'),
  tvRelease('Harbor.Lights.S02E04.1080p.WEB-DL.DDP5.1.H.264-GRP'),
  tvRelease('Harbor.Lights.S02E04.720p.WEB-DL.DDP5.1.H.264-GRP', { size: 0.7 * GB }),
  tvRelease('Late.Talk.Tonight.2026.01.10.1080p.WEB-DL.AAC2.0.H.264-GRP'),
  tvRelease('Late.Talk.Tonight.2026.01.09.1080p.WEB-DL.AAC2.0.H.264-GRP'),
  tvRelease('[SubsPlease] Frieren Beyond Journeys End - 12 (1080p) [A1B2C3D4].mkv', { categories: [5070] }),
  tvRelease('[SubsPlease] Frieren Beyond Journeys End - 11 (1080p) [B1B2C3D4].mkv', { categories: [5070] }),
];

const queriesOf = (stack: TvSearchStack) =>
  stack.indexer.requests.filter((request) => request.params['t'] !== 'caps').map((request) => request.params);

describe('episode search queries (pure)', () => {
  const base: Series = {
    id: 1,
    tvdbId: 71256,
    tvmazeId: null,
    tmdbId: null,
    imdbId: 'tt0115147',
    title: 'The Daily Show',
    cleanTitle: 'dailyshow',
    sortTitle: 'daily show',
    year: 1996,
    overview: '',
    status: 'continuing',
    network: null,
    runtime: 30,
    seriesType: 'standard',
    seasonFolders: true,
    monitored: true,
    monitorNewSeasons: true,
    qualityProfileId: 1,
    rootFolderPath: '/tv',
    path: '/tv/The Daily Show',
    tags: [],
    addedAt: 0,
    lastRefreshedAt: null,
    alternativeTitles: [],
    metadataSource: 'tvmaze',
  };
  const ep = (overrides: Partial<Episode>): Episode => ({
    id: 1,
    seriesId: 1,
    seasonNumber: 3,
    episodeNumber: 5,
    absoluteNumber: 41,
    airDate: '2024-03-05',
    airDateUtc: Date.UTC(2024, 2, 5),
    title: '',
    overview: '',
    runtime: 30,
    monitored: true,
    episodeFileId: null,
    removedUpstream: false,
    ...overrides,
  });

  it.each([
    ['standard', { season: 3, episode: 5 }, [5000]],
    ['daily', { airDate: '2024-03-05' }, [5000]],
    ['anime', { absoluteEpisode: 41 }, [5000, 5070]],
  ] as const)('a %s episode', (seriesType, expected, categories) => {
    expect(episodeQuery({ ...base, seriesType }, ep({}))).toEqual({
      kind: 'tv',
      title: 'The Daily Show',
      tvdbId: 71256,
      imdbId: 'tt0115147',
      categories,
      ...expected,
    });
  });

  it('an anime episode without an absolute number by season and episode; a season by number', () => {
    expect(episodeQuery({ ...base, seriesType: 'anime' }, ep({ absoluteNumber: null }))).toMatchObject({
      season: 3,
      episode: 5,
    });
    expect(seasonQuery(base, 3)).toMatchObject({ kind: 'tv', season: 3, tvdbId: 71256 });
    expect(seasonQuery(base, 3)).not.toHaveProperty('episode');
  });

  it('searches an anime under its aliases too, other series only under the aliases a user added', () => {
    const alternativeTitles = [
      { id: 1, title: 'Sousou no Frieren', cleanTitle: 'sousounofrieren', source: 'metadata' as const },
      { id: 2, title: 'The Daily Show!', cleanTitle: 'dailyshow', source: 'metadata' as const },
      { id: 3, title: 'Daily Show with Jon', cleanTitle: 'dailyshowwithjon', source: 'user' as const },
    ];
    const anime = { ...base, seriesType: 'anime' as const, alternativeTitles };
    const query = episodeQuery(anime, ep({}));
    expect(aliasQueries(anime, query)).toEqual([
      { kind: 'tv', title: 'Sousou no Frieren', categories: [5000, 5070], absoluteEpisode: 41 },
      { kind: 'tv', title: 'Daily Show with Jon', categories: [5000, 5070], absoluteEpisode: 41 },
    ]);
    const standard = { ...base, alternativeTitles };
    expect(aliasQueries(standard, episodeQuery(standard, ep({}))).map((alias) => alias.title)).toEqual([
      'Daily Show with Jon',
    ]);
    expect(aliasQueries(base, episodeQuery(base, ep({})))).toEqual([]);
  });

  it('asks for a season first only for 3+ wanted episodes of a fully aired, numbered season', () => {
    const season = [1, 2, 3, 4].map((n) => ep({ id: n, episodeNumber: n, airDateUtc: NOW - n }));
    const standard = { seriesType: 'standard' as const };
    expect(searchSeasonFirst(standard, season, season.slice(0, 3), NOW)).toBe(true);
    expect(searchSeasonFirst(standard, season, season.slice(0, 2), NOW)).toBe(false);
    expect(searchSeasonFirst({ seriesType: 'daily' }, season, season, NOW)).toBe(false);
    const running = [...season, ep({ id: 5, episodeNumber: 5, airDateUtc: NOW + 1 })];
    expect(searchSeasonFirst(standard, running, season, NOW)).toBe(false);
    const undated = [...season, ep({ id: 5, episodeNumber: 5, airDateUtc: null, airDate: null })];
    expect(searchSeasonFirst(standard, undated, season, NOW)).toBe(false);
    const specials = season.map((entry) => ({ ...entry, seasonNumber: 0 }));
    expect(searchSeasonFirst(standard, specials, specials, NOW)).toBe(false);
  });
});

describe.each(dialects)('episode search on %s', (dialect) => {
  let stack: TvSearchStack;
  let harbor: { id: number; episodes: Episode[] };
  const episodeId = (season: number, number: number) =>
    harbor.episodes.find((entry) => entry.seasonNumber === season && entry.episodeNumber === number)!.id;
  /** Season 2's first two episodes are already in the library. */
  const secondSeasonHalfOnDisk = async () => {
    await stack.addFile(
      harbor.id,
      [episodeId(2, 1)],
      'Bluray-1080p',
      'Harbor.Lights.S02E01.1080p.BluRay.x264-HD',
    );
    await stack.addFile(harbor.id, [episodeId(2, 2)], 'WEBDL-1080p', 'Harbor.Lights.S02E02.1080p.WEB-DL-GRP');
  };

  beforeAll(async () => {
    stack = await startTvSearchStack(dialect);
  });
  afterAll(() => stack.stop());
  beforeEach(async () => {
    await stack.reset();
    library(stack);
    stack.indexer.setReleases(releases);
    const added = await stack.addSeries(HARBOR);
    harbor = { id: added.id, episodes: await stack.seriesRepository.episodes(added.id) };
  });

  it('takes the pack of a fully missing aired season, and singles for a partly downloaded one', async () => {
    await secondSeasonHalfOnDisk();

    const result = await stack.episodeSearch.searchSeries(harbor.id, 'automatic');

    expect(queriesOf(stack).map((params) => [params['t'], params['q'], params['cat']])).toEqual([
      ['tvsearch', 'Harbor Lights S01', '5000'],
      ['tvsearch', 'Harbor Lights S02E03', '5000'],
      ['tvsearch', 'Harbor Lights S02E04', '5000'],
    ]);
    expect(result.grabbed.map((download) => [download.releaseTitle, download.episodeIds])).toEqual([
      ['Harbor.Lights.S01.1080p.WEB-DL.DDP5.1.H.264-GRP', [1, 2, 3, 4].map((n) => episodeId(1, n))],
      ['Harbor.Lights.S02E03.1080p.WEB-DL.DDP5.1.H.264-GRP', [episodeId(2, 3)]],
      ['Harbor.Lights.S02E04.1080p.WEB-DL.DDP5.1.H.264-GRP', [episodeId(2, 4)]],
    ]);
    expect(await stack.tracked.listActiveForSeries(harbor.id)).toHaveLength(3);

    // Every search is stored with why each release was taken or refused.
    const [pack, e03, e04] = result.searches;
    expect(pack!.search).toMatchObject({
      seriesId: harbor.id,
      movieId: null,
      seasonNumber: 1,
      trigger: 'automatic',
      grabbedTitle: 'Harbor.Lights.S01.1080p.WEB-DL.DDP5.1.H.264-GRP',
      indexers: { answered: ['Fake Torznab'], failures: [] },
    });
    // Accepted first; the refused ones after it, better quality first.
    expect(pack!.decisions.map((decision) => [decision.title, decision.accepted])).toEqual([
      ['Harbor.Lights.S01.1080p.WEB-DL.DDP5.1.H.264-GRP', true],
      ['Harbor.Lights.Revisited.S01.1080p.WEB-DL.DDP5.1.H.264-GRP', false],
      ['Harbor.Lights.S01.720p.HDTV.x264-LOL', false],
    ]);
    const codes = (title: string) =>
      pack!.decisions.find((decision) => decision.title === title)!.rejections.map((r) => r.code);
    expect(codes('Harbor.Lights.S01.720p.HDTV.x264-LOL')).toContain('qualityNotWanted');
    expect(codes('Harbor.Lights.Revisited.S01.1080p.WEB-DL.DDP5.1.H.264-GRP')).toContain('wrongSeries');
    expect(e03!.search).toMatchObject({ seasonNumber: null, episodeIds: [episodeId(2, 3)] });
    // The 720p single is worse than the 1080p one: ranked after it, not grabbed.
    expect(e04!.decisions.map((decision) => decision.title)).toEqual([
      'Harbor.Lights.S02E04.1080p.WEB-DL.DDP5.1.H.264-GRP',
      'Harbor.Lights.S02E04.720p.WEB-DL.DDP5.1.H.264-GRP',
    ]);
    expect((await stack.searches.listForSeries(harbor.id)).map((search) => search.id)).toEqual(
      [e04, e03, pack].map((run) => run!.search.id),
    );
  });

  it('refuses a season pack that would downgrade a file, then searches each missing episode', async () => {
    await secondSeasonHalfOnDisk();

    const result = await stack.episodeSearch.searchSeason(harbor.id, 2, 'automatic');

    expect(queriesOf(stack).map((params) => params['q'])).toEqual([
      'Harbor Lights S02',
      'Harbor Lights S02E03',
      'Harbor Lights S02E04',
    ]);
    const [season] = result.searches;
    expect(season!.search).toMatchObject({ seasonNumber: 2, grabbedTitle: null });
    const [pack] = season!.decisions;
    expect(pack).toMatchObject({ title: 'Harbor.Lights.S02.1080p.WEB-DL.DDP5.1.H.264-GRP', accepted: false });
    expect(pack!.rejections.map((rejection) => rejection.code)).toContain('wouldDowngrade');
    expect(pack!.rejections.map((rejection) => rejection.message).join(' ')).toMatch(/S02E01/);
    expect(result.grabbed.map((download) => download.episodeIds)).toEqual([
      [episodeId(2, 3)],
      [episodeId(2, 4)],
    ]);
  });

  it('searches one or two episodes alone, even in a fully aired season', async () => {
    const result = await stack.episodeSearch.searchEpisodes(
      harbor.id,
      [episodeId(1, 2), episodeId(1, 1)],
      'automatic',
    );
    expect(queriesOf(stack).map((params) => params['q'])).toEqual([
      'Harbor Lights S01E01',
      'Harbor Lights S01E02',
    ]);
    expect(result.grabbed.map((download) => download.releaseTitle)).toEqual([
      'Harbor.Lights.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP',
      'Harbor.Lights.S01E02.1080p.WEB-DL.DDP5.1.H.264-GRP',
    ]);
    // Asked again: the queue has them, nothing is grabbed twice.
    const again = await stack.episodeSearch.searchEpisodes(harbor.id, [episodeId(1, 1)], 'automatic');
    expect(again.grabbed).toEqual([]);
    expect(again.searches[0]!.decisions[0]!.rejections.map((rejection) => rejection.code)).toContain(
      'queueHasEqualOrBetter',
    );
  });

  it('takes an unmonitored episode when a user searches for it, not when Omniarr does by itself', async () => {
    await stack.seriesRepository.setEpisodesMonitored([episodeId(1, 1)], false);
    const own = await stack.episodeSearch.searchEpisodes(harbor.id, [episodeId(1, 1)], 'automatic');
    expect(own.grabbed).toEqual([]);
    expect(own.searches[0]!.decisions[0]!.rejections.map((rejection) => rejection.code)).toEqual([
      'episodeNotMonitored',
    ]);
    const clicked = await stack.episodeSearch.searchEpisodes(harbor.id, [episodeId(1, 1)], 'user');
    expect(clicked.grabbed.map((download) => download.releaseTitle)).toEqual([
      'Harbor.Lights.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP',
    ]);
    // Stored as an automatic search: it grabbed.
    expect(clicked.searches[0]!.search.trigger).toBe('automatic');
  });

  it('an interactive search decides and stores, grabs nothing; a stored decision can be read back', async () => {
    const result = await stack.episodeSearch.searchSeason(harbor.id, 1, 'interactive');
    expect(result.grabbed).toEqual([]);
    expect(await stack.tracked.listActiveForSeries(harbor.id)).toEqual([]);
    const [run] = result.searches;
    expect(run!.search).toMatchObject({ trigger: 'interactive', seasonNumber: 1 });
    expect(run!.decisions.filter((decision) => decision.accepted).map((decision) => decision.title)).toEqual([
      'Harbor.Lights.S01.1080p.WEB-DL.DDP5.1.H.264-GRP',
    ]);
    const stored = await stack.searches.decision(run!.decisions[0]!.id);
    expect(stored?.target).toEqual({
      seriesId: harbor.id,
      episodeIds: [1, 2, 3, 4].map((n) => episodeId(1, n)),
    });

    const episodes = await stack.episodeSearch.searchEpisodes(
      harbor.id,
      [episodeId(1, 1), episodeId(1, 2)],
      'interactive',
    );
    expect(episodes.searches).toHaveLength(1);
    expect(episodes.searches[0]!.decisions.map((decision) => decision.title).sort()).toEqual([
      'Harbor.Lights.S01E01.1080p.WEB-DL.DDP5.1.H.264-GRP',
      'Harbor.Lights.S01E02.1080p.WEB-DL.DDP5.1.H.264-GRP',
    ]);
  });

  it('searches a daily show by air date and an anime by absolute number, in the anime categories', async () => {
    const daily = await stack.addSeries(LATE_TALK);
    const [tenth] = (await stack.seriesRepository.episodes(daily.id)).filter(
      (entry) => entry.airDate === '2026-01-09',
    );
    const dailyResult = await stack.episodeSearch.searchEpisodes(daily.id, [tenth!.id], 'automatic');
    expect(dailyResult.grabbed.map((download) => download.releaseTitle)).toEqual([
      'Late.Talk.Tonight.2026.01.09.1080p.WEB-DL.AAC2.0.H.264-GRP',
    ]);

    const anime = await stack.addSeries(FRIEREN);
    const twelve = (await stack.seriesRepository.episodes(anime.id)).find(
      (entry) => entry.absoluteNumber === 12,
    )!;
    const animeResult = await stack.episodeSearch.searchEpisodes(anime.id, [twelve.id], 'automatic');
    expect(animeResult.grabbed.map((download) => download.releaseTitle)).toEqual([
      '[SubsPlease] Frieren Beyond Journeys End - 12 (1080p) [A1B2C3D4].mkv',
    ]);
    expect(queriesOf(stack).map((params) => [params['t'], params['q'], params['cat']])).toEqual([
      ['tvsearch', 'Late Talk Tonight 2026 01 09', '5000'],
      ['search', 'Frieren Beyond Journeys End 12', '5000,5070'],
    ]);
  });

  it('refuses episodes of another series, an unknown season, and an unknown series', async () => {
    await expect(stack.episodeSearch.searchEpisodes(harbor.id, [999_999], 'automatic')).rejects.toThrow(
      /999999 are not episodes of "Harbor Lights"/,
    );
    await expect(stack.episodeSearch.searchSeason(harbor.id, 9, 'automatic')).rejects.toThrow(/no season 9/);
    await expect(stack.episodeSearch.searchSeries(999_999, 'automatic')).rejects.toThrow(/not found/);
    const job = episodeSearchJob(stack.episodeSearch);
    const context = { signal: new AbortController().signal } as JobContext;
    await expect(job.run({ seriesId: 999_999 }, context)).rejects.toThrow(PermanentJobError);
    expect(job.payload.safeParse({ seriesId: 1, episodeIds: [1], seasonNumber: 1 }).success).toBe(false);
    expect(job.payload.safeParse({ seriesId: 1, episodeIds: [] }).success).toBe(false);
  });

  it('skips an unmonitored series when searching all its missing episodes', async () => {
    await stack.catalog.edit(harbor.id, { monitored: false });
    expect(await stack.episodeSearch.searchSeries(harbor.id, 'automatic')).toEqual({
      searches: [],
      grabbed: [],
    });
    expect(queriesOf(stack)).toEqual([]);
  });

  it('turns the missing list into one search job per series and season, once per hour', async () => {
    const daily = await stack.addSeries(LATE_TALK);
    await stack.addFile(
      harbor.id,
      [episodeId(2, 1)],
      'Bluray-1080p',
      'Harbor.Lights.S02E01.1080p.BluRay.x264-HD',
    );
    const deps = {
      wanted: {
        missing: (page: { limit: number; offset: number }) => stack.catalog.missing(page),
        cutoffUnmet: () => Promise.resolve({ total: 0, records: [] }),
      },
      queue: stack.queue,
      clock: stack.clock,
    };
    const first = await enqueueWantedSearches(deps, 'missing', NOW);
    expect(first).toEqual({ episodes: 9, jobs: 3 });
    const payloads = async () =>
      (await stack.database.handle.db.selectFrom('jobs').select('payload').orderBy('id').execute()).map(
        (row) => JSON.parse(row.payload) as { seriesId: number; episodeIds: number[] },
      );
    const dailyIds = (await stack.seriesRepository.episodes(daily.id)).map((entry) => entry.id);
    expect(
      (await payloads()).map((payload) => [payload.seriesId, [...payload.episodeIds].sort((a, b) => a - b)]),
    ).toEqual(
      expect.arrayContaining([
        [harbor.id, [1, 2, 3, 4].map((n) => episodeId(1, n))],
        [harbor.id, [2, 3, 4].map((n) => episodeId(2, n))],
        [daily.id, dailyIds],
      ]),
    );
    await enqueueWantedSearches(deps, 'missing', NOW + 30 * 60_000);
    expect(await payloads()).toHaveLength(3);
    await enqueueWantedSearches(deps, 'missing', NOW + 61 * 60_000);
    expect(await payloads()).toHaveLength(6);
    expect(wantedSearchKey('missing', NOW)).toBe(wantedSearchKey('missing', NOW + 1000));
    expect(wantedSearchKey('missing', NOW)).not.toBe(wantedSearchKey('cutoffUnmet', NOW));
  });
});
