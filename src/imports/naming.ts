// Owns library names: naming templates ("{Movie Title} ({Release Year})"), the tokens they may use,
// and the sanitising that makes any title a safe file or folder name on Linux, Windows and SMB shares.
//
//   class NamingTokens<C>                 register(name, render) — movies here, TV in episode-naming.ts
//   compileTemplate(template, tokens): NamingTemplate<C>     throws BadRequestError for a bad template
//   class LibraryNamer<C>  constructor(tokens, { folderTemplate, fileTemplate }, sanitize?)
//     folderFor(ctx): string[]  fileNameFor(ctx, extension): string  pathFor(root, ctx, extension): string
//   renderFileName(template, ctx, extension, sanitize), resolveInside(root, segments)   what namers share
//   registerReleaseTokens(tokens)         quality, release group, media info, original names: any library
//   movieTokens: NamingTokens<MovieNamingContext>; createMovieNamer(templates, sanitize?)
//   sanitizePathComponent(name, options?): string; truncateUtf8(text, maxBytes): string
//   formatVideoCodec / formatAudioCodec / formatAudioChannels / formatDynamicRange (MediaInfo → text)
//
// Template syntax (as Radarr users know it):
//   {Movie Title}          a token; its words may be joined by ' ', '.', '_' or '-'; that joiner then
//   {Movie.Title}          also replaces the spaces in the value ("The.Movie.Title")
//   {movie title}          all lower-case name → lower-case value; ALL CAPS → upper-case value
//   {-Release Group}       prefix/suffix characters ( -._[( before, -._)] after) print only with a value
//   {[Quality Full]}
//   {season:00}            a format after ':' (numbers: zero-padded to its width)
//   a/b                    '/' in the template (never in a value) makes nested folders
import path from 'node:path';
import { BadRequestError } from '../shared/errors.js';
import type { AudioTrack, MediaInfo } from './media-probe.js';

export type TokenValue = string | number | undefined;
export type TokenRender<C> = (context: C, format: string | undefined) => TokenValue;

export class NamingTokens<C> {
  private readonly tokens = new Map<string, TokenRender<C>>();

  register(name: string, render: TokenRender<C>): this {
    const key = tokenKey(name);
    if (this.tokens.has(key)) throw new Error(`naming token {${name}} is registered twice`);
    this.tokens.set(key, render);
    return this;
  }

  get(name: string): TokenRender<C> | undefined {
    return this.tokens.get(tokenKey(name));
  }

  names(): string[] {
    return [...this.tokens.keys()];
  }
}

function tokenKey(name: string): string {
  return name
    .toLowerCase()
    .split(/[ ._-]+/)
    .join(' ');
}

type Part<C> =
  | { kind: 'text'; text: string }
  | {
      kind: 'token';
      render: TokenRender<C>;
      format: string | undefined;
      prefix: string;
      suffix: string;
      joiner: string;
      letterCase: 'lower' | 'upper' | 'asis';
    };

export interface NamingTemplate<C> {
  readonly source: string;
  /** One rendered string per folder level, not yet sanitised. */
  renderSegments(context: C): string[];
}

// Inside braces: prefix, the token name (words + joiners), an optional :format, suffix.
const tokenBody = /^([-._ [(]*)([A-Za-z0-9]+(?:[ ._-][A-Za-z0-9]+)*)(?::([A-Za-z0-9+#.-]+))?([-._ )\]]*)$/;

export function compileTemplate<C>(template: string, tokens: NamingTokens<C>): NamingTemplate<C> {
  if (template.trim() === '') throw new BadRequestError('naming template is empty');
  if (/^[/\\]/.test(template) || /^[A-Za-z]:/.test(template)) {
    throw new BadRequestError(`naming template "${template}" must be relative to the library root`);
  }
  const segments: Part<C>[][] = [[]];
  let position = 0;
  while (position < template.length) {
    const char = template.charAt(position);
    const current = segments[segments.length - 1] as Part<C>[];
    if (char === '/' || char === '\\') {
      segments.push([]);
      position++;
    } else if (char === '{') {
      const end = template.indexOf('}', position);
      const body = end === -1 ? undefined : template.slice(position + 1, end);
      if (body === undefined || body.includes('{')) {
        throw new BadRequestError(`naming template "${template}": unclosed "{" at position ${position + 1}`);
      }
      current.push(compileToken(body, tokens, template));
      position = end + 1;
    } else if (char === '}') {
      throw new BadRequestError(`naming template "${template}": "}" without "{" at position ${position + 1}`);
    } else {
      let end = position;
      while (end < template.length && !'{}/\\'.includes(template.charAt(end))) end++;
      current.push({ kind: 'text', text: template.slice(position, end) });
      position = end;
    }
  }
  for (const segment of segments) {
    const literal = segment.map((p) => (p.kind === 'text' ? p.text : 'x')).join('');
    if (literal.trim() === '' || literal.trim() === '.' || literal.trim() === '..') {
      throw new BadRequestError(
        `naming template "${template}" has an empty or relative ("." / "..") folder level`,
      );
    }
  }
  return {
    source: template,
    renderSegments: (context) =>
      segments.map((segment) => segment.map((part) => renderPart(part, context)).join('')),
  };
}

function compileToken<C>(body: string, tokens: NamingTokens<C>, template: string): Part<C> {
  const match = tokenBody.exec(body);
  const name = match?.[2];
  if (!match || !name)
    throw new BadRequestError(`naming template "${template}": cannot read token {${body}}`);
  const render = tokens.get(name);
  if (!render) {
    throw new BadRequestError(`naming template "${template}": unknown token {${name}}`, {
      known: tokens.names(),
    });
  }
  const joiner = /[ ._-]/.exec(name)?.[0] ?? ' ';
  const letters = name.replace(/[^A-Za-z]/g, '');
  const letterCase =
    letters === letters.toLowerCase() ? 'lower' : letters === letters.toUpperCase() ? 'upper' : 'asis';
  return {
    kind: 'token',
    render,
    format: match[3],
    prefix: match[1] ?? '',
    suffix: match[4] ?? '',
    joiner,
    letterCase,
  };
}

function renderPart<C>(part: Part<C>, context: C): string {
  if (part.kind === 'text') return part.text;
  const raw = part.render(context, part.format);
  let value = typeof raw === 'number' ? formatNumber(raw, part.format) : (raw ?? '').trim();
  if (value === '') return '';
  if (part.joiner !== ' ') value = value.replace(/\s+/g, part.joiner);
  if (part.letterCase === 'lower') value = value.toLowerCase();
  if (part.letterCase === 'upper') value = value.toUpperCase();
  return `${part.prefix}${value}${part.suffix}`;
}

function formatNumber(value: number, format: string | undefined): string {
  if (format && /^0+$/.test(format)) return String(value).padStart(format.length, '0');
  return String(value);
}

// ---------------------------------------------------------------------------------------------------
// Sanitising

export type ColonReplacement = 'delete' | 'dash' | 'spaceDash' | 'spaceDashSpace' | 'smart';

export interface SanitizeOptions {
  /** 'windows' (default) also avoids what Windows and SMB shares refuse; 'posix' only what Linux refuses. */
  target: 'windows' | 'posix';
  colon: ColonReplacement;
  /** Per path component, in UTF-8 bytes (ext4, XFS, btrfs, ZFS: 255). */
  maxComponentBytes: number;
}

export const defaultSanitizeOptions: SanitizeOptions = {
  target: 'windows',
  colon: 'smart',
  maxComponentBytes: 255,
};

const colonReplacements: Record<ColonReplacement, (name: string) => string> = {
  delete: (name) => name.replace(/:/g, ''),
  dash: (name) => name.replace(/:/g, '-'),
  spaceDash: (name) => name.replace(/\s*:/g, ' -'),
  spaceDashSpace: (name) => name.replace(/\s*:\s*/g, ' - '),
  // "Mission: Impossible" → "Mission - Impossible", "12:01" → "12-01".
  smart: (name) => name.replace(/\s*:\s+/g, ' - ').replace(/:/g, '-'),
};

const reservedWindowsNames = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** Makes one file or folder name safe. Throws BadRequestError if nothing usable is left. */
export function sanitizePathComponent(name: string, options: Partial<SanitizeOptions> = {}): string {
  const { target, colon, maxComponentBytes } = { ...defaultSanitizeOptions, ...options };
  let result = name.normalize('NFC');
  result = colonReplacements[colon](result);
  // Control characters are refused or invisible everywhere; slashes would make a new folder level.
  result = result.replace(/[\t\n\r\v\f]/g, ' ');
  // eslint-disable-next-line no-control-regex
  result = result.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\s*[/\\]\s*/g, '-');
  if (target === 'windows') result = result.replace(/"/g, "'").replace(/[<>?*|]/g, '');
  result = result.replace(/\(\s*\)|\[\s*\]/g, ''); // what an empty token leaves behind
  result = result.replace(/\s+/g, ' ');
  // Leading dots hide a file from Jellyfin and `ls`; trailing dots and spaces vanish on Windows.
  result = result.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  if (target === 'windows') {
    const stem = result.split('.')[0] ?? '';
    if (reservedWindowsNames.test(stem.trim())) result = `${stem.trim()}_${result.slice(stem.length)}`;
  }
  result = truncateUtf8(result, maxComponentBytes).replace(/[\s.]+$/, '');
  if (result === '') throw new BadRequestError(`"${name}" leaves nothing usable as a file or folder name`);
  return result;
}

/** Cuts to at most `maxBytes` of UTF-8 without splitting a character or a grapheme (é, 👍🏽, flags). */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let result = '';
  let bytes = 0;
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)) {
    const size = Buffer.byteLength(segment);
    if (bytes + size > maxBytes) break;
    result += segment;
    bytes += size;
  }
  return result;
}

export interface NamingTemplates {
  /** Folder(s) below the library root, e.g. "{Movie Title} ({Release Year})". */
  folderTemplate: string;
  /** File name without extension, e.g. "{Movie Title} ({Release Year}) {Quality Full}". */
  fileTemplate: string;
}

export class LibraryNamer<C> {
  private readonly folder: NamingTemplate<C>;
  private readonly file: NamingTemplate<C>;
  private readonly sanitize: SanitizeOptions;

  constructor(tokens: NamingTokens<C>, templates: NamingTemplates, sanitize: Partial<SanitizeOptions> = {}) {
    this.folder = compileTemplate(templates.folderTemplate, tokens);
    this.file = compileTemplate(templates.fileTemplate, tokens);
    if (this.file.source.includes('/') || this.file.source.includes('\\')) {
      throw new BadRequestError(`file naming template "${this.file.source}" may not contain folders`);
    }
    this.sanitize = { ...defaultSanitizeOptions, ...sanitize };
  }

  /** The folder levels below the library root, each sanitised. */
  folderFor(context: C): string[] {
    return this.folder
      .renderSegments(context)
      .map((segment) => sanitizePathComponent(segment, this.sanitize));
  }

  /** The file name; the extension (".mkv") is kept whole, the name is shortened to fit. */
  fileNameFor(context: C, extension: string): string {
    return renderFileName(this.file, context, extension, this.sanitize);
  }

  /** Absolute path of the file under `root`; guaranteed to stay inside it. */
  pathFor(root: string, context: C, extension: string): string {
    return resolveInside(root, [...this.folderFor(context), this.fileNameFor(context, extension)]);
  }
}

/** A file name from a one-level template; the extension (".mkv") is kept whole, the name shortened to fit. */
export function renderFileName<C>(
  template: NamingTemplate<C>,
  context: C,
  extension: string,
  sanitize: SanitizeOptions,
): string {
  if (!/^\.[A-Za-z0-9]{1,10}$/.test(extension))
    throw new BadRequestError(`"${extension}" is not a file extension`);
  const ext = extension.toLowerCase();
  const [stem = ''] = template.renderSegments(context);
  const budget = sanitize.maxComponentBytes - Buffer.byteLength(ext);
  return `${sanitizePathComponent(stem, { ...sanitize, maxComponentBytes: budget })}${ext}`;
}

/** `root` joined with already sanitised `segments`; throws BadRequestError if that leaves the root. */
export function resolveInside(root: string, segments: readonly string[]): string {
  const base = path.resolve(root);
  const result = path.resolve(base, ...segments);
  const relative = path.relative(base, result);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new BadRequestError(`naming produced a path outside the library root: ${result}`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Movies

export interface NamingQuality {
  /** e.g. "Bluray-1080p" */
  name: string;
  /** 2+ is a PROPER or REPACK. */
  version?: number;
  /** REAL count, from the release name. */
  real?: number;
  isRepack?: boolean;
}

/** What any library file's name may say about the release it came from. */
export interface ReleaseNamingFields {
  quality?: NamingQuality;
  releaseGroup?: string;
  mediaInfo?: MediaInfo;
  /** The release title as grabbed (Radarr's and Sonarr's {Original Title}). */
  releaseTitle?: string;
  /** The downloaded file's own name, without extension. */
  originalFileName?: string;
}

export interface MovieNamingContext extends ReleaseNamingFields {
  title: string;
  originalTitle?: string;
  year?: number;
  imdbId?: string;
  tmdbId?: number;
  editionTags?: string[];
}

export function titleThe(title: string): string {
  const match = /^(the|a|an)\s+(.+)$/i.exec(title.trim());
  return match ? `${match[2]}, ${match[1]}` : title;
}

/** The letter a title files under ("The Matrix" → "M"), for A–Z folder levels. */
export function firstCharacter(title: string): string | undefined {
  return /[\p{L}\p{N}]/u.exec(titleThe(title))?.[0]?.toUpperCase();
}

export function cleanTitle(title: string): string {
  return title
    .replace(/&/g, ' and ')
    .replace(/['’`"]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

export function formatQualityFull(quality: NamingQuality): string {
  const words = [quality.name];
  if ((quality.version ?? 1) > 1) words.push(quality.isRepack ? 'Repack' : 'Proper');
  if ((quality.real ?? 0) > 0) words.push('REAL');
  return words.join(' ');
}

export function formatVideoCodec(info: MediaInfo | undefined): string | undefined {
  const video = info?.video;
  if (!video) return undefined;
  const encoder = video.encoder?.toLowerCase() ?? '';
  switch (video.codec) {
    case 'h264':
      return encoder.includes('x264') ? 'x264' : 'h264';
    case 'hevc':
      return encoder.includes('x265') ? 'x265' : 'h265';
    case 'av1':
      return 'AV1';
    case 'vp9':
      return 'VP9';
    case 'mpeg4':
      return 'XviD';
    case 'mpeg2video':
      return 'MPEG2';
    case 'vc1':
      return 'VC1';
    default:
      return video.codec;
  }
}

function mainAudio(info: MediaInfo | undefined): AudioTrack | undefined {
  return info?.audio.find((track) => track.isDefault) ?? info?.audio[0];
}

const audioCodecNames: Record<string, string> = {
  aac: 'AAC',
  ac3: 'AC3',
  eac3: 'EAC3',
  truehd: 'TrueHD',
  flac: 'FLAC',
  opus: 'Opus',
  mp3: 'MP3',
  mp2: 'MP2',
  vorbis: 'Vorbis',
};

export function formatAudioCodec(info: MediaInfo | undefined): string | undefined {
  const audio = mainAudio(info);
  if (!audio) return undefined;
  if (audio.codec === 'dts') {
    if (audio.profile && /MA/.test(audio.profile)) return 'DTS-HD MA';
    if (audio.profile && /HRA|HD/.test(audio.profile)) return 'DTS-HD HRA';
    if (audio.profile && /X/.test(audio.profile)) return 'DTS-X';
    return 'DTS';
  }
  if (audio.codec.startsWith('pcm_')) return 'PCM';
  return audioCodecNames[audio.codec] ?? audio.codec.toUpperCase();
}

export function formatAudioChannels(info: MediaInfo | undefined): string | undefined {
  const audio = mainAudio(info);
  if (!audio || audio.channels <= 0) return undefined;
  const layout = /^(\d)\.(\d)/.exec(audio.channelLayout ?? '');
  if (layout) return `${layout[1]}.${layout[2]}`;
  if (audio.channelLayout === 'stereo') return '2.0';
  if (audio.channelLayout === 'mono') return '1.0';
  // Without a layout, six or eight channels are by convention 5.1 and 7.1 (one is the LFE).
  return audio.channels >= 6 ? `${audio.channels - 1}.1` : `${audio.channels}.0`;
}

export function formatDynamicRange(info: MediaInfo | undefined): string | undefined {
  const range = info?.video?.dynamicRange;
  return range && range !== 'SDR' ? range : undefined;
}

/** The tokens every library shares: quality, release group, media info and the original names. */
export function registerReleaseTokens<C extends ReleaseNamingFields>(
  tokens: NamingTokens<C>,
): NamingTokens<C> {
  return tokens
    .register('Quality Full', (c) => (c.quality ? formatQualityFull(c.quality) : undefined))
    .register('Quality Title', (c) => c.quality?.name)
    .register('Release Group', (c) => c.releaseGroup)
    .register('MediaInfo VideoCodec', (c) => formatVideoCodec(c.mediaInfo))
    .register('MediaInfo VideoBitDepth', (c) => c.mediaInfo?.video?.bitDepth)
    .register('MediaInfo AudioCodec', (c) => formatAudioCodec(c.mediaInfo))
    .register('MediaInfo AudioChannels', (c) => formatAudioChannels(c.mediaInfo))
    .register('MediaInfo VideoDynamicRange', (c) => (formatDynamicRange(c.mediaInfo) ? 'HDR' : undefined))
    .register('MediaInfo VideoDynamicRangeType', (c) => formatDynamicRange(c.mediaInfo))
    .register('MediaInfo Simple', (c) =>
      [formatVideoCodec(c.mediaInfo), formatAudioCodec(c.mediaInfo)].filter(Boolean).join(' '),
    )
    .register('Original Title', (c) => c.releaseTitle)
    .register('Original Filename', (c) => c.originalFileName);
}

export const movieTokens = registerReleaseTokens(
  new NamingTokens<MovieNamingContext>()
    .register('Movie Title', (c) => c.title)
    .register('Movie CleanTitle', (c) => cleanTitle(c.title))
    .register('Movie TitleThe', (c) => titleThe(c.title))
    .register('Movie TitleFirstCharacter', (c) => firstCharacter(c.title))
    .register('Movie OriginalTitle', (c) => c.originalTitle)
    .register('Release Year', (c) => c.year)
    .register('Edition Tags', (c) => c.editionTags?.join(' '))
    .register('ImdbId', (c) => c.imdbId)
    .register('TmdbId', (c) => c.tmdbId),
);

export const defaultMovieTemplates: NamingTemplates = {
  folderTemplate: '{Movie Title} ({Release Year})',
  fileTemplate: '{Movie Title} ({Release Year}) {[Edition Tags]} {[Quality Full]}{-Release Group}',
};

export function createMovieNamer(
  templates: NamingTemplates = defaultMovieTemplates,
  sanitize: Partial<SanitizeOptions> = {},
): LibraryNamer<MovieNamingContext> {
  return new LibraryNamer(movieTokens, templates, sanitize);
}
