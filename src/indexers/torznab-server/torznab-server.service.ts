// Owns Omniarr as a Torznab/Newznab indexer for other programs (an existing Sonarr or Radarr during a
// migration): `/torznab/{indexerId}/api` answers for one configured indexer and `/torznab/all/api`
// for every enabled torrent indexer at once, through IndexerService (so limits, back-off, statistics
// and de-duplication apply), and `/torznab/{…}/download` fetches a release through Omniarr, so the
// indexers' URLs, keys and cookies never leave it.
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from '../../logging/logger.js';
import type { Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/errors.js';
import type { IndexerCapabilities, IndexerCategory, IndexerRelease, SearchMode } from '../indexer.js';
import { IndexerError } from '../indexer-error.js';
import {
  IndexerLimitError,
  type IndexerService,
  type IndexerView,
  type SearchOutcome,
} from '../indexer.service.js';
import type { LinkKeyRepository } from './link-key.repository.js';
import { LINK_KEY_BYTES, linkOf, releaseOf, ReleaseLinkSealer } from './release-link.js';
import { NewznabRequestError, parseTorznabRequest, type TorznabRequest } from './torznab-request.js';
import { capsXml, errorXml, feedXml, NewznabErrorCode, type FeedItem } from './torznab-xml.js';

export type TorznabIndexers = Pick<
  IndexerService,
  'get' | 'list' | 'capabilities' | 'searchAll' | 'fetchRelease'
>;

export interface TorznabServerDependencies {
  indexers: TorznabIndexers;
  linkKeys: Pick<LinkKeyRepository, 'getOrCreate'>;
  clock: Clock;
  logger: Logger;
  /** How long a search across indexers may take (clients such as Sonarr give up after 100 s). */
  deadlineMs?: number;
  /** How long `/torznab/all` waits for each indexer's caps. */
  capsTimeoutMs?: number;
}

/** Where links in our answers point: the server's own URL (with its URL base) and the caller's key. */
export interface LinkContext {
  baseUrl: string;
  apiKey: string | undefined;
}

export interface TorznabAnswer {
  status: number;
  xml: string;
}

export type DownloadAnswer =
  | { kind: 'file'; contentType: string; filename: string; bytes: Buffer }
  | { kind: 'redirect'; location: string }
  | { kind: 'error'; status: number; xml: string };

type Target = { kind: 'all' } | { kind: 'indexer'; id: number };

const DEFAULT_DEADLINE_MS = 60_000;
const DEFAULT_CAPS_TIMEOUT_MS = 10_000;

/** What `/torznab/all` offers when no indexer's caps could be read. */
const standardCategories: IndexerCategory[] = [
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
      { id: 5045, name: 'TV/UHD' },
    ],
  },
];

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
  }
}

export class TorznabServer {
  private sealer: Promise<ReleaseLinkSealer> | undefined;

  constructor(private readonly deps: TorznabServerDependencies) {}

  /** Answers `GET /torznab/{target}/api?t=…`: a caps document, a feed, or a Newznab error. */
  async api(
    targetText: string,
    params: Record<string, unknown>,
    context: LinkContext,
  ): Promise<TorznabAnswer> {
    try {
      const target = parseTarget(targetText);
      const request = parseTorznabRequest(params);
      const indexer = target.kind === 'indexer' ? await this.indexer(target.id) : undefined;
      const xml =
        request.function === 'caps'
          ? await this.caps(indexer)
          : await this.search(targetText, indexer, request, context);
      return { status: 200, xml };
    } catch (error) {
      return { status: 200, xml: this.refusal(error).xml };
    }
  }

  /** Answers `GET /torznab/{target}/download?link=…`: the .torrent/.nzb, a redirect to the magnet, or an error. */
  async download(
    targetText: string,
    params: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<DownloadAnswer> {
    try {
      const target = parseTarget(targetText);
      const token = typeof params['link'] === 'string' ? params['link'] : '';
      if (token === '') throw new Refusal(400, NewznabErrorCode.missingParameter, 'Missing parameter (link)');
      const link = await this.openLink(token);
      if (target.kind === 'indexer' && target.id !== link.indexerId)
        throw new Refusal(
          400,
          NewznabErrorCode.incorrectParameter,
          'Incorrect parameter (link is for another indexer)',
        );
      const indexer = await this.indexer(link.indexerId);
      const fetched = await this.deps.indexers.fetchRelease(releaseOf(link, indexer.name), signal);
      switch (fetched.kind) {
        case 'magnet':
          return { kind: 'redirect', location: fetched.uri };
        case 'torrent':
          return {
            kind: 'file',
            contentType: 'application/x-bittorrent',
            filename: `${safeFileName(link.title)}.torrent`,
            bytes: fetched.bytes,
          };
        case 'nzb':
          return {
            kind: 'file',
            contentType: 'application/x-nzb',
            filename: `${safeFileName(link.title)}.nzb`,
            bytes: fetched.bytes,
          };
      }
    } catch (error) {
      const refusal = this.refusal(error);
      return { kind: 'error', status: refusal.status, xml: refusal.xml };
    }
  }

  private async caps(indexer: IndexerView | undefined): Promise<string> {
    if (indexer) {
      const capabilities = await this.deps.indexers.capabilities(indexer.id).catch((error: unknown) => {
        throw new Refusal(502, NewznabErrorCode.unknownError, `${indexer.name}: ${reasonOf(error)}`);
      });
      return capsXml({ title: `Omniarr: ${indexer.name}`, capabilities });
    }
    return capsXml({ title: 'Omniarr: all indexers', capabilities: await this.combinedCapabilities() });
  }

  /**
   * `/torznab/all` offers what every enabled torrent indexer understands: a parameter only some of
   * them know would be dropped for the others, turning an id search into "everything". Categories
   * are the union.
   */
  private async combinedCapabilities(): Promise<IndexerCapabilities> {
    const indexers = (await this.deps.indexers.list()).filter(
      (indexer) => indexer.enabled && indexer.protocol === 'torrent',
    );
    const timeoutMs = this.deps.capsTimeoutMs ?? DEFAULT_CAPS_TIMEOUT_MS;
    const answers = await Promise.all(
      indexers.map((indexer) =>
        withTimeout(this.deps.indexers.capabilities(indexer.id), timeoutMs).catch((error: unknown) => {
          this.deps.logger.warn(
            { indexer: indexer.name, reason: reasonOf(error) },
            'indexer caps unavailable',
          );
          return undefined;
        }),
      ),
    );
    const known = answers.filter((caps): caps is IndexerCapabilities => caps !== undefined);
    const mode = (pick: (caps: IndexerCapabilities) => SearchMode): SearchMode => {
      const modes = known.map(pick);
      if (modes.length === 0) return { available: true, supportedParams: ['q'] };
      const available = modes.every((entry) => entry.available);
      const common = modes
        .map((entry) => entry.supportedParams)
        .reduce((kept, params) => kept.filter((param) => params.includes(param)));
      return { available, supportedParams: common.length > 0 ? common : ['q'] };
    };
    const categories = new Map<number, IndexerCategory>();
    for (const category of known.flatMap((caps) => caps.categories)) {
      const existing = categories.get(category.id);
      const subcategories = new Map(
        [...(existing?.subcategories ?? []), ...category.subcategories].map((sub) => [sub.id, sub]),
      );
      categories.set(category.id, { ...category, subcategories: [...subcategories.values()] });
    }
    const limits = known.map((caps) => caps.limits);
    return {
      serverTitle: 'Omniarr',
      limits: {
        default: Math.min(100, ...limits.map((limit) => limit.default)),
        max: Math.min(100, ...limits.map((limit) => limit.max)),
      },
      retentionDays: null,
      search: { available: true, supportedParams: mode((caps) => caps.search).supportedParams },
      tvSearch: mode((caps) => caps.tvSearch),
      movieSearch: mode((caps) => caps.movieSearch),
      categories: categories.size > 0 ? [...categories.values()] : standardCategories,
      tags: [],
    };
  }

  private async search(
    targetText: string,
    indexer: IndexerView | undefined,
    request: Extract<TorznabRequest, { function: 'search' }>,
    context: LinkContext,
  ): Promise<string> {
    const outcome = await this.deps.indexers.searchAll(request.query, {
      purpose: request.rss ? 'rss' : 'search',
      deadlineMs: this.deps.deadlineMs ?? DEFAULT_DEADLINE_MS,
      ...(indexer ? { indexerIds: [indexer.id] } : {}),
    });
    if (indexer) refuseUnanswered(indexer, outcome);

    const protocol = indexer?.protocol ?? 'torrent';
    const ids = new Map((await this.deps.indexers.list()).map((entry) => [entry.name, entry.id]));
    const sealer = await this.linkSealer();
    const base = `${context.baseUrl}/torznab/${encodeURIComponent(targetText)}`;
    const items: FeedItem[] = [];
    for (const release of outcome.releases) {
      const indexerId = ids.get(release.indexer);
      if (indexerId === undefined || release.protocol !== protocol) continue;
      const download = new URL(`${base}/download`);
      download.searchParams.set('link', sealer.seal(linkOf(release, indexerId)));
      download.searchParams.set('file', release.title);
      if (context.apiKey) download.searchParams.set('apikey', context.apiKey);
      items.push({
        release,
        link: download.href,
        guid: guidOf(release, indexerId),
        comments: safeUrl(release.infoUrl, release),
      });
    }
    items.sort((a, b) => (b.release.publishDate?.getTime() ?? 0) - (a.release.publishDate?.getTime() ?? 0));
    return feedXml(
      {
        title: indexer ? `Omniarr: ${indexer.name}` : 'Omniarr: all indexers',
        selfUrl: `${base}/api`,
        protocol,
        offset: request.query.offset ?? 0,
      },
      items,
    );
  }

  private async indexer(id: number): Promise<IndexerView> {
    const indexer = await this.deps.indexers.get(id).catch((error: unknown) => {
      if (error instanceof NotFoundError)
        throw new Refusal(404, NewznabErrorCode.incorrectParameter, `Incorrect parameter (no indexer ${id})`);
      throw error;
    });
    if (!indexer.enabled)
      throw new Refusal(
        403,
        NewznabErrorCode.apiDisabled,
        `API disabled (indexer ${indexer.name} is disabled)`,
      );
    return indexer;
  }

  private async openLink(token: string) {
    try {
      return (await this.linkSealer()).open(token);
    } catch {
      throw new Refusal(400, NewznabErrorCode.incorrectParameter, 'Incorrect parameter (link)');
    }
  }

  private linkSealer(): Promise<ReleaseLinkSealer> {
    this.sealer ??= this.deps.linkKeys
      .getOrCreate(randomBytes(LINK_KEY_BYTES).toString('base64'), this.deps.clock.now())
      .then((key) => new ReleaseLinkSealer(Buffer.from(key, 'base64')));
    // A failed read (database briefly away) is retried by the next request.
    this.sealer.catch(() => (this.sealer = undefined));
    return this.sealer;
  }

  /** Turns what went wrong into the Newznab error a client understands; unexpected errors go up. */
  private refusal(error: unknown): { status: number; xml: string } {
    if (error instanceof Refusal)
      return { status: error.status, xml: errorXml(error.code, error.description) };
    if (error instanceof NewznabRequestError)
      return { status: 400, xml: errorXml(error.code, error.description) };
    if (error instanceof IndexerLimitError)
      return {
        status: 429,
        xml: errorXml(
          error.kind === 'grab'
            ? NewznabErrorCode.downloadLimitReached
            : NewznabErrorCode.requestLimitReached,
          error.message,
        ),
      };
    if (error instanceof NotFoundError)
      return { status: 404, xml: errorXml(NewznabErrorCode.noSuchItem, 'No such item') };
    if (error instanceof IndexerError)
      return {
        status: 502,
        xml: errorXml(NewznabErrorCode.unknownError, `${error.service}: ${error.reason}`),
      };
    throw error;
  }
}

function parseTarget(value: string): Target {
  if (value.toLowerCase() === 'all') return { kind: 'all' };
  if (/^\d{1,9}$/.test(value) && Number(value) > 0) return { kind: 'indexer', id: Number(value) };
  throw new Refusal(
    404,
    NewznabErrorCode.incorrectParameter,
    'Incorrect parameter (indexer must be an id or "all")',
  );
}

/** One indexer that did not answer: say why, the way Newznab clients back off for. */
function refuseUnanswered(indexer: IndexerView, outcome: SearchOutcome): void {
  if (outcome.answered.length > 0) return;
  const skipped = outcome.skipped[0];
  if (skipped?.kind === 'query_limit')
    throw new Refusal(
      429,
      NewznabErrorCode.requestLimitReached,
      `Request limit reached: ${indexer.name}: ${skipped.reason}`,
    );
  if (skipped)
    throw new Refusal(
      503,
      NewznabErrorCode.unknownError,
      `${indexer.name} is disabled until ${new Date(skipped.until).toISOString()} after failures: ${skipped.reason}`,
    );
  const failure = outcome.failures[0];
  if (failure) {
    const code =
      failure.kind === 'rate_limited' ? NewznabErrorCode.requestLimitReached : NewznabErrorCode.unknownError;
    throw new Refusal(502, code, `${indexer.name}: ${failure.reason}`);
  }
}

/** Query parameters that carry a credential in indexer URLs (API keys, passkeys, RSS keys). */
const CREDENTIAL_PARAM = /[?&;](?:api_?key|passkey|torrent_pass|authkey|auth|rsskey|token|secret|key|pass)=/i;

/** The indexer's guid when it is safe to repeat; otherwise a stable digest of it. */
function guidOf(release: IndexerRelease, indexerId: number): string {
  if (release.guid !== release.downloadUrl && !CREDENTIAL_PARAM.test(release.guid)) return release.guid;
  return `omniarr-${indexerId}-${createHash('sha256').update(release.guid).digest('hex').slice(0, 32)}`;
}

function safeUrl(url: string | null, release: IndexerRelease): string | null {
  if (url === null || url === release.downloadUrl || CREDENTIAL_PARAM.test(url)) return null;
  return url;
}

function safeFileName(title: string): string {
  // Characters no file system takes, and control characters.
  const cleaned = [...title]
    .map((char) => (char.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(char) ? ' ' : char))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned === '' ? 'release' : cleaned.slice(0, 200);
}

function reasonOf(error: unknown): string {
  if (error instanceof IndexerError) return error.reason;
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
