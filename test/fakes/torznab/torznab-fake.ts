// A contract fake of a Torznab (torrent) or Newznab (usenet) indexer, written to the Newznab API
// documentation (functions caps/search/tvsearch/movie, parameters, `newznab:response`, error codes)
// and the Torznab 1.0–1.3 revisions (enclosures, `torznab:attr` seeders/peers/infohash/magneturl,
// volume factors, minimum ratio/seed time, tags). Loopback only. It serves the releases a test gives
// it, filters them like an indexer would (q words, ids, season/episode, categories with their parent,
// offset/limit capped by caps), serves the .torrent/.nzb files itself (or redirects to a magnet, as
// Jackett and Prowlarr do), and can be told to misbehave: garbage, an HTML page, HTTP 500, a body cut
// short, a hang, a 429 with Retry-After, or any Newznab error code.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeProtocol = 'torrent' | 'usenet';

export interface FakeRelease {
  title: string;
  /** Content size in bytes. */
  size: number;
  /** Newznab category ids, e.g. [2000, 2040]. */
  categories: number[];
  pubDate: Date;
  /** Bytes the fake serves from its download link (.torrent or .nzb), or a magnet link. */
  download: Buffer | string;
  /** A magnet is listed in the feed (default), or reached through a redirect from the download link. */
  magnetDelivery?: 'feed' | 'redirect';
  guid?: string;
  seeders?: number;
  leechers?: number;
  /** Defaults to the hash of the .torrent's info dictionary, or the magnet's btih. */
  infoHash?: string;
  /** `tt0133093` */
  imdbId?: string;
  tmdbId?: number;
  tvdbId?: number;
  tvmazeId?: number;
  season?: number;
  /** A number, or a daily show's `MM/DD` (Newznab's `ep` for dated episodes, with `season` the year). */
  episode?: number | string;
  grabs?: number;
  files?: number;
  downloadVolumeFactor?: number;
  uploadVolumeFactor?: number;
  minimumRatio?: number;
  /** Seconds. */
  minimumSeedTime?: number;
  tags?: string[];
  usenetDate?: Date;
  poster?: string;
  group?: string;
}

export type TorznabFaultKind = 'none' | 'garbage' | 'html' | 'http-500' | 'hang' | 'truncated' | 'rate-limit';

export type TorznabFault =
  | TorznabFaultKind
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  /** Any HTTP status with a plain-text body (502/503 from a reverse proxy, 404, …). */
  | { kind: 'http-status'; status: number }
  | { kind: 'error'; code: number; description: string };

export interface TorznabFaultOptions {
  /** Misbehave for this many requests, then answer normally again. Default: until changed. */
  times?: number;
}

export interface TorznabCapsOptions {
  title?: string;
  limits?: { default: number; max: number };
  retentionDays?: number;
  searchParams?: string[];
  /** `null` makes tv-search unavailable. */
  tvSearchParams?: string[] | null;
  /** `null` makes movie-search unavailable. */
  movieSearchParams?: string[] | null;
  categories?: { id: number; name: string; subcategories?: { id: number; name: string }[] }[];
  tags?: { name: string; description: string }[];
}

export interface TorznabFakeOptions {
  protocol?: FakeProtocol;
  apiKey?: string;
  releases?: FakeRelease[];
  caps?: TorznabCapsOptions;
  /** Put `apikey=` in download links, as Prowlarr does (default), or leave the client to add it. */
  apiKeyInLinks?: boolean;
  /** HTTP status of Newznab error documents: 200 per the Newznab docs; Jackett sends 4xx. */
  errorHttpStatus?: number;
  /**
   * Text search matches a release when ANY query word is in its title (many trackers search loosely),
   * instead of all words. Gives a search results that are not the movie asked for.
   */
  looseTextSearch?: boolean;
}

export interface RecordedTorznabRequest {
  method: string;
  path: string;
  /** Query parameters, without `apikey`. */
  params: Record<string, string>;
  /** The `apikey` parameter as sent, or null. */
  apiKey: string | null;
}

export interface TorznabFake {
  /** Base URL; the API is at `${url}/api`. */
  url: string;
  apiUrl: string;
  apiKey: string;
  protocol: FakeProtocol;
  setReleases(releases: FakeRelease[]): void;
  setFault(fault: TorznabFault, options?: TorznabFaultOptions): void;
  requests: RecordedTorznabRequest[];
  stop(): Promise<void>;
}

const defaultMovieCategories = [
  {
    id: 2000,
    name: 'Movies',
    subcategories: [
      { id: 2030, name: 'Movies/SD' },
      { id: 2040, name: 'Movies/HD' },
      { id: 2045, name: 'Movies/UHD' },
    ],
  },
  {
    id: 5000,
    name: 'TV',
    subcategories: [
      { id: 5030, name: 'TV/SD' },
      { id: 5040, name: 'TV/HD' },
    ],
  },
];

class NewznabError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
  }
}

export async function startTorznabFake(options: TorznabFakeOptions = {}): Promise<TorznabFake> {
  const protocol = options.protocol ?? 'torrent';
  const apiKey = options.apiKey ?? randomBytes(16).toString('hex');
  const caps = {
    title: options.caps?.title ?? (protocol === 'torrent' ? 'Fake Torznab' : 'Fake Newznab'),
    limits: options.caps?.limits ?? { default: 100, max: 100 },
    retentionDays: options.caps?.retentionDays ?? (protocol === 'usenet' ? 5000 : undefined),
    searchParams: options.caps?.searchParams ?? ['q'],
    tvSearchParams:
      options.caps?.tvSearchParams === undefined
        ? ['q', 'season', 'ep', 'tvdbid', 'imdbid']
        : options.caps.tvSearchParams,
    movieSearchParams:
      options.caps?.movieSearchParams === undefined
        ? ['q', 'imdbid', 'tmdbid']
        : options.caps.movieSearchParams,
    categories: options.caps?.categories ?? defaultMovieCategories,
    tags: options.caps?.tags ?? [],
  };
  const apiKeyInLinks = options.apiKeyInLinks ?? true;
  const errorHttpStatus = options.errorHttpStatus ?? 200;

  let releases = options.releases ?? [];
  let fault: TorznabFault = 'none';
  let faultRemaining = Infinity;
  const requests: RecordedTorznabRequest[] = [];
  const sockets = new Set<Socket>();
  let baseUrl = '';

  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', baseUrl);
    const params: Record<string, string> = {};
    for (const [key, value] of url.searchParams) if (key !== 'apikey') params[key] = value;
    const sentKey = url.searchParams.get('apikey');
    requests.push({ method: request.method ?? 'GET', path: url.pathname, params, apiKey: sentKey });

    if (faultRemaining > 0 && fault !== 'none') {
      faultRemaining--;
      if (misbehave(url, response)) return;
    }

    try {
      if (url.pathname === '/api') return api(url, sentKey, response);
      const download = /^\/download\/([^/]+)$/.exec(url.pathname);
      if (download?.[1] !== undefined)
        return serveDownload(decodeURIComponent(download[1]), sentKey, response);
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    } catch (error) {
      if (!(error instanceof NewznabError)) throw error;
      sendXml(response, errorDocument(error.code, error.description), errorHttpStatus);
    }
  }

  /** Answers the request the faulty way; false when the fault leaves it to the normal path. */
  function misbehave(url: URL, response: ServerResponse): boolean {
    const kind = typeof fault === 'string' ? fault : fault.kind;
    switch (kind) {
      case 'none':
        return false;
      case 'garbage':
        response
          .writeHead(200, { 'content-type': 'application/xml' })
          .end('\u0000\u0001 not xml at all {{{ ]]>');
        return true;
      case 'html':
        response
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(
            '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>',
          );
        return true;
      case 'http-500':
        response.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
        return true;
      case 'hang':
        // Headers never come; the socket stays open until the client gives up or the fake stops.
        return true;
      case 'truncated': {
        const full =
          url.pathname === '/api' && url.searchParams.get('t') === 'caps'
            ? capsDocument()
            : feedDocument(releases, url);
        response
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(full.slice(0, Math.floor(full.length / 2)));
        return true;
      }
      case 'rate-limit': {
        const retryAfter =
          typeof fault === 'object' && fault.kind === 'rate-limit' ? fault.retryAfterSeconds : 60;
        response
          .writeHead(429, { 'content-type': 'application/xml', 'retry-after': String(retryAfter) })
          .end(errorDocument(500, 'Request limit reached'));
        return true;
      }
      case 'http-status': {
        if (typeof fault !== 'object' || fault.kind !== 'http-status') return false;
        response.writeHead(fault.status, { 'content-type': 'text/plain' }).end(`HTTP ${fault.status}`);
        return true;
      }
      case 'error': {
        if (typeof fault !== 'object' || fault.kind !== 'error') return false;
        sendXml(response, errorDocument(fault.code, fault.description), errorHttpStatus);
        return true;
      }
    }
  }

  function api(url: URL, sentKey: string | null, response: ServerResponse): void {
    const t = url.searchParams.get('t');
    if (t === null || t === '') throw new NewznabError(200, 'Missing parameter (t)');
    // Caps may be read without credentials (Newznab docs); a wrong key is still refused.
    if (t !== 'caps' || sentKey !== null) checkKey(sentKey);

    switch (t) {
      case 'caps':
        return sendXml(response, capsDocument());
      case 'search':
        return sendXml(response, feedDocument(select('search', url), url));
      case 'tvsearch':
        if (caps.tvSearchParams === null) throw new NewznabError(203, 'Function not available');
        return sendXml(response, feedDocument(select('tv', url), url));
      case 'movie':
        if (caps.movieSearchParams === null) throw new NewznabError(203, 'Function not available');
        return sendXml(response, feedDocument(select('movie', url), url));
      default:
        throw new NewznabError(202, `No such function (${t})`);
    }
  }

  function checkKey(sentKey: string | null): void {
    if (sentKey !== apiKey) throw new NewznabError(100, 'Incorrect user credentials');
  }

  /** The releases matching the query, newest first, before paging. */
  function select(mode: 'search' | 'tv' | 'movie', url: URL): FakeRelease[] {
    const supported = new Set(
      mode === 'search'
        ? caps.searchParams
        : mode === 'tv'
          ? (caps.tvSearchParams ?? [])
          : (caps.movieSearchParams ?? []),
    );
    // Like real indexers, parameters the caps do not list are ignored.
    const param = (name: string) => (supported.has(name) ? url.searchParams.get(name) : null);
    const q = param('q');
    const imdb = param('imdbid');
    const tmdb = param('tmdbid');
    const tvdb = param('tvdbid');
    const tvmaze = param('tvmazeid');
    const season = param('season');
    const episode = param('ep');
    const year = param('year');
    const categories = parseCategories(url.searchParams.get('cat'));

    return releases
      .filter((release) => {
        if (
          q &&
          !(options.looseTextSearch ? matchesAnyWord(release.title, q) : matchesWords(release.title, q))
        )
          return false;
        if (imdb && imdbNumber(release.imdbId) !== imdbNumber(imdb)) return false;
        if (tmdb && String(release.tmdbId) !== tmdb) return false;
        if (tvdb && String(release.tvdbId) !== tvdb) return false;
        if (tvmaze && String(release.tvmazeId) !== tvmaze) return false;
        if (season && String(release.season) !== season) return false;
        if (episode && String(release.episode) !== episode) return false;
        if (year && !matchesWords(release.title, year)) return false;
        if (categories && !release.categories.some((category) => categoryMatches(category, categories)))
          return false;
        return true;
      })
      .sort((a, b) => b.pubDate.getTime() - a.pubDate.getTime());
  }

  function serveDownload(id: string, sentKey: string | null, response: ServerResponse): void {
    checkKey(sentKey);
    const release = releases.find((candidate) => releaseId(candidate) === id);
    if (!release) throw new NewznabError(300, 'No such item');
    if (typeof release.download === 'string') {
      response.writeHead(302, { location: release.download }).end();
      return;
    }
    const type = protocol === 'torrent' ? 'application/x-bittorrent' : 'application/x-nzb';
    const extension = protocol === 'torrent' ? 'torrent' : 'nzb';
    response
      .writeHead(200, {
        'content-type': type,
        'content-length': String(release.download.length),
        'content-disposition': `attachment; filename="${encodeURIComponent(release.title)}.${extension}"`,
      })
      .end(release.download);
  }

  function capsDocument(): string {
    const mode = (tag: string, params: string[] | null) =>
      params === null
        ? `<${tag} available="no" supportedParams="q"/>`
        : `<${tag} available="yes" supportedParams="${escapeXml(params.join(','))}"/>`;
    const categories = caps.categories
      .map(
        (category) =>
          `<category id="${category.id}" name="${escapeXml(category.name)}">` +
          (category.subcategories ?? [])
            .map((sub) => `<subcat id="${sub.id}" name="${escapeXml(sub.name)}"/>`)
            .join('') +
          '</category>',
      )
      .join('\n    ');
    const tags =
      caps.tags.length === 0
        ? ''
        : `<tags>${caps.tags.map((tag) => `<tag name="${escapeXml(tag.name)}" description="${escapeXml(tag.description)}"/>`).join('')}</tags>`;
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<caps>',
      `  <server version="1.0" title="${escapeXml(caps.title)}"/>`,
      `  <limits max="${caps.limits.max}" default="${caps.limits.default}"/>`,
      caps.retentionDays === undefined ? '' : `  <retention days="${caps.retentionDays}"/>`,
      '  <registration available="no" open="no"/>',
      '  <searching>',
      `    ${mode('search', caps.searchParams)}`,
      `    ${mode('tv-search', caps.tvSearchParams)}`,
      `    ${mode('movie-search', caps.movieSearchParams)}`,
      '  </searching>',
      `  <categories>\n    ${categories}\n  </categories>`,
      tags ? `  ${tags}` : '',
      '</caps>',
    ]
      .filter((line) => line !== '')
      .join('\n');
  }

  function feedDocument(matching: FakeRelease[], url: URL): string {
    const limitParam = url.searchParams.get('limit');
    const offsetParam = url.searchParams.get('offset');
    if (
      (limitParam !== null && !/^\d+$/.test(limitParam)) ||
      (offsetParam !== null && !/^\d+$/.test(offsetParam))
    ) {
      throw new NewznabError(201, 'Incorrect parameter (limit/offset)');
    }
    const limit = Math.min(limitParam === null ? caps.limits.default : Number(limitParam), caps.limits.max);
    const offset = offsetParam === null ? 0 : Number(offsetParam);
    const page = matching.slice(offset, offset + limit);
    const ns = protocol === 'torrent' ? 'torznab' : 'newznab';
    const namespaces =
      protocol === 'torrent'
        ? 'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:torznab="http://torznab.com/schemas/2015/feed"'
        : 'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:newznab="http://www.newznab.com/DTD/2010/feeds/attributes/"';
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<rss version="2.0" ${namespaces}>`,
      '<channel>',
      `  <atom:link href="${escapeXml(`${baseUrl}/api`)}" rel="self" type="application/rss+xml"/>`,
      `  <title>${escapeXml(caps.title)}</title>`,
      `  <description>${escapeXml(caps.title)} feed</description>`,
      `  <link>${escapeXml(baseUrl)}/</link>`,
      `  <${ns}:response offset="${offset}" total="${matching.length}"/>`,
      ...page.map((release) => itemXml(release, ns)),
      '</channel>',
      '</rss>',
    ].join('\n');
  }

  function itemXml(release: FakeRelease, ns: string): string {
    const id = releaseId(release);
    const keyParam = apiKeyInLinks ? `?apikey=${encodeURIComponent(apiKey)}` : '';
    const served = `${baseUrl}/download/${encodeURIComponent(id)}${keyParam}`;
    const magnet = typeof release.download === 'string' ? release.download : undefined;
    const link = magnet !== undefined && release.magnetDelivery !== 'redirect' ? magnet : served;
    const enclosureType =
      protocol === 'usenet'
        ? 'application/x-nzb'
        : link === magnet
          ? 'application/x-bittorrent;x-scheme-handler/magnet'
          : 'application/x-bittorrent';
    const infoHash = release.infoHash ?? infoHashOf(release.download);
    const attrs: [string, string | number | undefined][] = [
      ...release.categories.map((category): [string, number] => ['category', category]),
      ['size', release.size],
      ['files', release.files],
      ['grabs', release.grabs],
      ['imdb', release.imdbId?.replace(/^tt/, '')],
      ['imdbid', release.imdbId],
      ['tmdbid', release.tmdbId],
      ['tvdbid', release.tvdbId],
      ['tvmazeid', release.tvmazeId],
      ['season', release.season],
      ['episode', release.episode],
    ];
    if (protocol === 'torrent') {
      const seeders = release.seeders ?? 0;
      const leechers = release.leechers ?? 0;
      attrs.push(
        ['seeders', seeders],
        ['peers', seeders + leechers],
        ['infohash', infoHash],
        ['magneturl', magnet],
        ['downloadvolumefactor', release.downloadVolumeFactor ?? 1],
        ['uploadvolumefactor', release.uploadVolumeFactor ?? 1],
        ['minimumratio', release.minimumRatio],
        ['minimumseedtime', release.minimumSeedTime],
        ...(release.tags ?? []).map((tag): [string, string] => ['tag', tag]),
      );
    } else {
      attrs.push(
        ['usenetdate', (release.usenetDate ?? release.pubDate).toUTCString()],
        ['poster', release.poster],
        ['group', release.group],
        ['guid', id],
      );
    }
    return [
      '  <item>',
      `    <title>${escapeXml(release.title)}</title>`,
      `    <guid isPermaLink="true">${escapeXml(`${baseUrl}/details/${encodeURIComponent(id)}`)}</guid>`,
      `    <link>${escapeXml(link)}</link>`,
      `    <comments>${escapeXml(`${baseUrl}/details/${encodeURIComponent(id)}`)}</comments>`,
      `    <pubDate>${release.pubDate.toUTCString()}</pubDate>`,
      `    <size>${release.size}</size>`,
      `    <description>${escapeXml(release.title)}</description>`,
      ...release.categories.map((category) => `    <category>${category}</category>`),
      `    <enclosure url="${escapeXml(link)}" length="${release.size}" type="${enclosureType}"/>`,
      ...attrs
        .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
        .map(([name, value]) => `    <${ns}:attr name="${name}" value="${escapeXml(String(value))}"/>`),
      '  </item>',
    ].join('\n');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api`,
    apiKey,
    protocol,
    setReleases(list) {
      releases = [...list];
    },
    setFault(next, faultOptions) {
      fault = next;
      faultRemaining = faultOptions?.times ?? Infinity;
    },
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function sendXml(response: ServerResponse, xml: string, status = 200): void {
  response.writeHead(status, { 'content-type': 'application/xml; charset=utf-8' }).end(xml);
}

function errorDocument(code: number, description: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<error code="${code}" description="${escapeXml(description)}"/>`;
}

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function releaseId(release: FakeRelease): string {
  return release.guid ?? createHash('sha1').update(release.title).digest('hex').slice(0, 16);
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

function matchesWords(title: string, query: string): boolean {
  const titleWords = new Set(words(title));
  return words(query).every((word) => titleWords.has(word));
}

function matchesAnyWord(title: string, query: string): boolean {
  const titleWords = new Set(words(title));
  return words(query).some((word) => titleWords.has(word));
}

function imdbNumber(value: string | undefined): number | undefined {
  const digits = /^(?:tt)?(\d+)$/i.exec(value ?? '')?.[1];
  return digits === undefined ? undefined : Number(digits);
}

function parseCategories(value: string | null): number[] | undefined {
  if (value === null || value.trim() === '') return undefined;
  const ids = value.split(',').map((id) => Number(id.trim()));
  if (ids.some((id) => !Number.isInteger(id))) throw new NewznabError(201, 'Incorrect parameter (cat)');
  return ids;
}

/** A search in a parent category (2000) also finds its subcategories (2040). */
function categoryMatches(category: number, wanted: number[]): boolean {
  return wanted.some(
    (id) => id === category || (id % 1000 === 0 && Math.floor(category / 1000) * 1000 === id),
  );
}

function infoHashOf(download: Buffer | string): string | undefined {
  if (typeof download === 'string') return /xt=urn:btih:([0-9a-f]{40})/i.exec(download)?.[1]?.toLowerCase();
  const info = bencodedInfoSlice(download);
  return info === undefined ? undefined : createHash('sha1').update(info).digest('hex');
}

/** The raw bytes of the `info` value of a .torrent (what its info-hash is the SHA-1 of). */
function bencodedInfoSlice(torrent: Buffer): Buffer | undefined {
  // Returns the index just past the value starting at `at`.
  const skip = (at: number): number => {
    const byte = torrent[at];
    if (byte === 0x69) return torrent.indexOf(0x65, at) + 1; // i…e
    if (byte === 0x6c || byte === 0x64) {
      let next = at + 1;
      while (torrent[next] !== 0x65) {
        if (next >= torrent.length) throw new Error('truncated bencode');
        next = skip(next);
      }
      return next + 1;
    }
    const colon = torrent.indexOf(0x3a, at);
    if (colon < 0) throw new Error('bad bencode');
    return colon + 1 + Number(torrent.subarray(at, colon).toString('ascii'));
  };
  try {
    if (torrent[0] !== 0x64) return undefined;
    let at = 1;
    while (at < torrent.length && torrent[at] !== 0x65) {
      const keyEnd = skip(at);
      const key = torrent.subarray(torrent.indexOf(0x3a, at) + 1, keyEnd).toString('latin1');
      const valueEnd = skip(keyEnd);
      if (key === 'info') return torrent.subarray(keyEnd, valueEnd);
      at = valueEnd;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
