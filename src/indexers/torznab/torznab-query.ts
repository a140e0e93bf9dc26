// Owns choosing the Torznab/Newznab query for a search: the function (`t=movie`, `t=tvsearch`,
// `t=search`), the ids the indexer's caps say it understands (an id search is exact and costs one
// call), and the text fallback (title + year; title + S01E02, S01, a daily show's 2024 03 05 or an
// anime's absolute 12) when it understands none. Pure.
import {
  tvEpisodeWords,
  type IndexerCapabilities,
  type MovieQuery,
  type SearchMode,
  type SearchQuery,
  type TextQuery,
  type TvQuery,
} from '../indexer.js';

/** Query-string parameters, in the order they are sent (without the API key). */
export type TorznabParams = Record<string, string>;

export function torznabSearchParams(query: SearchQuery, caps: IndexerCapabilities): TorznabParams {
  const params = ((): TorznabParams => {
    switch (query.kind) {
      case 'movie':
        return movieParams(query, caps);
      case 'tv':
        return tvParams(query, caps);
      case 'text':
        return textParams(query);
    }
  })();

  if (query.categories && query.categories.length > 0)
    params['cat'] = [...new Set(query.categories)].join(',');
  // Newznab indexers leave most attributes out unless asked for them.
  params['extended'] = '1';
  params['limit'] = String(clamp(query.limit ?? caps.limits.default, 1, caps.limits.max));
  if (query.offset !== undefined && query.offset > 0) params['offset'] = String(Math.floor(query.offset));
  return params;
}

function movieParams(query: MovieQuery, caps: IndexerCapabilities): TorznabParams {
  const mode = caps.movieSearch;
  const titleAndYear = joinWords(cleanTitle(query.title), query.year === undefined ? '' : String(query.year));
  if (!mode.available) return { t: 'search', q: titleAndYear };

  // One id is enough and the most precise; sending several risks an indexer ANDing a wrong one.
  if (query.imdbId !== undefined && supports(mode, 'imdbid')) {
    const imdb = imdbDigits(query.imdbId);
    if (imdb !== null) return { t: 'movie', imdbid: imdb };
  }
  if (query.tmdbId !== undefined && supports(mode, 'tmdbid'))
    return { t: 'movie', tmdbid: String(query.tmdbId) };

  if (!supports(mode, 'q')) return { t: 'search', q: titleAndYear };
  if (query.year !== undefined && supports(mode, 'year')) {
    return { t: 'movie', q: cleanTitle(query.title), year: String(query.year) };
  }
  return { t: 'movie', q: titleAndYear };
}

function tvParams(query: TvQuery, caps: IndexerCapabilities): TorznabParams {
  const mode = caps.tvSearch;
  const title = cleanTitle(query.title);
  const words = tvEpisodeWords(query);
  const textFallback: TorznabParams = { t: 'search', q: joinWords(title, words) };
  const hasId = query.tvdbId !== undefined || query.tvmazeId !== undefined || query.imdbId !== undefined;
  // The latest TV releases (RSS): tvsearch with no parameter, as Sonarr asks, else a plain search.
  if (title === '' && words === '' && !hasId) return { t: mode.available ? 'tvsearch' : 'search' };
  // Anime is named by absolute number ("[Group] Title - 12"), which neither ids nor season/ep find.
  if (query.absoluteEpisode !== undefined || !mode.available) return textFallback;

  const params: TorznabParams = { t: 'tvsearch' };
  const id = tvId(query, mode);
  if (id !== null) params[id.param] = id.value;
  else if (supports(mode, 'q')) params['q'] = title;
  else return textFallback;

  const episodeParams = seasonAndEpisode(query);
  if (Object.keys(episodeParams).every((name) => supports(mode, name)))
    return { ...params, ...episodeParams };
  // The indexer cannot filter by season/episode: say it in the text instead, or fall back to text.
  if (id === null) return { ...params, q: joinWords(title, words) };
  return supports(mode, 'q') ? { t: 'tvsearch', q: joinWords(title, words) } : textFallback;
}

/** Newznab's `season`/`ep`; a daily show's air date goes as `season=2024&ep=03/05`. */
function seasonAndEpisode(query: TvQuery): TorznabParams {
  const date = query.airDate === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(query.airDate);
  if (date) return { season: date[1]!, ep: `${date[2]!}/${date[3]!}` };
  const params: TorznabParams = {};
  if (query.season !== undefined) params['season'] = String(query.season);
  if (query.season !== undefined && query.episode !== undefined) params['ep'] = String(query.episode);
  return params;
}

function tvId(query: TvQuery, mode: SearchMode): { param: string; value: string } | null {
  if (query.tvdbId !== undefined && supports(mode, 'tvdbid'))
    return { param: 'tvdbid', value: String(query.tvdbId) };
  if (query.tvmazeId !== undefined && supports(mode, 'tvmazeid')) {
    return { param: 'tvmazeid', value: String(query.tvmazeId) };
  }
  if (query.imdbId !== undefined && supports(mode, 'imdbid')) {
    const imdb = imdbDigits(query.imdbId);
    if (imdb !== null) return { param: 'imdbid', value: imdb };
  }
  return null;
}

function textParams(query: TextQuery): TorznabParams {
  const text = query.text.replace(/\s+/g, ' ').trim();
  return text === '' ? { t: 'search' } : { t: 'search', q: text };
}

function supports(mode: SearchMode, param: string): boolean {
  return mode.supportedParams.includes(param);
}

/** Newznab's `imdbid` is the number without the `tt` prefix (Jackett accepts both). */
function imdbDigits(imdbId: string): string | null {
  const digits = /^(?:tt)?(\d+)$/i.exec(imdbId.trim())?.[1];
  return digits === undefined ? null : digits.padStart(7, '0');
}

/** Indexers match words; punctuation in titles ("Mission: Impossible", "Schindler's") only hurts. */
export function cleanTitle(title: string): string {
  return title
    .normalize('NFKC')
    .replace(/['’`]/g, '')
    .replace(/[:;,.!?"()[\]{}/\\|*+=<>~^#@$%_]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function joinWords(...words: string[]): string {
  return words.filter((word) => word !== '').join(' ');
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(Math.floor(value), min), Math.max(max, min));
}
