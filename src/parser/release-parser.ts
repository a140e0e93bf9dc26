// Owns parseRelease: reading a release title, file name or path into a ParsedRelease. It splits a path
// into the file and its folder, strips the extension, site prefixes and the anime `[Group]` prefix,
// finds where the title ends (numbering, year or first tag), then reads every tag after it. Pure: no
// I/O, no clock, never throws, linear in the length of the input.
import { findNumbering } from './numbering.js';
import type { Numbering } from './numbering.js';
import type { ParsedRelease, Revision } from './parsed-release.js';
import { resolveQuality } from './quality.js';
import { findReleaseHash, findTrailingGroup, isPrefixGroup } from './release-group.js';
import { scanTags, tokenize } from './scan.js';
import type { TagHit, Token } from './scan.js';
import type { SourceTag } from './tags.js';
import { cleanTitle, splitAlternativeTitles, tidyTitle } from './title.js';

/** Names on disk stop at 255 bytes; anything past this many characters is noise, not information. */
const MAX_SEGMENT = 1024;
const MAX_INPUT = 4096;

const knownExtensions = new Set([
  'mkv', 'mp4', 'm4v', 'avi', 'wmv', 'mov', 'mpg', 'mpeg', 'm2ts', 'mts', 'ts', 'webm', 'flv', 'ogm', 'ogv',
  'vob', 'iso', 'img', 'rmvb', 'rm', 'asf', '3gp', 'f4v', 'strm',
  'srt', 'ass', 'ssa', 'sub', 'idx', 'sup', 'vtt', 'nfo', 'txt', 'jpg', 'png',
  'rar', 'zip', '7z', 'par2', 'nzb', 'torrent', 'sfv', 'mka', 'flac', 'mp3', 'aac', 'ac3', 'dts',
]); // prettier-ignore

// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const controlChars = /[\u0000-\u001f\u007f]+/g;
const extensionPattern = /\.([A-Za-z0-9]{2,7})$/;
const websitePrefix =
  /^[[【(]?\s{0,3}(?:www\.)?[\w-]{1,60}\.(?:com|org|net|to|cc|me|tv|cd|xyz|se|io|info|club|mx|ws|ru|lol|in|org\.ru)\s{0,3}[\]】)]?\s{0,3}(?:-\s{0,3})?/i;
const yearToken = /^(?:19|20)\d{2}$/;
const imdb = /(?<![a-z0-9])tt(\d{7,9})(?!\d)/i;
const tmdb = /tmdb(?:id)?[-_ =:]?(\d{1,9})(?!\d)/i;
const tvdb = /tvdb(?:id)?[-_ =:]?(\d{1,9})(?!\d)/i;
/** Two-letter language codes are words in most languages (`It`, `De`): exact capitals after the title. */
const shortLanguageCodes = new Map([
  ['FR', 'fr'], ['DE', 'de'], ['IT', 'it'], ['ES', 'es'], ['NL', 'nl'], ['EN', 'en'], ['PT', 'pt'],
  ['RU', 'ru'], ['JP', 'ja'], ['KR', 'ko'], ['PL', 'pl'], ['CZ', 'cs'], ['SE', 'sv'], ['DK', 'da'],
  ['NO', 'no'], ['FI', 'fi'], ['HU', 'hu'], ['TR', 'tr'], ['GR', 'el'], ['CN', 'zh'], ['HE', 'he'],
  ['VF', 'fr'], ['VO', 'mul'], ['LAT', 'es'], ['CAT', 'ca'],
]); // prettier-ignore
const discCodecKeys = new Set(['avc', 'vc1', 'mpeg2', 'bdmv']);
const encoderKeys = new Set(['x264', 'x265']);

interface Segment {
  release: ParsedRelease;
  /** The name said which episode, season, date or year: the file can stand alone. */
  identified: boolean;
  /** The name said something about quality. */
  qualityKnown: boolean;
  languagesFound: boolean;
}

/** Reads a release title, file name or path. Never throws; unreadable input gives an empty title. */
export function parseRelease(name: string): ParsedRelease {
  try {
    return parsePath(typeof name === 'string' ? name : String(name));
  } catch {
    return parseSegmentSafely('');
  }
}

function parseSegmentSafely(text: string): ParsedRelease {
  return parseSegment(text).release;
}

function parsePath(input: string): ParsedRelease {
  const text = input.slice(0, MAX_INPUT).replace(controlChars, ' ').trim();
  // A slash with spaces around it separates alternative titles (`中文 / English`), not folders.
  const parts = text.split(/(?<! )[/\\]|[/\\](?! )/).filter((part) => part.trim().length > 0);
  const fileName = parts.pop() ?? '';
  const file = parseSegment(fileName);
  if (parts.length === 0) return file.release;

  // `Show.S01.1080p-GRP/Show.S01E02.mkv`: the folder fills in what the file leaves out.
  const folderName = parts.pop() ?? '';
  let folder = parseSegment(folderName);
  if (!folder.release.title && parts.length > 0) {
    // `Show/Season 2/file.mkv`: the season folder has no title, its parent does.
    const parent = parseSegment(parts[parts.length - 1] ?? '');
    folder = {
      ...folder,
      release: { ...folder.release, title: parent.release.title, cleanTitle: parent.release.cleanTitle },
    };
  }
  return mergeFolder(file, folder);
}

function mergeFolder(file: Segment, folder: Segment): ParsedRelease {
  const f = file.release;
  const d = folder.release;
  if (!file.identified && !file.qualityKnown && (folder.identified || folder.qualityKnown) && d.title) {
    // An obfuscated or bare file name (`abc123.mkv`, `episode.mkv`): the folder is the release.
    return { ...d, extension: f.extension ?? d.extension };
  }
  const merged: ParsedRelease = { ...f };
  if (!f.title && d.title) {
    merged.title = d.title;
    merged.cleanTitle = d.cleanTitle;
    merged.alternativeTitles = d.alternativeTitles;
  }
  if (merged.year === null) merged.year = d.year;
  if (f.seasons.length === 0 && f.episodes.length === 0 && d.seasons.length > 0 && f.airDate === null) {
    merged.seasons = d.seasons;
  }
  if (!file.qualityKnown && folder.qualityKnown)
    merged.quality = { ...d.quality, revision: f.quality.revision };
  else if (
    f.quality.resolution === null &&
    d.quality.resolution !== null &&
    f.quality.source === d.quality.source
  ) {
    merged.quality = { ...f.quality, resolution: d.quality.resolution, name: d.quality.name };
  }
  if (!file.languagesFound && folder.languagesFound) merged.languages = d.languages;
  merged.releaseGroup ??= d.releaseGroup;
  merged.edition ??= d.edition;
  merged.videoCodec ??= d.videoCodec;
  merged.audioCodec ??= d.audioCodec;
  merged.audioChannels ??= d.audioChannels;
  merged.streamingService ??= d.streamingService;
  merged.hardcodedSubs ??= d.hardcodedSubs;
  merged.imdbId ??= d.imdbId;
  merged.tmdbId ??= d.tmdbId;
  merged.tvdbId ??= d.tvdbId;
  if (merged.hdr.length === 0) merged.hdr = d.hdr;
  return merged;
}

interface Prefix {
  /** Where the title may start. */
  start: number;
  group: string | null;
  /** `[Group][Title][05]`: the title is the content of this bracket. */
  bracketTitle: { start: number; end: number } | null;
}

const openers: Record<string, string> = { '[': ']', '【': '】', '(': ')' };

/** Leading `[Group]`, `[1080p]` or `【字幕组】` brackets before the title. */
function readPrefix(text: string): Prefix {
  const prefix: Prefix = { start: 0, group: null, bracketTitle: null };
  let pos = 0;
  for (let guard = 0; guard < 8; guard++) {
    while (pos < text.length && /[\s_.-]/.test(text.charAt(pos))) pos++;
    const closer = openers[text.charAt(pos)];
    if (!closer) break;
    const close = text.indexOf(closer, pos + 1);
    if (close < 0 || close - pos > 120) break;
    const content = text.slice(pos + 1, close);
    const rest = text.slice(close + 1).trim();
    if (!rest) break;
    const tags = scanTags(content, tokenize(content));
    const allTags = tags.length > 0 && tokenize(content).length === tags.length;
    if (allTags || /^\s*\d+\s*$/.test(content) || text.charAt(pos) === '(') {
      if (text.charAt(pos) === '(' && !allTags) break;
      pos = close + 1;
      continue;
    }
    if (prefix.group === null && isPrefixGroup(content)) {
      prefix.group = content.trim();
      pos = close + 1;
      continue;
    }
    if (prefix.group === null && !isPrefixGroup(content)) {
      // A site name in brackets (`[www.site.org]`): skip it.
      pos = close + 1;
      continue;
    }
    prefix.bracketTitle = { start: pos + 1, end: close };
    break;
  }
  prefix.start = pos;
  return prefix;
}

function isSeparatorsOnly(text: string): boolean {
  return /^[\s._\-–()[\]]*$/.test(text);
}

function parseSegment(raw: string): Segment {
  let text = raw.trim().slice(0, MAX_SEGMENT);

  let extension: string | null = null;
  const ext = extensionPattern.exec(text);
  // `.TS` in capitals at the end of a release title is telesync, not a transport stream.
  if (ext && knownExtensions.has(ext[1]!.toLowerCase()) && ext[1] !== 'TS' && ext.index > 0) {
    extension = ext[1]!.toLowerCase();
    text = text.slice(0, ext.index);
  }
  const site = websitePrefix.exec(text);
  if (site && /www\.|[[【(]/i.test(site[0]) && site[0].length < text.length)
    text = text.slice(site[0].length);

  const prefix = readPrefix(text);
  const tokens = tokenize(text);
  const firstTitleToken = tokens.findIndex(
    (token) => token.start >= (prefix.bracketTitle?.start ?? prefix.start),
  );
  // A title is never empty: its first word is title even when it is a tag word (`Proper Show`, `Dark`).
  const hits = scanTags(text, tokens).filter(
    (hit) => hit.start >= prefix.start && hit.token !== firstTitleToken,
  );
  const firstStrong = hits.find((hit) => hit.strong)?.start ?? text.length;

  const years = tokens.filter(
    (token, index) => yearToken.test(token.text) && index > firstTitleToken && token.start < firstStrong,
  );
  const context = { anime: prefix.group !== null || prefix.bracketTitle !== null, hasYear: years.length > 0 };

  let numbering = locateNumbering(text, prefix.start, firstStrong, context);
  if (numbering && numbering.start < prefix.start) numbering = null;

  let titleEnd = Math.min(firstStrong, numbering?.start ?? text.length);
  let endedBy: TitleEnd = numbering && numbering.start <= firstStrong ? 'numbering' : 'tag';
  let year: number | null = null;
  const yearBefore = (token: Token) => token.start < titleEnd;
  if (numbering) {
    // `Show (2019) - S01E01`: a year right before the numbering belongs to the series.
    const last = years.filter(yearBefore).pop();
    if (last && isSeparatorsOnly(text.slice(last.end, numbering.start)) && numbering.airDate === null) {
      year = Number(last.text);
      titleEnd = last.start;
    }
  } else {
    const last = years.filter(yearBefore).pop();
    if (last) {
      year = Number(last.text);
      titleEnd = last.start;
      endedBy = 'year';
    }
  }
  titleEnd = pullBackWeakTags(text, hits, titleEnd, firstTitleToken, endedBy);

  let titleStart = prefix.start;
  let tagsFrom = Math.max(titleEnd, numbering?.end ?? 0);
  if (prefix.bracketTitle) {
    titleStart = prefix.bracketTitle.start;
    titleEnd = Math.min(titleEnd, prefix.bracketTitle.end);
    tagsFrom = Math.max(titleEnd, prefix.bracketTitle.end);
  }
  const titles = splitAlternativeTitles(tidyTitle(text.slice(titleStart, Math.max(titleStart, titleEnd))));
  const title = titles[0] ?? '';

  const trailing =
    tagsFrom < text.length ? findTrailingGroup(text, Math.max(tagsFrom, titleStart + 1), hits) : null;
  const groupStart = trailing?.start ?? text.length;
  const tags = hits.filter((hit) => hit.start >= tagsFrom && hit.start < groupStart);
  const read = readTags(tags, tokens, text, tagsFrom, groupStart);

  const seasons = numbering?.seasons ?? [];
  const episodes = numbering?.episodes ?? [];
  const kind = numbering ? 'episode' : 'movie';
  if (numbering?.version && numbering.version > read.revision.version)
    read.revision.version = numbering.version;
  const quality = resolveQuality({
    sources: read.sources,
    resolution: read.resolution,
    videoCodec: read.videoCodec,
    encoded: read.encoded,
    discCodec: read.discCodec,
    streamingService: read.streamingService,
    kind,
    revision: read.revision,
  });

  const fullSeason =
    (numbering?.fullSeason ?? false) || (read.complete && seasons.length > 0 && episodes.length === 0);
  const release: ParsedRelease = {
    title,
    alternativeTitles: titles.slice(1),
    kind,
    year,
    seasons,
    episodes,
    absoluteEpisodes: numbering?.absoluteEpisodes ?? [],
    airDate: numbering?.airDate ?? null,
    fullSeason,
    seasonPart: numbering?.seasonPart ?? null,
    multiSeason: numbering?.multiSeason ?? false,
    special: seasons.includes(0) || read.special,
    quality,
    releaseGroup: prefix.group ?? trailing?.group ?? null,
    releaseHash: findReleaseHash(text),
    languages: read.languages.length > 0 ? read.languages : ['en'],
    edition: read.editions.length > 0 ? read.editions.join(' ') : null,
    hardcodedSubs: read.hardcodedSubs,
    imdbId: matchId(imdb, text, (id) => `tt${id}`),
    tmdbId: matchNumber(tmdb, text),
    tvdbId: matchNumber(tvdb, text),
    videoCodec: read.videoCodec,
    audioCodec: read.audioCodec,
    audioChannels: read.audioChannels,
    hdr: read.hdr,
    streamingService: read.streamingService,
    extension,
    cleanTitle: cleanTitle(title),
  };
  return {
    release,
    identified: numbering !== null || year !== null,
    qualityKnown: quality.name !== 'Unknown',
    languagesFound: read.languages.length > 0,
  };
}

/**
 * Numbering must come before the quality tags (`H.264` is not season 2 episode 64), except the
 * unmistakable `S01E01`/`1x01` forms, which a few names put after a tag.
 */
function locateNumbering(
  text: string,
  start: number,
  firstStrong: number,
  context: { anime: boolean; hasYear: boolean },
): Numbering | null {
  const head = text.slice(start, firstStrong);
  const found = findNumbering(head, context);
  if (found) return shift(found, start);
  const tail = text.slice(start);
  const late = findNumbering(tail, { anime: false, hasYear: true });
  if (
    late &&
    (late.episodes.length > 0 || late.airDate) &&
    /^S\d|^\d{1,2}x\d/i.test(tail.slice(late.start))
  ) {
    return shift(late, start);
  }
  return null;
}

function shift(numbering: Numbering, by: number): Numbering {
  return { ...numbering, start: numbering.start + by, end: numbering.end + by };
}

/**
 * When the title ended at a strong tag, weak tags right before it (`Movie German DL 1080p`,
 * `Movie Extended 2019`) belong to the tags, not the title. The first title word always stays.
 */
function pullBackWeakTags(
  text: string,
  hits: TagHit[],
  titleEnd: number,
  firstTitleToken: number,
  endedBy: TitleEnd,
): number {
  if (endedBy === 'numbering') return titleEnd;
  let end = titleEnd;
  for (let i = hits.length - 1; i >= 0; i--) {
    const hit = hits[i]!;
    if (hit.end > end) continue;
    if (!isSeparatorsOnly(text.slice(hit.end, end))) break;
    if (hit.token <= firstTitleToken) break;
    const kind = hit.tag.kind;
    // Before a year only an edition moves (`Movie Directors Cut 2019`); `The German 2006` is a title.
    const pullable =
      kind === 'edition' ||
      (endedBy === 'tag' &&
        (kind === 'language' ||
          kind === 'source' ||
          kind === 'resolution' ||
          kind === 'hdr' ||
          kind === 'hardcodedSubs' ||
          kind === 'special' ||
          kind === 'misc'));
    if (!pullable) break;
    end = hit.start;
  }
  return end;
}

/** What ended the title: the numbering, a movie year, or the first strong tag. */
type TitleEnd = 'numbering' | 'year' | 'tag';

interface TagReading {
  sources: Set<SourceTag>;
  resolution: number | null;
  videoCodec: string | null;
  encoded: boolean;
  discCodec: boolean;
  audioCodec: string | null;
  audioChannels: string | null;
  hdr: string[];
  streamingService: string | null;
  languages: string[];
  editions: string[];
  hardcodedSubs: string | null;
  revision: Revision;
  complete: boolean;
  special: boolean;
}

function readTags(hits: TagHit[], tokens: Token[], text: string, from: number, to: number): TagReading {
  const read: TagReading = {
    sources: new Set(),
    resolution: null,
    videoCodec: null,
    encoded: false,
    discCodec: false,
    audioCodec: null,
    audioChannels: null,
    hdr: [],
    streamingService: null,
    languages: [],
    editions: [],
    hardcodedSubs: null,
    revision: { version: 1, real: 0, repack: false },
    complete: false,
    special: false,
  };
  let atmos = false;
  const addLanguage = (code: string) => {
    if (!read.languages.includes(code)) read.languages.push(code);
  };
  for (const hit of hits) {
    const tag = hit.tag;
    switch (tag.kind) {
      case 'resolution':
        read.resolution ??= tag.value;
        break;
      case 'source':
        read.sources.add(tag.value);
        break;
      case 'videoCodec': {
        read.videoCodec ??= tag.value;
        const key = hit.text.toLowerCase().replace(/[^a-z0-9]/g, '');
        if (encoderKeys.has(key)) read.encoded = true;
        if (discCodecKeys.has(key)) read.discCodec = true;
        break;
      }
      case 'audioCodec':
        // DTS-HD MA beats the DTS core named before it; otherwise the first codec is the main track.
        if (read.audioCodec === null || (read.audioCodec === 'DTS' && tag.value.startsWith('DTS'))) {
          read.audioCodec = tag.value;
        }
        break;
      case 'audioChannels':
        read.audioChannels ??= tag.value;
        break;
      case 'atmos':
        atmos = true;
        break;
      case 'hdr':
        for (const format of tag.value) if (!read.hdr.includes(format)) read.hdr.push(format);
        break;
      case 'service':
        read.streamingService ??= tag.value;
        break;
      case 'language':
        for (const code of tag.value) addLanguage(code);
        break;
      case 'revision': {
        const digit = /(\d)$/.exec(hit.text);
        const version = digit ? Number(digit[1]) + 1 : 2;
        read.revision.version = Math.max(read.revision.version, version);
        if (tag.value !== 'proper') read.revision.repack = true;
        break;
      }
      case 'edition':
        if (!read.editions.includes(tag.value)) read.editions.push(tag.value);
        break;
      case 'hardcodedSubs':
        read.hardcodedSubs ??= hit.text;
        break;
      case 'complete':
        read.complete = true;
        break;
      case 'special':
        read.special = true;
        break;
      case 'misc':
        break;
    }
  }
  for (const token of tokens) {
    if (token.start < from || token.start >= to) continue;
    if (token.text === 'REAL') read.revision.real++;
    const code = shortLanguageCodes.get(token.text);
    if (code && token.start > from) addLanguage(code);
  }
  // `HDR.HDR10` says one thing twice; keep the precise name.
  if (read.hdr.includes('HDR10') || read.hdr.includes('HDR10+'))
    read.hdr = read.hdr.filter((f) => f !== 'HDR');
  if (atmos) read.audioCodec = read.audioCodec ? `${read.audioCodec.replace(/ Atmos$/, '')} Atmos` : 'Atmos';
  // Any hevc/avc in a 2160p Blu-ray without an encoder tag is the disc's own stream.
  if (!read.encoded && read.resolution === 2160 && read.videoCodec === 'h265') read.discCodec = true;
  void text;
  return read;
}

function matchId(pattern: RegExp, text: string, format: (id: string) => string): string | null {
  const m = pattern.exec(text);
  return m ? format(m[1]!) : null;
}

function matchNumber(pattern: RegExp, text: string): number | null {
  const m = pattern.exec(text);
  return m ? Number(m[1]) : null;
}
