// Owns turning the field values read from one result row (`title`, `size`, `seeders`, `download`, …,
// all text) into an IndexerRelease, so a Cardigann release looks exactly like a Torznab one. Pure.
import type { IndexerRelease } from '../indexer.js';
import type { CategoryMap } from './categories.js';
import { readDate } from './dates.js';

export interface RowValues {
  /** Field name (without `|append` modifiers) → value after filters; absent when optional and missing. */
  fields: ReadonlyMap<string, string>;
  /** Site category ids from `category` fields (several when a definition appends). */
  siteCategories: readonly string[];
}

export interface MapContext {
  indexer: string;
  siteLink: URL;
  categories: CategoryMap;
  now: Date;
}

export class RowMappingError extends Error {
  override name = 'RowMappingError';
}

export function mapRow(row: RowValues, context: MapContext): IndexerRelease {
  const field = (name: string): string | null => {
    const value = row.fields.get(name)?.trim();
    return value ? value : null;
  };
  const title = field('title');
  if (!title) throw new RowMappingError('row has no title');

  const absolute = (value: string | null): string | null => {
    if (!value) return null;
    if (/^magnet:/i.test(value)) return value;
    try {
      return new URL(value, context.siteLink).href;
    } catch {
      return null;
    }
  };
  let downloadUrl = absolute(field('download'));
  let magnetUrl = absolute(field('magnet'));
  if (downloadUrl && /^magnet:/i.test(downloadUrl)) {
    magnetUrl ??= downloadUrl;
  }
  const infoHash = normalizeInfoHash(field('infohash')) ?? infoHashOfMagnet(magnetUrl);
  if (!magnetUrl && infoHash) magnetUrl = magnetOf(infoHash, title);
  if (!downloadUrl && magnetUrl) downloadUrl = magnetUrl;
  if (!downloadUrl) throw new RowMappingError(`row "${title}" has no download link, magnet or info-hash`);

  const infoUrl = absolute(field('details')) ?? absolute(field('comments'));
  const seeders = parseCount(field('seeders'));
  const leechers = parseCount(field('leechers'));
  const dateText = field('date');
  let publishDate: Date | null = null;
  if (dateText) {
    try {
      publishDate = readDate(dateText, context.now);
    } catch {
      publishDate = null;
    }
  }
  const categories = [...new Set(row.siteCategories.flatMap((id) => context.categories.newznabIdsFor(id)))];
  const downloadVolumeFactor = parseFactor(field('downloadvolumefactor'));
  const uploadVolumeFactor = parseFactor(field('uploadvolumefactor'));
  const flags: string[] = [];
  if (downloadVolumeFactor === 0) flags.push('freeleech');
  else if (downloadVolumeFactor === 0.5) flags.push('halfleech');
  if (uploadVolumeFactor === 2) flags.push('doubleupload');

  const attributes: Record<string, string[]> = {};
  for (const [name, value] of row.fields)
    if (!name.startsWith('_') && value !== '') attributes[name] = [value];

  return {
    guid: infoUrl ?? downloadUrl,
    title,
    indexer: context.indexer,
    protocol: 'torrent',
    downloadUrl,
    magnetUrl,
    infoHash,
    infoUrl,
    size: parseSize(field('size')),
    publishDate,
    seeders,
    leechers,
    peers: seeders !== null || leechers !== null ? (seeders ?? 0) + (leechers ?? 0) : null,
    grabs: parseCount(field('grabs')),
    files: parseCount(field('files')),
    downloadVolumeFactor,
    uploadVolumeFactor,
    minimumRatio: parseDecimal(field('minimumratio')),
    minimumSeedTimeSeconds: parseCount(field('minimumseedtime')),
    imdbId: normalizeImdb(field('imdbid') ?? field('imdb')),
    tmdbId: parseCount(field('tmdbid')),
    tvdbId: parseCount(field('tvdbid')),
    tvmazeId: parseCount(field('tvmazeid')),
    categories,
    indexerFlags: flags,
    usenetDate: null,
    attributes,
  };
}

const UNITS: Record<string, number> = {
  b: 1,
  byte: 1,
  bytes: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
  pb: 1024 ** 5,
  pib: 1024 ** 5,
};

/** "1.4 GB", "1,234.5 MB", "700,5 MiB", "123456789" → bytes; null when unreadable. */
export function parseSize(text: string | null): number | null {
  if (!text) return null;
  // Digits may be grouped by spaces ("1 234,5"); the unit is the letters right after the number.
  const match = /(\d(?:[\d.,]|\s(?=\d))*)\s*([a-z]*)/i.exec(text.replace(/\u00a0/g, ' '));
  if (!match) return null;
  const number = parseLocaleNumber(match[1]!);
  if (number === null) return null;
  const unit = match[2] ? UNITS[match[2].toLowerCase()] : 1;
  if (unit === undefined) return null;
  return Math.round(number * unit);
}

/** Reads "1,234.56", "1.234,56", "1 234,5" and "700,5" the way sites mean them. */
function parseLocaleNumber(text: string): number | null {
  let clean = text.replace(/\s/g, '');
  const lastComma = clean.lastIndexOf(',');
  const lastDot = clean.lastIndexOf('.');
  if (lastComma > lastDot) {
    // Comma as decimal separator unless it groups thousands ("1,234").
    const grouping = /^\d{1,3}(,\d{3})+$/.test(clean);
    clean = grouping ? clean.replace(/,/g, '') : clean.replace(/\./g, '').replace(',', '.');
  } else {
    clean = clean.replace(/,/g, '');
  }
  const number = Number(clean);
  return Number.isFinite(number) ? number : null;
}

function parseCount(text: string | null): number | null {
  if (!text) return null;
  const match = /-?\d[\d,. ]*/.exec(text);
  if (!match) return null;
  const number = Number(match[0].replace(/[,. ]/g, ''));
  return Number.isFinite(number) ? number : null;
}

function parseDecimal(text: string | null): number | null {
  if (!text) return null;
  const number = parseLocaleNumber(text.replace(/[^\d.,]/g, ''));
  return number;
}

function parseFactor(text: string | null): number {
  return parseDecimal(text) ?? 1;
}

function normalizeImdb(text: string | null): string | null {
  const digits = text ? /(?:tt)?(\d{5,9})/.exec(text)?.[1] : undefined;
  return digits ? `tt${digits.padStart(7, '0')}` : null;
}

function normalizeInfoHash(text: string | null): string | null {
  if (!text) return null;
  const hex = /\b([0-9a-f]{40})\b/i.exec(text)?.[1];
  return hex ? hex.toLowerCase() : null;
}

function infoHashOfMagnet(magnet: string | null): string | null {
  if (!magnet) return null;
  const match = /xt=urn:btih:([0-9a-z]+)/i.exec(magnet);
  const hash = match?.[1];
  if (!hash) return null;
  if (hash.length === 40) return hash.toLowerCase();
  if (hash.length === 32) return base32ToHex(hash);
  return null;
}

function base32ToHex(text: string): string | null {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value === -1) return null;
    bits += value.toString(2).padStart(5, '0');
  }
  let hex = '';
  for (let i = 0; i + 4 <= bits.length; i += 4) hex += parseInt(bits.slice(i, i + 4), 2).toString(16);
  return hex;
}

/** A magnet link for an info-hash, with the title as its display name. */
export function magnetOf(infoHash: string, title: string): string {
  return `magnet:?xt=urn:btih:${infoHash}&dn=${encodeURIComponent(title)}`;
}
