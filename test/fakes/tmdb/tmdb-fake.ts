// A contract fake of the TMDB v3 endpoints Omniarr uses, written to TMDB's published reference
// (developer.themoviedb.org/reference and /docs/errors): /configuration, /search/movie,
// /movie/{id} (with append_to_response alternative_titles, release_dates, external_ids), the TV
// endpoints /search/tv, /tv/{id} (with append_to_response external_ids, alternative_titles) and
// /tv/{id}/season/{n}, and /find/{external_id}?external_source=imdb_id|tvdb_id. Loopback only.
// It checks the credential the way TMDB does (api_key query parameter or v4 Bearer token), answers
// with TMDB's error envelope, and can be told to misbehave (invalid key, not found, rate limit,
// server error, hang, non-JSON body), on every path or on one.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TmdbReleaseTypeNumber = 1 | 2 | 3 | 4 | 5 | 6;

/** A movie the test seeds, in TMDB's own field names; omitted fields get TMDB-like defaults. */
export interface FakeTmdbMovie {
  id: number;
  title: string;
  original_title?: string;
  original_language?: string;
  overview?: string;
  /** Primary release date, `YYYY-MM-DD`, or '' when TMDB has none. */
  release_date?: string;
  runtime?: number | null;
  status?: 'Rumored' | 'Planned' | 'In Production' | 'Post Production' | 'Released' | 'Canceled';
  imdb_id?: string | null;
  genres?: { id: number; name: string }[];
  poster_path?: string | null;
  backdrop_path?: string | null;
  popularity?: number;
  belongs_to_collection?: { id: number; name: string } | null;
  alternative_titles?: { iso_3166_1: string; title: string; type?: string }[];
  release_dates?: {
    iso_3166_1: string;
    release_dates: {
      release_date: string;
      type: TmdbReleaseTypeNumber;
      certification?: string;
      note?: string;
    }[];
  }[];
}

/** An episode as /tv/{id}/season/{n} lists it; omitted fields get TMDB-like defaults. */
export interface FakeTmdbEpisode {
  episode_number: number;
  name?: string;
  overview?: string;
  /** `YYYY-MM-DD`; null when TMDB has no date yet. TMDB never gives the time of day. */
  air_date?: string | null;
  runtime?: number | null;
  episode_type?: 'standard' | 'finale' | 'mid_season';
}

export interface FakeTmdbSeason {
  /** 0 is "Specials". */
  season_number: number;
  name?: string;
  episodes: FakeTmdbEpisode[];
}

/** A TV series the test seeds, in TMDB's own field names; omitted fields get TMDB-like defaults. */
export interface FakeTmdbTvShow {
  id: number;
  name: string;
  original_name?: string;
  original_language?: string;
  overview?: string;
  /** `YYYY-MM-DD`, or '' when TMDB has none. */
  first_air_date?: string;
  status?: 'Returning Series' | 'Planned' | 'In Production' | 'Ended' | 'Canceled' | 'Pilot';
  type?: 'Scripted' | 'Reality' | 'Documentary' | 'News' | 'Talk Show' | 'Miniseries' | 'Video';
  episode_run_time?: number[];
  genres?: { id: number; name: string }[];
  networks?: { id: number; name: string; origin_country?: string }[];
  origin_country?: string[];
  poster_path?: string | null;
  backdrop_path?: string | null;
  popularity?: number;
  tvdb_id?: number | null;
  imdb_id?: string | null;
  alternative_titles?: { iso_3166_1: string; title: string; type?: string }[];
  seasons?: FakeTmdbSeason[];
}

export type TmdbFault = 'none' | 'invalidKey' | 'notFound' | 'rateLimit' | 'serverError' | 'hang' | 'notJson';

export interface TmdbFaultOptions {
  /** Misbehave for this many requests, then answer normally again. Default: until changed. */
  times?: number;
  /** Retry-After seconds sent with `rateLimit`. Default 1. */
  retryAfterSeconds?: number;
  /** Misbehave only on this path (e.g. `/tv/1399/season/2`); others answer normally. */
  path?: string;
}

export interface RecordedTmdbRequest {
  method: string;
  /** Path below the API root, e.g. `/movie/603`. */
  path: string;
  /** Query parameters, without `api_key`. */
  query: Record<string, string>;
  auth: 'apiKey' | 'bearer' | 'none';
}

export interface TmdbFakeOptions {
  movies?: FakeTmdbMovie[];
  shows?: FakeTmdbTvShow[];
  apiKey?: string;
  readToken?: string;
}

export interface TmdbFake {
  /** Base URL to give the client, e.g. `http://127.0.0.1:PORT/3`. */
  url: string;
  apiKey: string;
  readToken: string;
  addMovie(movie: FakeTmdbMovie): void;
  /** Adds a TV series, or replaces the one with its id (a refresh then sees the change). */
  addShow(show: FakeTmdbTvShow): void;
  removeShow(id: number): void;
  setFault(mode: TmdbFault, options?: TmdbFaultOptions): void;
  requests: RecordedTmdbRequest[];
  stop(): Promise<void>;
}

const PAGE_SIZE = 20;
const IMAGE_BASE = 'https://image.tmdb.org/t/p/';

const errors = {
  invalidKey: {
    status: 401,
    body: {
      success: false,
      status_code: 7,
      status_message: 'Invalid API key: You must be granted a valid key.',
    },
  },
  notFound: {
    status: 404,
    body: {
      success: false,
      status_code: 34,
      status_message: 'The resource you requested could not be found.',
    },
  },
  rateLimit: {
    status: 429,
    body: {
      success: false,
      status_code: 25,
      status_message: 'Your request count (#) is over the allowed limit of (40).',
    },
  },
  serverError: {
    status: 500,
    body: {
      success: false,
      status_code: 11,
      status_message: 'Internal error: Something went wrong, contact TMDB.',
    },
  },
  invalidPage: {
    status: 400,
    body: {
      success: false,
      status_code: 22,
      status_message: 'Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.',
    },
  },
  invalidParameters: {
    status: 422,
    body: {
      success: false,
      status_code: 5,
      status_message: 'Invalid parameters: Your request parameters are incorrect.',
    },
  },
} as const;

export async function startTmdbFake(options: TmdbFakeOptions = {}): Promise<TmdbFake> {
  const apiKey = options.apiKey ?? randomBytes(16).toString('hex');
  const readToken =
    options.readToken ??
    `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ aud: apiKey, scopes: ['api_read'], v: 1 })).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
  const movies = new Map<number, FakeTmdbMovie>();
  for (const movie of options.movies ?? []) movies.set(movie.id, movie);
  const shows = new Map<number, FakeTmdbTvShow>();
  for (const show of options.shows ?? []) shows.set(show.id, show);
  const requests: RecordedTmdbRequest[] = [];
  const noFault = { mode: 'none', remaining: Infinity, retryAfterSeconds: 1, path: undefined } as const;
  let fault: { mode: TmdbFault; remaining: number; retryAfterSeconds: number; path: string | undefined } =
    noFault;

  const server = createServer((req, res) => {
    handle(req, res);
  });

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries([...url.searchParams].filter(([name]) => name !== 'api_key'));
    const givenKey = url.searchParams.get('api_key');
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const auth = givenKey !== null ? 'apiKey' : bearer !== undefined ? 'bearer' : 'none';
    const path = url.pathname.startsWith('/3/') ? url.pathname.slice(2) : url.pathname;
    requests.push({ method: req.method ?? 'GET', path, query, auth });

    if (fault.mode !== 'none' && fault.remaining > 0 && (fault.path === undefined || fault.path === path)) {
      fault.remaining -= 1;
      const { mode, retryAfterSeconds } = fault;
      if (fault.remaining === 0) fault = noFault;
      switch (mode) {
        case 'hang':
          return; // never answers; stop() closes the socket
        case 'invalidKey':
          return send(res, errors.invalidKey);
        case 'notFound':
          return send(res, errors.notFound);
        case 'rateLimit':
          res.setHeader('retry-after', String(retryAfterSeconds));
          return send(res, errors.rateLimit);
        case 'serverError':
          return send(res, errors.serverError);
        case 'notJson':
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html><body>Bad gateway</body></html>');
          return;
      }
    }

    const authorised =
      (givenKey !== null && givenKey === apiKey) || (givenKey === null && bearer === readToken);
    if (!authorised) return send(res, errors.invalidKey);
    if (req.method !== 'GET')
      return send(res, {
        status: 405,
        body: {
          success: false,
          status_code: 4,
          status_message: "Invalid format: This service doesn't exist in that format.",
        },
      });
    if (!url.pathname.startsWith('/3/')) return send(res, errors.notFound);

    if (path === '/configuration') return send(res, { status: 200, body: configuration() });
    if (path === '/search/movie') return searchMovie(res, url.searchParams);
    const movieMatch = /^\/movie\/(\d+)$/.exec(path);
    if (movieMatch) return movieDetails(res, Number(movieMatch[1]), url.searchParams);
    if (path === '/search/tv') return searchTv(res, url.searchParams);
    const tvMatch = /^\/tv\/(\d+)$/.exec(path);
    if (tvMatch) return tvDetails(res, Number(tvMatch[1]), url.searchParams);
    const seasonMatch = /^\/tv\/(\d+)\/season\/(\d+)$/.exec(path);
    if (seasonMatch) return tvSeason(res, Number(seasonMatch[1]), Number(seasonMatch[2]));
    const findMatch = /^\/find\/([^/]+)$/.exec(path);
    if (findMatch) return find(res, decodeURIComponent(findMatch[1] ?? ''), url.searchParams);
    return send(res, errors.notFound);
  }

  function searchMovie(res: ServerResponse, params: URLSearchParams): void {
    // `year` matches any release date of the movie, `primary_release_year` only the primary one.
    const year = params.get('year');
    const primaryYear = params.get('primary_release_year');
    sendSearch(res, params, [...movies.values()], {
      titles: (movie) => [
        movie.title,
        movie.original_title ?? movie.title,
        ...(movie.alternative_titles ?? []).map((t) => t.title),
      ],
      keep: (movie) =>
        (!year || releaseYears(movie).has(year)) &&
        (!primaryYear || (movie.release_date ?? '').startsWith(`${primaryYear}-`)),
      listed: listItem,
    });
  }

  function movieDetails(res: ServerResponse, id: number, params: URLSearchParams): void {
    const movie = movies.get(id);
    if (!movie) return send(res, errors.notFound);
    const appended = new Set((params.get('append_to_response') ?? '').split(',').map((part) => part.trim()));
    const body: Record<string, unknown> = {
      adult: false,
      backdrop_path: movie.backdrop_path ?? null,
      belongs_to_collection: movie.belongs_to_collection
        ? { ...movie.belongs_to_collection, poster_path: null, backdrop_path: null }
        : null,
      budget: 0,
      genres: movie.genres ?? [],
      homepage: '',
      id: movie.id,
      imdb_id: movie.imdb_id ?? null,
      origin_country: [],
      original_language: movie.original_language ?? 'en',
      original_title: movie.original_title ?? movie.title,
      overview: movie.overview ?? '',
      popularity: movie.popularity ?? 1,
      poster_path: movie.poster_path ?? null,
      production_companies: [],
      production_countries: [],
      release_date: movie.release_date ?? '',
      revenue: 0,
      runtime: movie.runtime ?? 0,
      spoken_languages: [],
      status: movie.status ?? 'Released',
      tagline: '',
      title: movie.title,
      video: false,
      vote_average: 0,
      vote_count: 0,
    };
    if (appended.has('alternative_titles')) {
      body.alternative_titles = {
        titles: (movie.alternative_titles ?? []).map((title) => ({ type: '', ...title })),
      };
    }
    if (appended.has('release_dates')) {
      body.release_dates = {
        results: (movie.release_dates ?? []).map((country) => ({
          iso_3166_1: country.iso_3166_1,
          release_dates: country.release_dates.map((release) => ({
            certification: release.certification ?? '',
            descriptors: [],
            iso_639_1: '',
            note: release.note ?? '',
            release_date: `${release.release_date.slice(0, 10)}T00:00:00.000Z`,
            type: release.type,
          })),
        })),
      };
    }
    if (appended.has('external_ids')) {
      body.external_ids = {
        imdb_id: movie.imdb_id ?? null,
        wikidata_id: null,
        facebook_id: null,
        instagram_id: null,
        twitter_id: null,
      };
    }
    send(res, { status: 200, body });
  }

  function find(res: ServerResponse, externalId: string, params: URLSearchParams): void {
    const source = params.get('external_source');
    if (!source) return send(res, errors.invalidParameters);
    const movieResults =
      source === 'imdb_id'
        ? [...movies.values()]
            .filter((movie) => movie.imdb_id === externalId)
            .map((movie) => ({ ...listItem(movie), media_type: 'movie' }))
        : [];
    const tvResults = [...shows.values()]
      .filter((show) =>
        source === 'imdb_id'
          ? show.imdb_id === externalId
          : source === 'tvdb_id'
            ? String(show.tvdb_id ?? '') === externalId
            : false,
      )
      .map((show) => ({ ...tvListItem(show), media_type: 'tv' }));
    send(res, {
      status: 200,
      body: {
        movie_results: movieResults,
        person_results: [],
        tv_results: tvResults,
        tv_episode_results: [],
        tv_season_results: [],
      },
    });
  }

  function searchTv(res: ServerResponse, params: URLSearchParams): void {
    // `first_air_date_year` matches the first air date only; `year` any episode's year.
    const firstAirYear = params.get('first_air_date_year');
    const year = params.get('year');
    sendSearch(res, params, [...shows.values()], {
      titles: (show) => [
        show.name,
        show.original_name ?? show.name,
        ...(show.alternative_titles ?? []).map((t) => t.title),
      ],
      keep: (show) =>
        (!firstAirYear || (show.first_air_date ?? '').startsWith(`${firstAirYear}-`)) &&
        (!year || airYears(show).has(year)),
      listed: tvListItem,
    });
  }

  function tvDetails(res: ServerResponse, id: number, params: URLSearchParams): void {
    const show = shows.get(id);
    if (!show) return send(res, errors.notFound);
    const appended = new Set((params.get('append_to_response') ?? '').split(',').map((part) => part.trim()));
    const seasons = [...(show.seasons ?? [])].sort((a, b) => a.season_number - b.season_number);
    const aired = seasons.flatMap((season) =>
      season.season_number === 0
        ? []
        : season.episodes.filter((episode) => episode.air_date).map((episode) => ({ season, episode })),
    );
    const body: Record<string, unknown> = {
      adult: false,
      backdrop_path: show.backdrop_path ?? null,
      created_by: [],
      episode_run_time: show.episode_run_time ?? [],
      first_air_date: show.first_air_date ?? '',
      genres: show.genres ?? [],
      homepage: '',
      id: show.id,
      in_production: show.status === 'Returning Series' || show.status === 'In Production',
      languages: [show.original_language ?? 'en'],
      last_air_date: aired.at(-1)?.episode.air_date ?? null,
      last_episode_to_air: null,
      name: show.name,
      next_episode_to_air: null,
      networks: (show.networks ?? []).map((network) => ({
        id: network.id,
        logo_path: null,
        name: network.name,
        origin_country: network.origin_country ?? '',
      })),
      number_of_episodes: seasons
        .filter((season) => season.season_number > 0)
        .reduce((sum, season) => sum + season.episodes.length, 0),
      number_of_seasons: seasons.filter((season) => season.season_number > 0).length,
      origin_country: show.origin_country ?? [],
      original_language: show.original_language ?? 'en',
      original_name: show.original_name ?? show.name,
      overview: show.overview ?? '',
      popularity: show.popularity ?? 1,
      poster_path: show.poster_path ?? null,
      production_companies: [],
      production_countries: [],
      seasons: seasons.map((season) => ({
        air_date: firstAirDate(season),
        episode_count: season.episodes.length,
        id: show.id * 1000 + season.season_number,
        name: seasonName(season),
        overview: '',
        poster_path: null,
        season_number: season.season_number,
        vote_average: 0,
      })),
      spoken_languages: [],
      status: show.status ?? 'Returning Series',
      tagline: '',
      type: show.type ?? 'Scripted',
      vote_average: 0,
      vote_count: 0,
    };
    if (appended.has('external_ids')) {
      body.external_ids = {
        id: show.id,
        imdb_id: show.imdb_id ?? null,
        freebase_mid: null,
        freebase_id: null,
        tvdb_id: show.tvdb_id ?? null,
        tvrage_id: null,
        wikidata_id: null,
        facebook_id: null,
        instagram_id: null,
        twitter_id: null,
      };
    }
    if (appended.has('alternative_titles')) {
      // TV alternative titles come under `results`, not `titles` as for movies.
      body.alternative_titles = {
        id: show.id,
        results: (show.alternative_titles ?? []).map((title) => ({ type: '', ...title })),
      };
    }
    send(res, { status: 200, body });
  }

  function tvSeason(res: ServerResponse, id: number, seasonNumber: number): void {
    const season = shows.get(id)?.seasons?.find((s) => s.season_number === seasonNumber);
    if (!season) return send(res, errors.notFound);
    send(res, {
      status: 200,
      body: {
        _id: `${id}-${seasonNumber}`,
        air_date: firstAirDate(season),
        episodes: season.episodes.map((episode) => ({
          air_date: episode.air_date ?? null,
          episode_number: episode.episode_number,
          episode_type: episode.episode_type ?? 'standard',
          id: id * 100_000 + seasonNumber * 1000 + episode.episode_number,
          name: episode.name ?? `Episode ${episode.episode_number}`,
          overview: episode.overview ?? '',
          production_code: '',
          runtime: episode.runtime ?? null,
          season_number: seasonNumber,
          show_id: id,
          still_path: null,
          vote_average: 0,
          vote_count: 0,
          crew: [],
          guest_stars: [],
        })),
        name: seasonName(season),
        overview: '',
        id: id * 1000 + seasonNumber,
        poster_path: null,
        season_number: seasonNumber,
        vote_average: 0,
      },
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/3`,
    apiKey,
    readToken,
    requests,
    addMovie(movie) {
      movies.set(movie.id, movie);
    },
    addShow(show) {
      shows.set(show.id, show);
    },
    removeShow(id) {
      shows.delete(id);
    },
    setFault(mode, faultOptions = {}) {
      fault = {
        mode,
        remaining: faultOptions.times ?? Infinity,
        retryAfterSeconds: faultOptions.retryAfterSeconds ?? 1,
        path: faultOptions.path,
      };
    },
    stop() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function configuration() {
  return {
    change_keys: ['adult', 'air_date', 'also_known_as', 'alternative_titles', 'release_dates', 'title'],
    images: {
      base_url: IMAGE_BASE.replace('https:', 'http:'),
      secure_base_url: IMAGE_BASE,
      backdrop_sizes: ['w300', 'w780', 'w1280', 'original'],
      logo_sizes: ['w45', 'w92', 'w154', 'w185', 'w300', 'w500', 'original'],
      poster_sizes: ['w92', 'w154', 'w185', 'w342', 'w500', 'w780', 'original'],
      profile_sizes: ['w45', 'w185', 'h632', 'original'],
      still_sizes: ['w92', 'w185', 'w300', 'original'],
    },
  };
}

function listItem(movie: FakeTmdbMovie) {
  return {
    adult: false,
    backdrop_path: movie.backdrop_path ?? null,
    genre_ids: (movie.genres ?? []).map((genre) => genre.id),
    id: movie.id,
    original_language: movie.original_language ?? 'en',
    original_title: movie.original_title ?? movie.title,
    overview: movie.overview ?? '',
    popularity: movie.popularity ?? 1,
    poster_path: movie.poster_path ?? null,
    release_date: movie.release_date ?? '',
    title: movie.title,
    video: false,
    vote_average: 0,
    vote_count: 0,
  };
}

function tvListItem(show: FakeTmdbTvShow) {
  return {
    adult: false,
    backdrop_path: show.backdrop_path ?? null,
    genre_ids: (show.genres ?? []).map((genre) => genre.id),
    id: show.id,
    origin_country: show.origin_country ?? [],
    original_language: show.original_language ?? 'en',
    original_name: show.original_name ?? show.name,
    overview: show.overview ?? '',
    popularity: show.popularity ?? 1,
    poster_path: show.poster_path ?? null,
    first_air_date: show.first_air_date ?? '',
    name: show.name,
    vote_average: 0,
    vote_count: 0,
  };
}

/**
 * A search answer as TMDB gives it: the items having every word of the query as a word prefix in one
 * of their titles and passing the endpoint's own filters, most popular first, a page of 20.
 */
function sendSearch<T extends { popularity?: number }>(
  res: ServerResponse,
  params: URLSearchParams,
  items: T[],
  search: { titles: (item: T) => string[]; keep: (item: T) => boolean; listed: (item: T) => unknown },
): void {
  const page = Number(params.get('page') ?? '1');
  if (!Number.isInteger(page) || page < 1 || page > 500) return send(res, errors.invalidPage);
  const words = normalise(params.get('query') ?? '')
    .split(' ')
    .filter(Boolean);
  const matches = items
    .filter((item) => {
      if (words.length === 0) return false;
      return search.titles(item).some((title) => {
        const haystack = ` ${normalise(title)} `;
        return words.every((word) => haystack.includes(` ${word}`));
      });
    })
    .filter(search.keep)
    .sort((a, b) => (b.popularity ?? 0) - (a.popularity ?? 0));
  send(res, {
    status: 200,
    body: {
      page,
      results: matches.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(search.listed),
      total_pages: Math.max(1, Math.ceil(matches.length / PAGE_SIZE)),
      total_results: matches.length,
    },
  });
}

function seasonName(season: FakeTmdbSeason): string {
  return season.name ?? (season.season_number === 0 ? 'Specials' : `Season ${season.season_number}`);
}

function firstAirDate(season: FakeTmdbSeason): string | null {
  const dates = season.episodes.flatMap((episode) => (episode.air_date ? [episode.air_date] : [])).sort();
  return dates[0] ?? null;
}

function airYears(show: FakeTmdbTvShow): Set<string> {
  const years = new Set<string>();
  if (show.first_air_date) years.add(show.first_air_date.slice(0, 4));
  for (const season of show.seasons ?? []) {
    for (const episode of season.episodes) if (episode.air_date) years.add(episode.air_date.slice(0, 4));
  }
  return years;
}

function releaseYears(movie: FakeTmdbMovie): Set<string> {
  const years = new Set<string>();
  if (movie.release_date) years.add(movie.release_date.slice(0, 4));
  for (const country of movie.release_dates ?? []) {
    for (const release of country.release_dates) years.add(release.release_date.slice(0, 4));
  }
  return years;
}

function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function send(res: ServerResponse, answer: { status: number; body: unknown }): void {
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json;charset=utf-8' });
  res.end(payload);
}
