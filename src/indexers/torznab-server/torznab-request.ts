// Owns reading a Torznab/Newznab API request (`t=caps|search|tvsearch|movie` with q, imdbid, tmdbid,
// tvdbid, tvmazeid, season, ep, cat, limit, offset) into our SearchQuery, or the Newznab error a
// client expects for a missing or malformed parameter or a function we do not offer. Pure.
import type { SearchQuery } from '../indexer.js';
import { NewznabErrorCode } from './torznab-xml.js';

export type TorznabRequest =
  | { function: 'caps' }
  | {
      function: 'search';
      query: SearchQuery;
      /** No words and no ids: the client wants the latest releases (its RSS sync). */
      rss: boolean;
    };

/** A request the server answers with a Newznab `<error>` document. */
export class NewznabRequestError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
    this.name = 'NewznabRequestError';
  }
}

/** Functions of the Newznab API we know but do not serve (the client should not retry them). */
const UNAVAILABLE_FUNCTIONS = new Set(['music', 'audio', 'book', 'details', 'getnfo', 'get', 'register']);

export function parseTorznabRequest(raw: Readonly<Record<string, unknown>>): TorznabRequest {
  const params = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    const text: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
    if (typeof text === 'string') params.set(name.toLowerCase(), text.trim());
  }
  const t = params.get('t');
  if (t === undefined || t === '')
    throw new NewznabRequestError(NewznabErrorCode.missingParameter, 'Missing parameter (t)');
  const fn = t.toLowerCase();
  if (fn === 'caps') return { function: 'caps' };
  if (UNAVAILABLE_FUNCTIONS.has(fn))
    throw new NewznabRequestError(NewznabErrorCode.functionNotAvailable, `Function not available (${fn})`);
  if (fn !== 'search' && fn !== 'tvsearch' && fn !== 'movie')
    throw new NewznabRequestError(NewznabErrorCode.noSuchFunction, `No such function (${fn})`);

  const read = reader(params);
  const q = params.get('q') ?? '';
  const paging = {
    ...optional('categories', read.categories('cat')),
    ...optional('limit', read.integer('limit', 0)),
    ...optional('offset', read.integer('offset', 0)),
  };

  if (fn === 'movie') {
    const imdbId = read.imdbId('imdbid');
    const tmdbId = read.integer('tmdbid', 1);
    const ids = imdbId !== undefined || tmdbId !== undefined;
    if (q === '' && !ids) return rssRequest(paging);
    return {
      function: 'search',
      rss: false,
      query: {
        kind: 'movie',
        title: q,
        ...optional('year', read.integer('year', 1800)),
        ...optional('imdbId', imdbId),
        ...optional('tmdbId', tmdbId),
        ...paging,
      },
    };
  }

  if (fn === 'tvsearch') {
    const ids = {
      ...optional('tvdbId', read.integer('tvdbid', 1)),
      ...optional('tvmazeId', read.integer('tvmazeid', 1)),
      ...optional('imdbId', read.imdbId('imdbid')),
    };
    if (q === '' && Object.keys(ids).length === 0) return rssRequest(paging);
    const season = read.integer('season', 0);
    const episode = params.get('ep');
    // Daily shows are asked for as season=2024&ep=01/15: that is words to match, not numbers.
    if (episode !== undefined && episode !== '' && !/^\d+$/.test(episode)) {
      if (!/^\d{1,2}\/\d{1,2}$/.test(episode) || season === undefined || q === '')
        throw new NewznabRequestError(NewznabErrorCode.incorrectParameter, 'Incorrect parameter (ep)');
      const [month, day] = episode.split('/');
      return {
        function: 'search',
        rss: false,
        query: {
          kind: 'text',
          text: `${q} ${season} ${month?.padStart(2, '0')} ${day?.padStart(2, '0')}`,
          ...paging,
        },
      };
    }
    return {
      function: 'search',
      rss: false,
      query: {
        kind: 'tv',
        title: q,
        ...optional('season', season),
        ...optional('episode', read.integer('ep', 0)),
        ...ids,
        ...paging,
      },
    };
  }

  if (q === '') return rssRequest(paging);
  return { function: 'search', rss: false, query: { kind: 'text', text: q, ...paging } };
}

function rssRequest(paging: Pick<SearchQuery, 'categories' | 'limit' | 'offset'>): TorznabRequest {
  return { function: 'search', rss: true, query: { kind: 'text', text: '', ...paging } };
}

function reader(params: ReadonlyMap<string, string>) {
  const present = (name: string) => {
    const value = params.get(name);
    return value === undefined || value === '' ? undefined : value;
  };
  const incorrect = (name: string) =>
    new NewznabRequestError(NewznabErrorCode.incorrectParameter, `Incorrect parameter (${name})`);
  return {
    integer(name: string, min: number): number | undefined {
      const value = present(name);
      if (value === undefined) return undefined;
      if (!/^\d{1,15}$/.test(value) || Number(value) < min) throw incorrect(name);
      return Number(value);
    },
    imdbId(name: string): string | undefined {
      const value = present(name);
      if (value === undefined) return undefined;
      const digits = /^(?:tt)?(\d{1,10})$/i.exec(value)?.[1];
      if (digits === undefined || Number(digits) === 0) throw incorrect(name);
      return `tt${digits.replace(/^0+/, '').padStart(7, '0')}`;
    },
    categories(name: string): number[] | undefined {
      const value = present(name);
      if (value === undefined) return undefined;
      const ids = value
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '');
      if (ids.some((id) => !/^\d{1,9}$/.test(id))) throw incorrect(name);
      return [...new Set(ids.map(Number))];
    },
  };
}

/** `{ [key]: value }` when the value is given, `{}` otherwise (exactOptionalPropertyTypes-friendly). */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
