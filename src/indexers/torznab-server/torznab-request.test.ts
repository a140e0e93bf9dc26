import { describe, expect, it } from 'vitest';
import { NewznabRequestError, parseTorznabRequest } from './torznab-request.js';

describe('parseTorznabRequest', () => {
  it.each([
    [{ t: 'caps' }, { function: 'caps' }],
    [{ t: 'CAPS', apikey: 'k' }, { function: 'caps' }],
    [
      { t: 'search', q: ' ubuntu 24.04 ', cat: '2000,2040,2000', limit: '50', offset: '100' },
      {
        function: 'search',
        rss: false,
        query: { kind: 'text', text: 'ubuntu 24.04', categories: [2000, 2040], limit: 50, offset: 100 },
      },
    ],
    [{ t: 'search' }, { function: 'search', rss: true, query: { kind: 'text', text: '' } }],
    [
      { t: 'movie', cat: '2000' },
      { function: 'search', rss: true, query: { kind: 'text', text: '', categories: [2000] } },
    ],
    [
      { t: 'movie', imdbid: '0133093' },
      { function: 'search', rss: false, query: { kind: 'movie', title: '', imdbId: 'tt0133093' } },
    ],
    [
      { t: 'movie', q: 'The Matrix', imdbid: 'tt133093', tmdbid: '603', year: '1999' },
      {
        function: 'search',
        rss: false,
        query: { kind: 'movie', title: 'The Matrix', imdbId: 'tt0133093', tmdbId: 603, year: 1999 },
      },
    ],
    [
      { t: 'tvsearch', tvdbid: '81189', season: '0', ep: '3' },
      {
        function: 'search',
        rss: false,
        query: { kind: 'tv', title: '', tvdbId: 81189, season: 0, episode: 3 },
      },
    ],
    [
      { t: 'tvsearch', q: 'Breaking Bad', season: '5', tvmazeid: '169', imdbid: '0903747' },
      {
        function: 'search',
        rss: false,
        query: { kind: 'tv', title: 'Breaking Bad', season: 5, tvmazeId: 169, imdbId: 'tt0903747' },
      },
    ],
    [
      { t: 'tvsearch', q: 'The Daily Show', season: '2024', ep: '1/15' },
      { function: 'search', rss: false, query: { kind: 'text', text: 'The Daily Show 2024 01 15' } },
    ],
    [
      { t: 'tvsearch', cat: '5000', season: '1' },
      { function: 'search', rss: true, query: { kind: 'text', text: '', categories: [5000] } },
    ],
    // Repeated parameters: the first one counts.
    [
      { t: ['search', 'movie'], q: ['a', 'b'] },
      { function: 'search', rss: false, query: { kind: 'text', text: 'a' } },
    ],
  ])('reads %j', (params, expected) => {
    expect(parseTorznabRequest(params)).toEqual(expected);
  });

  it.each([
    [{}, 200, 'Missing parameter (t)'],
    [{ t: '' }, 200, 'Missing parameter (t)'],
    [{ t: 'register' }, 203, 'Function not available (register)'],
    [{ t: 'music', q: 'x' }, 203, 'Function not available (music)'],
    [{ t: 'book' }, 203, 'Function not available (book)'],
    [{ t: 'cartadd' }, 202, 'No such function (cartadd)'],
    [{ t: 'search', q: 'x', limit: '-5' }, 201, 'Incorrect parameter (limit)'],
    [{ t: 'search', q: 'x', offset: 'ten' }, 201, 'Incorrect parameter (offset)'],
    [{ t: 'search', q: 'x', cat: '2000,abc' }, 201, 'Incorrect parameter (cat)'],
    [{ t: 'movie', imdbid: 'nm0000206' }, 201, 'Incorrect parameter (imdbid)'],
    [{ t: 'movie', imdbid: 'tt0000000' }, 201, 'Incorrect parameter (imdbid)'],
    [{ t: 'movie', tmdbid: '0' }, 201, 'Incorrect parameter (tmdbid)'],
    [{ t: 'tvsearch', tvdbid: '1', season: 'x' }, 201, 'Incorrect parameter (season)'],
    [{ t: 'tvsearch', q: 'x', season: '1', ep: 'pilot' }, 201, 'Incorrect parameter (ep)'],
    [{ t: 'tvsearch', tvdbid: '1', season: '2024', ep: '1/15' }, 201, 'Incorrect parameter (ep)'],
  ])('refuses %j with Newznab error %i', (params, code, description) => {
    let caught: unknown;
    try {
      parseTorznabRequest(params);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NewznabRequestError);
    expect(caught).toMatchObject({ code, description });
  });
});
