// A contract fake of the TVmaze endpoints Omniarr uses, written to TVmaze's published API
// (www.tvmaze.com/api): /search/shows, /shows/{id} (with embed[]=episodes / akas), /shows/{id}/episodes
// (specials=1 adds the unnumbered specials), /shows/{id}/akas, /lookup/shows (a 301 to the show, 404
// when unknown) and /updates/shows. Loopback only, no key (TVmaze has none). It answers with
// TVmaze's error body and can be told to misbehave (429 with or without Retry-After, 500, hang,
// non-JSON body). Helpers build a standard, a daily (talk show) and an anime show quickly.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTvmazeEpisode {
  season: number;
  /** Null for specials, as TVmaze sends them. */
  number: number | null;
  name: string;
  type?: 'regular' | 'significant_special' | 'insignificant_special';
  /** `YYYY-MM-DD`, or '' when not scheduled. */
  airdate?: string;
  airtime?: string;
  /** ISO 8601 with offset, or null. */
  airstamp?: string | null;
  runtime?: number | null;
  summary?: string | null;
}

export interface FakeTvmazeChannel {
  id: number;
  name: string;
  country?: { name: string; code: string; timezone: string } | null;
}

/** A show the test seeds, in TVmaze's own field names; omitted fields get TVmaze-like defaults. */
export interface FakeTvmazeShow {
  id: number;
  name: string;
  type?: string;
  language?: string | null;
  genres?: string[];
  status?: 'Running' | 'Ended' | 'To Be Determined' | 'In Development';
  runtime?: number | null;
  averageRuntime?: number | null;
  premiered?: string | null;
  network?: FakeTvmazeChannel | null;
  webChannel?: FakeTvmazeChannel | null;
  externals?: { tvrage?: number | null; thetvdb?: number | null; imdb?: string | null };
  image?: { medium: string; original: string } | null;
  summary?: string | null;
  akas?: { name: string; country?: { name: string; code: string; timezone: string } | null }[];
  episodes?: FakeTvmazeEpisode[];
}

export type TvmazeFault = 'none' | 'rateLimit' | 'serverError' | 'hang' | 'notJson';

export interface TvmazeFaultOptions {
  /** Misbehave for this many requests, then answer normally again. Default: until changed. */
  times?: number;
  /** Retry-After seconds sent with `rateLimit`; null sends none (TVmaze often does not). Default 1. */
  retryAfterSeconds?: number | null;
}

export interface RecordedTvmazeRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Epoch ms when the request arrived. */
  at: number;
}

export interface TvmazeFakeOptions {
  shows?: FakeTvmazeShow[];
}

export interface TvmazeFake {
  /** Base URL to give the client, e.g. `http://127.0.0.1:PORT`. */
  url: string;
  addShow(show: FakeTvmazeShow): void;
  setFault(mode: TvmazeFault, options?: TvmazeFaultOptions): void;
  requests: RecordedTvmazeRequest[];
  stop(): Promise<void>;
}

const errorBody = (status: number, name: string, message = '') => ({ name, message, code: 0, status });

export async function startTvmazeFake(options: TvmazeFakeOptions = {}): Promise<TvmazeFake> {
  const shows = new Map<number, FakeTvmazeShow>();
  for (const show of options.shows ?? []) shows.set(show.id, show);
  const requests: RecordedTvmazeRequest[] = [];
  let fault: { mode: TvmazeFault; remaining: number; retryAfterSeconds: number | null } = {
    mode: 'none',
    remaining: Infinity,
    retryAfterSeconds: 1,
  };
  let baseUrl = '';

  const server = createServer((req, res) => {
    handle(req, res);
  });

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query: Record<string, string | string[]> = {};
    for (const name of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(name);
      query[name] = values.length === 1 ? (values[0] ?? '') : values;
    }
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query, at: Date.now() });

    if (fault.mode !== 'none' && fault.remaining > 0) {
      fault.remaining -= 1;
      const { mode, retryAfterSeconds } = fault;
      if (fault.remaining === 0) fault = { mode: 'none', remaining: Infinity, retryAfterSeconds: 1 };
      switch (mode) {
        case 'hang':
          return; // never answers; stop() closes the socket
        case 'rateLimit':
          if (retryAfterSeconds !== null) res.setHeader('retry-after', String(retryAfterSeconds));
          return send(res, 429, errorBody(429, 'Too Many Requests', 'Rate limit exceeded'));
        case 'serverError':
          return send(
            res,
            500,
            errorBody(500, 'Internal Server Error', 'An internal server error occurred.'),
          );
        case 'notJson':
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html><body>Bad gateway</body></html>');
          return;
      }
    }

    if (req.method !== 'GET') return send(res, 405, errorBody(405, 'Method Not Allowed'));
    const path = url.pathname.replace(/\/+$/, '');
    const params = url.searchParams;
    if (path === '/search/shows') return searchShows(res, params);
    if (path === '/lookup/shows') return lookupShow(res, params);
    if (path === '/updates/shows') return send(res, 200, updates());
    const showMatch = /^\/shows\/(\d+)(\/episodes|\/akas)?$/.exec(path);
    const show = showMatch ? shows.get(Number(showMatch[1])) : undefined;
    if (!showMatch || !show) return send(res, 404, errorBody(404, 'Not Found'));
    if (showMatch[2] === '/episodes') {
      return send(res, 200, episodesOf(show, params.get('specials') === '1'));
    }
    if (showMatch[2] === '/akas') return send(res, 200, akasOf(show));
    const embeds = [...params.getAll('embed'), ...params.getAll('embed[]')];
    const embedded: Record<string, unknown> = {};
    // The episodes embed never carries specials; only /episodes?specials=1 does.
    if (embeds.includes('episodes')) embedded.episodes = episodesOf(show, false);
    if (embeds.includes('akas')) embedded.akas = akasOf(show);
    return send(res, 200, {
      ...showRecord(show),
      ...(Object.keys(embedded).length ? { _embedded: embedded } : {}),
    });
  }

  function searchShows(res: ServerResponse, params: URLSearchParams): void {
    const q = params.get('q');
    if (q === null) return send(res, 400, errorBody(400, 'Bad Request', 'Missing required parameters: q'));
    const words = normalise(q).split(' ').filter(Boolean);
    const hits = [...shows.values()]
      .map((show) => {
        const titles = [show.name, ...(show.akas ?? []).map((aka) => aka.name)].map(normalise);
        const best = Math.max(
          ...titles.map((title) => {
            const titleWords = title.split(' ');
            const found = words.filter((word) => titleWords.includes(word)).length;
            return words.length ? found / Math.max(words.length, titleWords.length) : 0;
          }),
        );
        return { score: Math.round(best * 1000) / 1000, show: showRecord(show) };
      })
      .filter((hit) => hit.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    send(res, 200, hits);
  }

  function lookupShow(res: ServerResponse, params: URLSearchParams): void {
    const tvdb = params.get('thetvdb');
    const imdb = params.get('imdb');
    const tvrage = params.get('tvrage');
    const found = [...shows.values()].find((show) => {
      if (tvdb !== null) return show.externals?.thetvdb === Number(tvdb);
      if (imdb !== null) return show.externals?.imdb === imdb;
      if (tvrage !== null) return show.externals?.tvrage === Number(tvrage);
      return false;
    });
    if (!found) return send(res, 404, errorBody(404, 'Not Found'));
    res.writeHead(301, { location: `${baseUrl}/shows/${found.id}`, 'content-type': 'text/html' });
    res.end();
  }

  function updates(): Record<string, number> {
    const now = Math.floor(Date.now() / 1000);
    return Object.fromEntries([...shows.keys()].map((id) => [String(id), now]));
  }

  function showRecord(show: FakeTvmazeShow) {
    return {
      id: show.id,
      url: `https://www.tvmaze.com/shows/${show.id}/${slug(show.name)}`,
      name: show.name,
      type: show.type ?? 'Scripted',
      language: show.language === undefined ? 'English' : show.language,
      genres: show.genres ?? [],
      status: show.status ?? 'Running',
      runtime: show.runtime === undefined ? 60 : show.runtime,
      averageRuntime: show.averageRuntime === undefined ? (show.runtime ?? 60) : show.averageRuntime,
      premiered: show.premiered === undefined ? null : show.premiered,
      ended: show.status === 'Ended' ? (show.episodes?.at(-1)?.airdate ?? null) : null,
      officialSite: null,
      schedule: { time: '21:00', days: ['Sunday'] },
      rating: { average: null },
      weight: 90,
      network: show.network === undefined ? null : show.network,
      webChannel: show.webChannel === undefined ? null : show.webChannel,
      dvdCountry: null,
      externals: {
        tvrage: show.externals?.tvrage ?? null,
        thetvdb: show.externals?.thetvdb ?? null,
        imdb: show.externals?.imdb ?? null,
      },
      image: show.image === undefined ? null : show.image,
      summary: show.summary === undefined ? null : show.summary,
      updated: 1_700_000_000,
      _links: { self: { href: `${baseUrl}/shows/${show.id}` } },
    };
  }

  function episodesOf(show: FakeTvmazeShow, specials: boolean) {
    return (show.episodes ?? [])
      .map((episode, index) => ({ episode, index }))
      .filter(({ episode }) => specials || (episode.type ?? 'regular') === 'regular')
      .map(({ episode, index }) => ({
        id: show.id * 10_000 + index + 1,
        url: `https://www.tvmaze.com/episodes/${show.id * 10_000 + index + 1}/${slug(episode.name)}`,
        name: episode.name,
        season: episode.season,
        number: episode.number,
        type: episode.type ?? 'regular',
        airdate: episode.airdate ?? '',
        airtime: episode.airtime ?? '',
        airstamp: episode.airstamp === undefined ? null : episode.airstamp,
        runtime: episode.runtime === undefined ? (show.runtime ?? null) : episode.runtime,
        rating: { average: null },
        image: null,
        summary: episode.summary === undefined ? null : episode.summary,
        _links: { self: { href: `${baseUrl}/episodes/${show.id * 10_000 + index + 1}` } },
      }));
  }

  function akasOf(show: FakeTvmazeShow) {
    return (show.akas ?? []).map((aka) => ({ name: aka.name, country: aka.country ?? null }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    addShow(show) {
      shows.set(show.id, show);
    },
    setFault(mode, faultOptions = {}) {
      fault = {
        mode,
        remaining: faultOptions.times ?? Infinity,
        retryAfterSeconds: faultOptions.retryAfterSeconds === undefined ? 1 : faultOptions.retryAfterSeconds,
      };
    },
    requests,
    stop() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function slug(text: string): string {
  return normalise(text).replace(/ /g, '-');
}

// ---- builders -------------------------------------------------------------------------------------

function addDays(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/** TVmaze's airstamp form: UTC with a `+00:00` offset. */
function airstampOf(date: string, time: string, utcOffset: string): string {
  return new Date(`${date}T${time}:00${utcOffset}`).toISOString().replace('.000Z', '+00:00');
}

export interface ShowBuilderOptions {
  /** Episodes per season, e.g. [10, 8]. */
  seasons?: number[];
  premiered?: string;
  tvdbId?: number | null;
  imdbId?: string | null;
  /** Specials, aired a day after the last episode of season 1 (and then each following week). */
  specials?: number;
  /** Episodes of the last season still to be scheduled (no airdate). */
  unscheduled?: number;
  akas?: string[];
  overrides?: Partial<FakeTvmazeShow>;
}

/** A weekly scripted show on a US network, 21:00 Eastern (02:00 UTC next day, in winter). */
export function standardShow(id: number, name: string, options: ShowBuilderOptions = {}): FakeTvmazeShow {
  const seasons = options.seasons ?? [10];
  const premiered = options.premiered ?? '2020-01-05';
  const episodes: FakeTvmazeEpisode[] = [];
  let date = premiered;
  seasons.forEach((count, seasonIndex) => {
    const last = seasonIndex === seasons.length - 1;
    for (let number = 1; number <= count; number += 1) {
      const scheduled = !(last && number > count - (options.unscheduled ?? 0));
      episodes.push({
        season: seasonIndex + 1,
        number,
        name: `${name} ${seasonIndex + 1}x${number}`,
        airdate: scheduled ? date : '',
        airtime: scheduled ? '21:00' : '',
        airstamp: scheduled ? airstampOf(date, '21:00', '-05:00') : null,
        runtime: 60,
        summary: `<p>Episode ${number} of season ${seasonIndex + 1}.</p>`,
      });
      date = addDays(date, 7);
      if (seasonIndex === 0 && number === count) {
        for (let special = 1; special <= (options.specials ?? 0); special += 1) {
          const specialDate = addDays(date, special * 7 - 6);
          episodes.push({
            season: 1,
            number: null,
            type: 'significant_special',
            name: `${name} Special ${special}`,
            airdate: specialDate,
            airtime: '20:00',
            airstamp: airstampOf(specialDate, '20:00', '-05:00'),
            runtime: 45,
          });
        }
      }
    }
    date = addDays(date, 180);
  });
  return {
    id,
    name,
    type: 'Scripted',
    language: 'English',
    genres: ['Drama'],
    status: 'Running',
    runtime: 60,
    premiered,
    network: {
      id: 8,
      name: 'HBO',
      country: { name: 'United States', code: 'US', timezone: 'America/New_York' },
    },
    externals: { tvrage: null, thetvdb: options.tvdbId ?? null, imdb: options.imdbId ?? null },
    image: {
      medium: `https://static.tvmaze.com/uploads/images/medium_portrait/1/${id}.jpg`,
      original: `https://static.tvmaze.com/uploads/images/original_untouched/1/${id}.jpg`,
    },
    summary: `<p><b>${name}</b> is a drama.</p>`,
    akas: (options.akas ?? []).map((aka) => ({ name: aka })),
    episodes,
    ...options.overrides,
  };
}

/** A weeknight talk show: seasons are years, one episode per weekday from `premiered`. */
export function dailyShow(
  id: number,
  name: string,
  options: {
    premiered?: string;
    episodes?: number;
    tvdbId?: number | null;
    overrides?: Partial<FakeTvmazeShow>;
  } = {},
): FakeTvmazeShow {
  const premiered = options.premiered ?? '2024-03-04';
  const episodes: FakeTvmazeEpisode[] = [];
  const perYear = new Map<number, number>();
  let date = premiered;
  while (episodes.length < (options.episodes ?? 5)) {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) {
      const year = Number(date.slice(0, 4));
      const number = (perYear.get(year) ?? 0) + 1;
      perYear.set(year, number);
      episodes.push({
        season: year,
        number,
        name: `Guest ${episodes.length + 1}`,
        airdate: date,
        airtime: '23:35',
        airstamp: airstampOf(date, '23:35', '-05:00'),
        runtime: 60,
      });
    }
    date = addDays(date, 1);
  }
  return {
    id,
    name,
    type: 'Talk Show',
    language: 'English',
    genres: ['Comedy'],
    status: 'Running',
    runtime: 60,
    premiered,
    network: {
      id: 2,
      name: 'CBS',
      country: { name: 'United States', code: 'US', timezone: 'America/New_York' },
    },
    externals: { tvrage: null, thetvdb: options.tvdbId ?? null, imdb: null },
    episodes,
    ...options.overrides,
  };
}

/** A Japanese animated series airing weekly at 23:00 JST, with a romanised aka. */
export function animeShow(id: number, name: string, options: ShowBuilderOptions = {}): FakeTvmazeShow {
  const show = standardShow(id, name, { seasons: [12, 12], premiered: '2023-09-29', ...options });
  const episodes = (show.episodes ?? []).map((episode) =>
    episode.airdate
      ? {
          ...episode,
          runtime: 24,
          airtime: '23:00',
          airstamp: airstampOf(episode.airdate, '23:00', '+09:00'),
        }
      : { ...episode, runtime: 24 },
  );
  return {
    ...show,
    type: 'Animation',
    language: 'Japanese',
    genres: ['Anime', 'Fantasy'],
    runtime: 24,
    network: { id: 130, name: 'Nippon TV', country: { name: 'Japan', code: 'JP', timezone: 'Asia/Tokyo' } },
    episodes,
    ...options.overrides,
  };
}
