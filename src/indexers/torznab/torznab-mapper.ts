// Owns turning a Torznab/Newznab answer (bytes) into our types: it recognises what came back (an RSS
// feed, a caps document, a Newznab `<error>`, or something that is not what we asked for: HTML,
// garbage, truncated XML) and maps feeds and caps into IndexerRelease / IndexerCapabilities. Pure:
// no I/O, so every real-world feed shape is a table-driven test.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type {
  IndexerCapabilities,
  IndexerCategory,
  IndexerProtocol,
  IndexerRelease,
  SearchMode,
} from '../indexer.js';
import { IndexerError, kindOfNewznabCode } from '../indexer-error.js';
import {
  rawAttrSchema,
  rawCapsSchema,
  rawErrorSchema,
  rawFeedSchema,
  rawItemSchema,
  repeatedElementPaths,
  type RawCaps,
  type RawEnclosure,
  type RawItem,
  type RawSearchMode,
} from './torznab-api.js';

export type TorznabDocument =
  { kind: 'feed'; root: unknown } | { kind: 'caps'; root: unknown } | { kind: 'error'; error: IndexerError };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Keep every value a string: guids and ids with leading zeros (IMDb `0133093`) must survive.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: false,
  isArray: (_name, jPath) => typeof jPath === 'string' && repeatedElementPaths.has(jPath),
});

/** Recognises a Torznab/Newznab answer, or throws an IndexerError saying what came back instead. */
export function readTorznabDocument(body: string, indexer: string): TorznabDocument {
  const invalid = (message: string) => new IndexerError(indexer, message, { kind: 'invalid_response' });
  const xml = body.replace(/^\uFEFF/, '').trim();

  if (xml === '') throw invalid('answered with an empty body instead of XML');
  if (looksLikeHtml(xml)) {
    throw invalid(
      'answered with an HTML page instead of XML (a login page, an error page or a Cloudflare challenge?)',
    );
  }
  if (!xml.startsWith('<')) throw invalid('answered with something that is not XML');
  // A feed never needs a DTD; refusing them rules out entity-expansion tricks.
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) throw invalid('answered with XML that declares a document type');

  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    throw invalid(`answered with malformed or truncated XML (line ${validation.err.line})`);
  }

  const parsed: unknown = parser.parse(xml);
  const rootName = rootElementName(parsed);
  if (rootName === 'rss') return { kind: 'feed', root: parsed };
  if (rootName === 'caps') return { kind: 'caps', root: parsed };
  if (rootName === 'error') return { kind: 'error', error: errorFromDocument(parsed, indexer) };
  throw invalid(`answered with an XML document <${rootName ?? '?'}> instead of a Torznab/Newznab response`);
}

function looksLikeHtml(xml: string): boolean {
  const head = xml
    .replace(/^<\?xml[^>]*>\s*/, '')
    .slice(0, 512)
    .toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || /^<(head|body)[\s>]/.test(head);
}

function rootElementName(parsed: unknown): string | undefined {
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  return Object.keys(parsed).find(
    (key) => !key.startsWith('?') && !key.startsWith('@_') && !key.startsWith('#'),
  );
}

function errorFromDocument(parsed: unknown, indexer: string): IndexerError {
  const result = rawErrorSchema.safeParse(parsed);
  const code = result.success ? toInteger(result.data.error['@_code']) : null;
  const description = result.success ? result.data.error['@_description']?.trim() : undefined;
  const message =
    code === null
      ? `error: ${description || 'no description'}`
      : `error ${code}: ${description || 'no description'}`;
  return new IndexerError(indexer, message, {
    kind: code === null ? 'api_error' : kindOfNewznabCode(code),
    ...(code === null ? {} : { apiCode: code }),
  });
}

// ---------------------------------------------------------------------------------------------
// caps

const DEFAULT_LIMIT = 100;

/** What a client may assume when caps omit a mode (the Newznab originals). */
const defaultSupportedParams = {
  search: ['q'],
  tvSearch: ['q', 'rid', 'season', 'ep'],
  movieSearch: ['q'],
} as const;

/** Capabilities assumed for an indexer whose caps function is not implemented (Newznab 202/203). */
export const fallbackCapabilities: IndexerCapabilities = {
  serverTitle: null,
  limits: { default: DEFAULT_LIMIT, max: DEFAULT_LIMIT },
  retentionDays: null,
  search: { available: true, supportedParams: defaultSupportedParams.search },
  tvSearch: { available: false, supportedParams: defaultSupportedParams.tvSearch },
  movieSearch: { available: false, supportedParams: defaultSupportedParams.movieSearch },
  categories: [],
  tags: [],
};

export function mapCapabilities(root: unknown, indexer: string): IndexerCapabilities {
  const result = rawCapsSchema.safeParse(root);
  if (!result.success) {
    throw new IndexerError(indexer, `answered with caps we cannot read (${describeIssue(result.error)})`, {
      kind: 'invalid_response',
    });
  }
  const caps: RawCaps['caps'] = result.data.caps;

  const max = positiveInteger(caps.limits?.['@_max']) ?? DEFAULT_LIMIT;
  const defaultLimit = Math.min(
    positiveInteger(caps.limits?.['@_default']) ?? Math.min(DEFAULT_LIMIT, max),
    max,
  );
  const searching = caps.searching;

  return {
    serverTitle: caps.server?.['@_title']?.trim() || null,
    limits: { default: defaultLimit, max },
    retentionDays: positiveInteger(caps.retention?.['@_days']),
    // Search is mandatory in Newznab: even caps that do not list it can be searched with `q`.
    search: searchMode(searching?.search, defaultSupportedParams.search, true),
    tvSearch: searchMode(searching?.['tv-search'], defaultSupportedParams.tvSearch, false),
    movieSearch: searchMode(searching?.['movie-search'], defaultSupportedParams.movieSearch, false),
    categories: (caps.categories?.category ?? []).flatMap((category): IndexerCategory[] => {
      const id = toInteger(category['@_id']);
      if (id === null) return [];
      return [
        {
          id,
          name: category['@_name']?.trim() ?? String(id),
          subcategories: (category.subcat ?? []).flatMap((sub) => {
            const subId = toInteger(sub['@_id']);
            return subId === null ? [] : [{ id: subId, name: sub['@_name']?.trim() ?? String(subId) }];
          }),
        },
      ];
    }),
    tags: (caps.tags?.tag ?? []).map((tag) => ({
      name: tag['@_name'].trim().toLowerCase(),
      description: tag['@_description']?.trim() ?? '',
    })),
  };
}

function searchMode(
  raw: RawSearchMode | undefined,
  defaults: readonly string[],
  availableByDefault: boolean,
): SearchMode {
  if (raw === undefined) return { available: availableByDefault, supportedParams: defaults };
  const available =
    raw['@_available'] === undefined ? availableByDefault : raw['@_available'].trim().toLowerCase() === 'yes';
  const listed = raw['@_supportedParams'];
  const supportedParams =
    listed === undefined
      ? defaults
      : listed
          .split(',')
          .map((param) => param.trim().toLowerCase())
          .filter((param) => param !== '');
  return { available, supportedParams };
}

// ---------------------------------------------------------------------------------------------
// feed

export interface FeedContext {
  indexer: string;
  protocol: IndexerProtocol;
  /** Relative links in the feed are resolved against this (the API URL). */
  baseUrl: string;
}

export interface MappedFeed {
  releases: IndexerRelease[];
  /** Items we could not use, with why, so the caller can log them: one bad item never sinks a feed. */
  skipped: { title: string | null; reason: string }[];
  /** From `<newznab:response offset total>`, when present. */
  total: number | null;
}

export function mapFeed(root: unknown, context: FeedContext): MappedFeed {
  const result = rawFeedSchema.safeParse(root);
  if (!result.success) {
    throw new IndexerError(
      context.indexer,
      `answered with an RSS document we cannot read (${describeIssue(result.error)})`,
      {
        kind: 'invalid_response',
      },
    );
  }
  const channel = result.data.rss.channel;
  const releases: IndexerRelease[] = [];
  const skipped: MappedFeed['skipped'] = [];

  for (const entry of channel.item ?? []) {
    const item = rawItemSchema.safeParse(entry);
    if (!item.success) {
      skipped.push({ title: null, reason: `unreadable item (${describeIssue(item.error)})` });
      continue;
    }
    const mapped = mapItem(item.data, context);
    if (typeof mapped === 'string') skipped.push({ title: item.data.title?.trim() || null, reason: mapped });
    else releases.push(mapped);
  }

  const response = channel.response;
  const total = response && typeof response['@_total'] === 'string' ? toInteger(response['@_total']) : null;
  return { releases, skipped, total };
}

/** Maps one item, or returns why it cannot be used. */
function mapItem(item: RawItem, context: FeedContext): IndexerRelease | string {
  const title = item.title?.replace(/\s+/g, ' ').trim() ?? '';
  if (title === '') return 'no title';

  const attributes = readAttributes(item.attr ?? []);
  const attr = (name: string) => attributes[name]?.[0];

  const enclosure = preferredEnclosure(item.enclosure ?? [], context.protocol);
  const link = absoluteUrl(item.link, context.baseUrl);
  const downloadUrl = absoluteUrl(enclosure?.['@_url'], context.baseUrl) ?? link;
  const magnetUrl =
    [
      attr('magneturl'),
      ...(item.enclosure ?? []).map((candidate) => candidate['@_url']),
      item.link,
      downloadUrl,
    ].find(isMagnet) ?? null;
  if (downloadUrl === null && magnetUrl === null) return 'no download link';

  const infoHash =
    normaliseInfoHash(attr('infohash')) ?? (magnetUrl === null ? null : infoHashOfMagnet(magnetUrl));

  const seeders = nonNegativeInteger(attr('seeders'));
  const leechersAttr = nonNegativeInteger(attr('leechers'));
  const peersAttr = nonNegativeInteger(attr('peers'));
  const leechers =
    leechersAttr ?? (peersAttr !== null && seeders !== null ? Math.max(peersAttr - seeders, 0) : null);
  const peers = peersAttr ?? (seeders !== null && leechers !== null ? seeders + leechers : null);

  const downloadVolumeFactor = volumeFactor(attr('downloadvolumefactor'));
  const uploadVolumeFactor = volumeFactor(attr('uploadvolumefactor'));

  const enclosureLength = nonNegativeInteger(enclosure?.['@_length']);
  const guid = item.guid?.trim() || attr('guid') || downloadUrl || magnetUrl || infoHash || title;

  return {
    guid,
    title,
    indexer: context.indexer,
    protocol: context.protocol,
    downloadUrl,
    magnetUrl,
    infoHash,
    infoUrl: infoUrlOf(item, downloadUrl, context.baseUrl),
    size:
      nonNegativeInteger(attr('size')) ??
      nonNegativeInteger(item.size) ??
      (enclosureLength !== null && enclosureLength > 0 ? enclosureLength : null),
    publishDate: parseDate(item.pubDate) ?? parseDate(attr('publishdate')) ?? parseDate(attr('usenetdate')),
    seeders,
    leechers,
    peers,
    grabs: nonNegativeInteger(attr('grabs')) ?? nonNegativeInteger(item.grabs),
    files: nonNegativeInteger(attr('files')) ?? nonNegativeInteger(item.files),
    downloadVolumeFactor,
    uploadVolumeFactor,
    minimumRatio: boundedDecimal(attr('minimumratio')),
    minimumSeedTimeSeconds: nonNegativeInteger(attr('minimumseedtime')),
    imdbId: normaliseImdbId(attr('imdbid')) ?? normaliseImdbId(attr('imdb')),
    tmdbId: positiveInteger(attr('tmdbid')) ?? positiveInteger(attr('tmdb')),
    tvdbId: positiveInteger(attr('tvdbid')) ?? positiveInteger(attr('tvdb')),
    tvmazeId: positiveInteger(attr('tvmazeid')) ?? positiveInteger(attr('tvmaze')),
    categories: categoriesOf(attributes['category'], item.category),
    indexerFlags: flagsOf(attributes['tag'] ?? [], downloadVolumeFactor, uploadVolumeFactor),
    usenetDate: parseDate(attr('usenetdate')),
    attributes,
  };
}

function readAttributes(entries: readonly unknown[]): Record<string, string[]> {
  const attributes: Record<string, string[]> = {};
  for (const entry of entries) {
    const parsed = rawAttrSchema.safeParse(entry);
    if (!parsed.success) continue;
    const name = parsed.data['@_name'].trim().toLowerCase();
    const value = parsed.data['@_value']?.trim();
    if (name === '' || value === undefined) continue;
    (attributes[name] ??= []).push(value);
  }
  return attributes;
}

/** Torznab allows several enclosures; take the file for our protocol over a magnet, a magnet over nothing. */
function preferredEnclosure(
  enclosures: readonly RawEnclosure[],
  protocol: IndexerProtocol,
): RawEnclosure | undefined {
  const usable = enclosures.filter((enclosure) => (enclosure['@_url']?.trim() ?? '') !== '');
  const wanted = protocol === 'torrent' ? /bittorrent/i : /nzb/i;
  return (
    usable.find((enclosure) => wanted.test(enclosure['@_type'] ?? '') && !isMagnet(enclosure['@_url'])) ??
    usable.find((enclosure) => !isMagnet(enclosure['@_url'])) ??
    usable[0]
  );
}

function infoUrlOf(item: RawItem, downloadUrl: string | null, baseUrl: string): string | null {
  const comments = absoluteUrl(item.comments, baseUrl);
  if (comments !== null && /^https?:/i.test(comments)) return comments;
  const guid = item.guid?.trim();
  if (guid && /^https?:\/\//i.test(guid) && guid !== downloadUrl) return guid;
  return null;
}

function categoriesOf(
  fromAttributes: readonly string[] | undefined,
  fromElements: readonly string[] | undefined,
): number[] {
  const ids = (values: readonly string[] | undefined) =>
    (values ?? []).map((value) => toInteger(value)).filter((id): id is number => id !== null && id > 0);
  // The attributes are the Torznab way; <category> elements are often text ("Movies > HD").
  const fromAttr = ids(fromAttributes);
  return [...new Set(fromAttr.length > 0 ? fromAttr : ids(fromElements))];
}

function flagsOf(
  tags: readonly string[],
  downloadVolumeFactor: number,
  uploadVolumeFactor: number,
): string[] {
  const flags = new Set(tags.map((tag) => tag.toLowerCase()).filter((tag) => tag !== ''));
  if (downloadVolumeFactor === 0) flags.add('freeleech');
  else if (downloadVolumeFactor === 0.5) flags.add('halfleech');
  // Named for the share that is free: counting 75 % of the download is "25 % freeleech".
  else if (downloadVolumeFactor === 0.75) flags.add('freeleech25');
  else if (downloadVolumeFactor === 0.25) flags.add('freeleech75');
  if (uploadVolumeFactor === 2) flags.add('doubleupload');
  return [...flags];
}

// ---------------------------------------------------------------------------------------------
// values

function isMagnet(url: string | undefined | null): url is string {
  return typeof url === 'string' && /^magnet:\?/i.test(url.trim());
}

function absoluteUrl(value: string | undefined, baseUrl: string): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (isMagnet(trimmed)) return trimmed;
  try {
    const url = new URL(trimmed, baseUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function normaliseInfoHash(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return /^[0-9a-f]{40}$/i.test(trimmed) ? trimmed.toLowerCase() : null;
}

/** The v1 info-hash of a magnet link, whether written in hex (40) or base32 (32 characters). */
export function infoHashOfMagnet(magnet: string): string | null {
  const match = /[?&]xt=urn:btih:([0-9a-z]+)/i.exec(magnet);
  const hash = match?.[1];
  if (hash === undefined) return null;
  if (hash.length === 40) return normaliseInfoHash(hash);
  if (hash.length === 32) return base32ToHex(hash);
  return null;
}

function base32ToHex(value: string): string | null {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of value.toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index < 0) return null;
    bits += index.toString(2).padStart(5, '0');
  }
  let hex = '';
  for (let offset = 0; offset + 4 <= bits.length; offset += 4)
    hex += parseInt(bits.slice(offset, offset + 4), 2).toString(16);
  return hex.length === 40 ? hex : null;
}

export function normaliseImdbId(value: string | undefined): string | null {
  const digits = /^(?:tt)?(\d{1,10})$/i.exec(value?.trim() ?? '')?.[1];
  if (digits === undefined || Number(digits) === 0) return null;
  return `tt${digits.replace(/^0+/, '').padStart(7, '0')}`;
}

function toInteger(value: string | undefined): number | null {
  const trimmed = value?.trim() ?? '';
  if (!/^-?\d+$/.test(trimmed)) return null;
  const number = Number(trimmed);
  return Number.isSafeInteger(number) ? number : null;
}

function nonNegativeInteger(value: string | undefined): number | null {
  const number = toInteger(value);
  return number !== null && number >= 0 ? number : null;
}

function positiveInteger(value: string | undefined): number | null {
  const number = toInteger(value);
  return number !== null && number > 0 ? number : null;
}

/** Decimals with a period; negative or absurd values are refused, as Torznab asks of clients. */
function boundedDecimal(value: string | undefined): number | null {
  const trimmed = value?.trim() ?? '';
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  const number = Number(trimmed);
  return number <= 100 ? number : null;
}

function volumeFactor(value: string | undefined): number {
  return boundedDecimal(value) ?? 1;
}

function parseDate(value: string | undefined): Date | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  const date = /^\d{9,10}$/.test(trimmed) ? new Date(Number(trimmed) * 1000) : new Date(trimmed);
  return Number.isNaN(date.getTime()) ? null : date;
}

function describeIssue(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const path = issue.path.map(String).join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}
