import { describe, expect, it } from 'vitest';
import type { IndexerCapabilities, SearchQuery } from '../indexer.js';
import { cleanTitle, torznabSearchParams } from './torznab-query.js';

function caps(overrides: {
  movie?: string[] | null;
  tv?: string[] | null;
  limits?: { default: number; max: number };
}): IndexerCapabilities {
  return {
    serverTitle: null,
    limits: overrides.limits ?? { default: 100, max: 100 },
    retentionDays: null,
    search: { available: true, supportedParams: ['q'] },
    tvSearch: { available: overrides.tv !== null, supportedParams: overrides.tv ?? [] },
    movieSearch: { available: overrides.movie !== null, supportedParams: overrides.movie ?? [] },
    categories: [],
    tags: [],
  };
}

const matrix: SearchQuery = {
  kind: 'movie',
  title: 'The Matrix',
  year: 1999,
  imdbId: 'tt0133093',
  tmdbId: 603,
};

describe('torznabSearchParams: movies', () => {
  it.each<[string, IndexerCapabilities, SearchQuery, Record<string, string>]>([
    [
      'prefers the IMDb id, without tt',
      caps({ movie: ['q', 'imdbid', 'tmdbid'] }),
      matrix,
      { t: 'movie', imdbid: '0133093' },
    ],
    [
      'uses the TMDB id when IMDb is not supported',
      caps({ movie: ['q', 'tmdbid'] }),
      matrix,
      { t: 'movie', tmdbid: '603' },
    ],
    [
      'uses the TMDB id when the movie has no IMDb id',
      caps({ movie: ['q', 'imdbid', 'tmdbid'] }),
      { kind: 'movie', title: 'The Matrix', year: 1999, tmdbId: 603 },
      { t: 'movie', tmdbid: '603' },
    ],
    ['falls back to title + year in q', caps({ movie: ['q'] }), matrix, { t: 'movie', q: 'The Matrix 1999' }],
    [
      'sends the year apart when supported',
      caps({ movie: ['q', 'year'] }),
      matrix,
      { t: 'movie', q: 'The Matrix', year: '1999' },
    ],
    [
      'uses t=search when movie-search is unavailable',
      caps({ movie: null }),
      matrix,
      { t: 'search', q: 'The Matrix 1999' },
    ],
    [
      'uses t=search when movie-search takes no q and no known id',
      caps({ movie: ['imdbid'] }),
      { kind: 'movie', title: 'Heat', year: 1995 },
      { t: 'search', q: 'Heat 1995' },
    ],
    [
      'cleans punctuation out of the title',
      caps({ movie: ['q'] }),
      { kind: 'movie', title: 'Mission: Impossible – Dead Reckoning Part One', year: 2023 },
      { t: 'movie', q: 'Mission Impossible – Dead Reckoning Part One 2023' },
    ],
  ])('%s', (_name, capabilities, query, expected) => {
    const { extended: _e, limit: _l, ...params } = torznabSearchParams(query, capabilities);
    expect(params).toEqual(expected);
  });
});

describe('torznabSearchParams: TV', () => {
  const episode: SearchQuery = {
    kind: 'tv',
    title: 'The Expanse',
    season: 2,
    episode: 5,
    tvdbId: 280619,
    tvmazeId: 1825,
    imdbId: 'tt3230854',
  };
  it.each<[string, IndexerCapabilities, SearchQuery, Record<string, string>]>([
    [
      'tvdb id with season and episode',
      caps({ tv: ['q', 'tvdbid', 'season', 'ep'] }),
      episode,
      { t: 'tvsearch', tvdbid: '280619', season: '2', ep: '5' },
    ],
    [
      'tvmaze id when tvdb is not supported',
      caps({ tv: ['q', 'tvmazeid', 'season', 'ep'] }),
      episode,
      { t: 'tvsearch', tvmazeid: '1825', season: '2', ep: '5' },
    ],
    [
      'imdb id as the last id',
      caps({ tv: ['imdbid', 'season', 'ep'] }),
      episode,
      { t: 'tvsearch', imdbid: '3230854', season: '2', ep: '5' },
    ],
    [
      'title when no id is supported',
      caps({ tv: ['q', 'season', 'ep'] }),
      episode,
      { t: 'tvsearch', q: 'The Expanse', season: '2', ep: '5' },
    ],
    [
      'a whole season',
      caps({ tv: ['q', 'tvdbid', 'season', 'ep'] }),
      { kind: 'tv', title: 'The Expanse', season: 2, tvdbId: 280619 },
      { t: 'tvsearch', tvdbid: '280619', season: '2' },
    ],
    [
      'S01E02 in q when season/ep are not supported',
      caps({ tv: ['q'] }),
      episode,
      { t: 'tvsearch', q: 'The Expanse S02E05' },
    ],
    [
      'text search when tv-search is unavailable',
      caps({ tv: null }),
      episode,
      { t: 'search', q: 'The Expanse S02E05' },
    ],
    [
      'text search when tv-search takes neither a known id nor q',
      caps({ tv: ['rid'] }),
      episode,
      { t: 'search', q: 'The Expanse S02E05' },
    ],
    [
      'S01 in the text for a season when season is not supported',
      caps({ tv: null }),
      { kind: 'tv', title: 'The Expanse', season: 2, tvdbId: 280619 },
      { t: 'search', q: 'The Expanse S02' },
    ],
    [
      'a daily show by id as season=YYYY&ep=MM/DD',
      caps({ tv: ['q', 'tvdbid', 'season', 'ep'] }),
      { kind: 'tv', title: 'The Daily Show', airDate: '2024-03-05', tvdbId: 71256 },
      { t: 'tvsearch', tvdbid: '71256', season: '2024', ep: '03/05' },
    ],
    [
      'a daily show by title as season=YYYY&ep=MM/DD',
      caps({ tv: ['q', 'season', 'ep'] }),
      { kind: 'tv', title: 'The Daily Show', airDate: '2024-03-05' },
      { t: 'tvsearch', q: 'The Daily Show', season: '2024', ep: '03/05' },
    ],
    [
      'a daily show as text "Title 2024 03 05"',
      caps({ tv: null }),
      { kind: 'tv', title: 'The Daily Show', airDate: '2024-03-05', tvdbId: 71256 },
      { t: 'search', q: 'The Daily Show 2024 03 05' },
    ],
    [
      'a daily show in q when season/ep are not supported',
      caps({ tv: ['q'] }),
      { kind: 'tv', title: 'The Daily Show', airDate: '2024-03-05' },
      { t: 'tvsearch', q: 'The Daily Show 2024 03 05' },
    ],
    [
      'an anime episode by absolute number as text, ids notwithstanding',
      caps({ tv: ['q', 'tvdbid', 'season', 'ep'] }),
      {
        kind: 'tv',
        title: "Frieren: Beyond Journey's End",
        season: 1,
        episode: 12,
        absoluteEpisode: 12,
        tvdbId: 424536,
      },
      { t: 'search', q: 'Frieren Beyond Journeys End 12' },
    ],
    [
      'an anime absolute number below 10 padded to two digits',
      caps({ tv: ['q'] }),
      { kind: 'tv', title: 'One Piece', absoluteEpisode: 7 },
      { t: 'search', q: 'One Piece 07' },
    ],
    [
      'the latest TV releases (RSS) through tvsearch without parameters',
      caps({ tv: ['q', 'tvdbid', 'season', 'ep'] }),
      { kind: 'tv', title: '' },
      { t: 'tvsearch' },
    ],
    [
      'the latest TV releases (RSS) through search when tv-search is unavailable',
      caps({ tv: null }),
      { kind: 'tv', title: '' },
      { t: 'search' },
    ],
  ])('%s', (_name, capabilities, query, expected) => {
    const { extended: _e, limit: _l, ...params } = torznabSearchParams(query, capabilities);
    expect(params).toEqual(expected);
  });
});

describe('torznabSearchParams: text, categories and paging', () => {
  it('asks for the latest releases when the text is empty', () => {
    expect(torznabSearchParams({ kind: 'text', text: '  ' }, caps({}))).toEqual({
      t: 'search',
      extended: '1',
      limit: '100',
    });
  });

  it('sends categories, extended attributes, limit and offset', () => {
    expect(
      torznabSearchParams(
        { kind: 'text', text: 'ubuntu  24.04', categories: [2000, 2040, 2000], limit: 50, offset: 100 },
        caps({}),
      ),
    ).toEqual({
      t: 'search',
      q: 'ubuntu 24.04',
      cat: '2000,2040',
      extended: '1',
      limit: '50',
      offset: '100',
    });
  });

  it.each([
    [undefined, '25'],
    [10, '10'],
    [500, '75'],
    [0, '1'],
  ])('bounds limit %s by the caps (default 25, max 75) to %s', (limit, expected) => {
    const query: SearchQuery =
      limit === undefined ? { kind: 'text', text: 'x' } : { kind: 'text', text: 'x', limit };
    expect(torznabSearchParams(query, caps({ limits: { default: 25, max: 75 } }))['limit']).toBe(expected);
  });
});

describe('cleanTitle', () => {
  it.each([
    ["Schindler's List", 'Schindlers List'],
    ['Mr. Robot', 'Mr Robot'],
    ['Spider-Man: Into the Spider-Verse', 'Spider-Man Into the Spider-Verse'],
    ['  WALL·E  ', 'WALL·E'],
    ['(500) Days of Summer', '500 Days of Summer'],
  ])('%s → %s', (title, expected) => {
    expect(cleanTitle(title)).toBe(expected);
  });
});
