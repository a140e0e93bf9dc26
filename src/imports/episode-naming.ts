// Owns TV library names: the series folder, the season folder ("Specials" for season 0) and the episode
// file name, from templates with the tokens Sonarr users know, including the multi-episode styles that
// name one file holding several episodes (S01E01E02, S01E01-03, …).
//
//   episodeTokens: NamingTokens<EpisodeNamingValues>             what templates may use
//   expandMultiEpisode(template, episodes, style): string         pure; the style applied to the template
//   class EpisodeNamer  constructor(settings?: Partial<EpisodeNamingSettings>, sanitize?)
//     seriesFolderFor(ctx): string[]   seasonFolderFor(ctx): string[]     fileNameFor(ctx, extension): string
//     pathFor(seriesPath, ctx, extension, { seasonFolders }): string      always inside seriesPath
//
// The file template is picked per file: daily series use the daily one when every episode has an air
// date, anime the anime one when every episode has an absolute number, the standard one otherwise.
// A multi-episode style rewrites the template's `S{season:00}E{episode:00}` part (and `{absolute:000}`)
// with the further numbers before it is compiled, as Sonarr does: the template stays the user's own.
import { BadRequestError } from '../shared/errors.js';
import type { SeriesType } from '../series/series.js';
import {
  cleanTitle,
  compileTemplate,
  defaultSanitizeOptions,
  firstCharacter,
  NamingTokens,
  registerReleaseTokens,
  renderFileName,
  resolveInside,
  sanitizePathComponent,
  titleThe,
  truncateUtf8,
  type NamingTemplate,
  type ReleaseNamingFields,
  type SanitizeOptions,
} from './naming.js';

export interface NamingEpisode {
  seasonNumber: number;
  episodeNumber: number;
  absoluteNumber: number | null;
  title: string;
  /** `YYYY-MM-DD`. */
  airDate: string | null;
}

export interface EpisodeNamingContext extends ReleaseNamingFields {
  seriesTitle: string;
  year?: number | null;
  tvdbId?: number | null;
  tvmazeId?: number | null;
  tmdbId?: number | null;
  imdbId?: string | null;
  seriesType: SeriesType;
  /** The episodes the file holds (one, or several for a multi-episode file); any order. */
  episodes: readonly NamingEpisode[];
}

/** What the tokens read: the context with its episodes in order and their joined title. */
export interface EpisodeNamingValues extends EpisodeNamingContext {
  episodes: readonly NamingEpisode[];
  episodeTitle: string | undefined;
}

export const multiEpisodeStyles = [
  'extend',
  'duplicate',
  'repeat',
  'scene',
  'range',
  'prefixedRange',
] as const;
export type MultiEpisodeStyle = (typeof multiEpisodeStyles)[number];

/** Sonarr's naming settings, by its names. */
export interface EpisodeNamingSettings {
  standardEpisodeFormat: string;
  dailyEpisodeFormat: string;
  animeEpisodeFormat: string;
  /** Below the root folder, e.g. "{Series TitleYear}". */
  seriesFolderFormat: string;
  /** Below the series folder, e.g. "Season {season:00}". */
  seasonFolderFormat: string;
  /** The season folder of season 0. */
  specialsFolderFormat: string;
  multiEpisodeStyle: MultiEpisodeStyle;
}

export const defaultEpisodeNaming: EpisodeNamingSettings = {
  standardEpisodeFormat: '{Series Title} - S{season:00}E{episode:00} - {Episode Title} {Quality Full}',
  dailyEpisodeFormat: '{Series Title} - {Air-Date} - {Episode Title} {Quality Full}',
  animeEpisodeFormat:
    '{Series Title} - S{season:00}E{episode:00} - {absolute:000} - {Episode Title} {Quality Full}',
  seriesFolderFormat: '{Series TitleYear}',
  seasonFolderFormat: 'Season {season:00}',
  specialsFolderFormat: 'Specials',
  multiEpisodeStyle: 'extend',
};

const endsWithYear = /\(\d{4}\)$/;
// "Pilot (1)", "Pilot (2)"; "The End, Part 1"; "Finale: Pt. 2": one title told in parts.
const partSuffix = /(?:[:,]?\s*(?:\((?:\d+|(?:part|pt\.?)\s*\d+)\)|(?:part|pt\.?)\s*\d+))$/i;

/** "Title (Year)", unless the title already ends with a year in brackets ("Doctor Who (2005)"). */
function withYear(title: string, year: number | null | undefined): string {
  return year === undefined || year === null || endsWithYear.test(title.trim())
    ? title
    : `${title} (${year})`;
}

function titleWithoutYear(title: string): string {
  return title.replace(/\s*\(\d{4}\)$/, '');
}

/** "A + B"; the parts of one title ("Pilot (1)", "Pilot (2)") as that title once. */
export function joinEpisodeTitles(titles: readonly string[]): string | undefined {
  const named = titles.map((title) => title.trim()).filter((title) => title !== '');
  if (named.length === 0) return undefined;
  const bases = named.map((title) => title.replace(partSuffix, '').trim());
  const [first] = bases;
  if (named.length > 1 && first && bases.every((base) => base === first)) return first;
  return [...new Set(named)].join(' + ');
}

/** `2024 03 05`: the joiner of `{Air-Date}`, `{Air.Date}` or `{Air Date}` replaces the spaces. */
function airDate(c: EpisodeNamingValues): string | undefined {
  return c.episodes[0]?.airDate?.replace(/-/g, ' ');
}

export const episodeTokens = registerReleaseTokens(
  new NamingTokens<EpisodeNamingValues>()
    .register('Series Title', (c) => c.seriesTitle)
    .register('Series TitleYear', (c) => withYear(c.seriesTitle, c.year))
    .register('Series TitleWithoutYear', (c) => titleWithoutYear(c.seriesTitle))
    .register('Series CleanTitle', (c) => cleanTitle(c.seriesTitle))
    .register('Series CleanTitleYear', (c) => cleanTitle(withYear(c.seriesTitle, c.year)))
    .register('Series TitleThe', (c) => titleThe(c.seriesTitle))
    .register('Series TitleTheYear', (c) => withYear(titleThe(c.seriesTitle), c.year))
    .register('Series TitleFirstCharacter', (c) => firstCharacter(c.seriesTitle))
    .register('Series Year', (c) => c.year ?? undefined)
    .register('season', (c) => c.episodes[0]?.seasonNumber)
    .register('episode', (c) => c.episodes[0]?.episodeNumber)
    .register('absolute', (c) => c.episodes[0]?.absoluteNumber ?? undefined)
    .register('Episode Title', (c) => c.episodeTitle)
    .register('Episode CleanTitle', (c) => (c.episodeTitle ? cleanTitle(c.episodeTitle) : undefined))
    .register('Air Date', airDate)
    .register('TvdbId', (c) => c.tvdbId ?? undefined)
    .register('TvMazeId', (c) => c.tvmazeId ?? undefined)
    .register('TmdbId', (c) => c.tmdbId ?? undefined)
    .register('ImdbId', (c) => c.imdbId ?? undefined),
);

// `S{season:00}E{episode:00}`, `s{season}e{episode:00}`, `{season}x{episode:00}`, `S{season:00}.E{episode:00}`.
const seasonEpisodePattern = /(s?)\{season(?::(0+))?\}([-._ ]?[ex])\{episode(?::(0+))?\}/gi;
const absolutePattern = /\{absolute(?::(0+))?\}/gi;

function pad(value: number, zeros: string | undefined): string {
  return String(value).padStart(zeros?.length ?? 0, '0');
}

/**
 * The template with the further episodes of a multi-episode file written in, per style
 * (for S01E01 + E02 + E03): extend S01E01-02-03, duplicate S01E01 - S01E02 - S01E03 (the template's own
 * separator), repeat S01E01E02E03, scene S01E01-E02-E03, range S01E01-03, prefixed range S01E01-E03.
 * Absolute numbers: 001-003 for the range styles, 001-002-003 for the others.
 */
export function expandMultiEpisode(
  template: string,
  episodes: readonly NamingEpisode[],
  style: MultiEpisodeStyle,
): string {
  const [first, ...more] = episodes;
  if (!first || more.length === 0) return template;
  const last = more[more.length - 1] as NamingEpisode;
  const ranged = style === 'range' || style === 'prefixedRange';
  const expanded = template.replace(
    seasonEpisodePattern,
    (
      whole: string,
      prefix: string,
      seasonZeros: string | undefined,
      separator: string,
      episodeZeros: string | undefined,
      offset: number,
    ) => {
      const number = (episode: NamingEpisode) => pad(episode.episodeNumber, episodeZeros);
      // The episode letter without what precedes it: "S01.E01" scene-extends as "-E02", not "-.E02".
      const letter = separator.replace(/^[-._ ]/, '');
      switch (style) {
        case 'extend':
          return whole + more.map((e) => `-${number(e)}`).join('');
        case 'duplicate': {
          const between = /[-._ ]+$/.exec(template.slice(0, offset))?.[0] ?? ' ';
          return (
            whole +
            more
              .map((e) => `${between}${prefix}${pad(e.seasonNumber, seasonZeros)}${separator}${number(e)}`)
              .join('')
          );
        }
        case 'repeat':
          return whole + more.map((e) => `${separator}${number(e)}`).join('');
        case 'scene':
          return whole + more.map((e) => `-${letter}${number(e)}`).join('');
        case 'range':
          return `${whole}-${number(last)}`;
        case 'prefixedRange':
          return `${whole}-${letter}${number(last)}`;
      }
    },
  );
  const absolutes = episodes.map((e) => e.absoluteNumber);
  if (absolutes.some((n) => n === null)) return expanded;
  return expanded.replace(absolutePattern, (whole: string, zeros: string | undefined) => {
    const numbers = (absolutes as number[]).map((n) => pad(n, zeros));
    return ranged
      ? `${whole}-${numbers[numbers.length - 1] ?? ''}`
      : whole +
          numbers
            .slice(1)
            .map((n) => `-${n}`)
            .join('');
  });
}

type FileFormat = 'standard' | 'daily' | 'anime';

// What tells two episodes' files apart in each format; without it every file of a season has one name.
const identifies: Record<FileFormat, RegExp> = {
  standard: /\{episode(?::0+)?\}/i,
  daily: /\{air[-._ ]date\}|\{episode(?::0+)?\}/i,
  anime: /\{absolute(?::0+)?\}|\{episode(?::0+)?\}/i,
};

function sortEpisodes(episodes: readonly NamingEpisode[]): NamingEpisode[] {
  return [...episodes].sort((a, b) => a.seasonNumber - b.seasonNumber || a.episodeNumber - b.episodeNumber);
}

export class EpisodeNamer {
  readonly settings: EpisodeNamingSettings;
  private readonly sanitize: SanitizeOptions;
  private readonly seriesFolder: NamingTemplate<EpisodeNamingValues>;
  private readonly seasonFolder: NamingTemplate<EpisodeNamingValues>;
  private readonly specialsFolder: NamingTemplate<EpisodeNamingValues>;
  private readonly formats: Record<FileFormat, string>;
  /** Compiled file templates by their expanded text: a season of two-episode files compiles once. */
  private readonly compiled = new Map<string, NamingTemplate<EpisodeNamingValues>>();

  constructor(settings: Partial<EpisodeNamingSettings> = {}, sanitize: Partial<SanitizeOptions> = {}) {
    this.settings = { ...defaultEpisodeNaming, ...settings };
    this.sanitize = { ...defaultSanitizeOptions, ...sanitize };
    const s = this.settings;
    if (!multiEpisodeStyles.includes(s.multiEpisodeStyle)) {
      throw new BadRequestError(`"${String(s.multiEpisodeStyle)}" is not a multi-episode style`, {
        known: multiEpisodeStyles,
      });
    }
    this.seriesFolder = compileTemplate(s.seriesFolderFormat, episodeTokens);
    this.seasonFolder = compileTemplate(s.seasonFolderFormat, episodeTokens);
    this.specialsFolder = compileTemplate(s.specialsFolderFormat, episodeTokens);
    this.formats = {
      standard: s.standardEpisodeFormat,
      daily: s.dailyEpisodeFormat,
      anime: s.animeEpisodeFormat,
    };
    for (const [format, template] of Object.entries(this.formats) as Array<[FileFormat, string]>) {
      if (/[/\\]/.test(template)) {
        throw new BadRequestError(`${format} episode format "${template}" may not contain folders`);
      }
      this.fileTemplate(template);
      if (!identifies[format].test(template)) {
        throw new BadRequestError(
          `${format} episode format "${template}" gives every episode the same name: it needs ${format === 'daily' ? '{Air-Date} or ' : format === 'anime' ? '{absolute:000} or ' : ''}{episode:00}`,
        );
      }
    }
  }

  /** The series folder level(s) below the root folder. */
  seriesFolderFor(context: Omit<EpisodeNamingContext, 'episodes'>): string[] {
    const values = { ...context, episodes: [], episodeTitle: undefined };
    return this.seriesFolder
      .renderSegments(values)
      .map((segment) => sanitizePathComponent(segment, this.sanitize));
  }

  /** The season folder levels below the series folder, for the season of the context's first episode. */
  seasonFolderFor(context: EpisodeNamingContext): string[] {
    const values = this.valuesOf(context);
    const first = values.episodes[0];
    if (!first) throw new BadRequestError('a season folder needs an episode');
    const template = first.seasonNumber === 0 ? this.specialsFolder : this.seasonFolder;
    return template.renderSegments(values).map((segment) => sanitizePathComponent(segment, this.sanitize));
  }

  /** The episode file's name; a long joined episode title is shortened ("…") before anything else is. */
  fileNameFor(context: EpisodeNamingContext, extension: string): string {
    const values = this.valuesOf(context);
    if (values.episodes.length === 0) throw new BadRequestError('an episode file name needs an episode');
    const template = this.fileTemplate(
      expandMultiEpisode(
        this.formats[this.formatFor(values)],
        values.episodes,
        this.settings.multiEpisodeStyle,
      ),
    );
    const budget = this.sanitize.maxComponentBytes - Buffer.byteLength(extension);
    const [stem = ''] = template.renderSegments(values);
    const excess =
      Buffer.byteLength(sanitizePathComponent(stem, { ...this.sanitize, maxComponentBytes: Infinity })) -
      budget;
    const title = values.episodeTitle;
    if (excess > 0 && title) {
      const keep = Buffer.byteLength(title) - excess - Buffer.byteLength('…');
      const shortened = keep > 0 ? `${truncateUtf8(title, keep).trimEnd()}…` : undefined;
      return renderFileName(template, { ...values, episodeTitle: shortened }, extension, this.sanitize);
    }
    return renderFileName(template, values, extension, this.sanitize);
  }

  /** Where the file goes: `seriesPath[/season folder]/file`, never outside `seriesPath`. */
  pathFor(
    seriesPath: string,
    context: EpisodeNamingContext,
    extension: string,
    options: { seasonFolders: boolean },
  ): string {
    return episodePath(this, seriesPath, context, extension, options);
  }

  private formatFor(values: EpisodeNamingValues): FileFormat {
    if (values.seriesType === 'daily' && values.episodes.every((e) => e.airDate !== null)) return 'daily';
    if (values.seriesType === 'anime' && values.episodes.every((e) => e.absoluteNumber !== null))
      return 'anime';
    return 'standard';
  }

  private fileTemplate(source: string): NamingTemplate<EpisodeNamingValues> {
    let template = this.compiled.get(source);
    if (!template) {
      template = compileTemplate(source, episodeTokens);
      if (this.compiled.size >= 256) this.compiled.clear();
      this.compiled.set(source, template);
    }
    return template;
  }

  private valuesOf(context: EpisodeNamingContext): EpisodeNamingValues {
    const episodes = sortEpisodes(context.episodes);
    return { ...context, episodes, episodeTitle: joinEpisodeTitles(episodes.map((e) => e.title)) };
  }
}

/** Where a namer puts a file: `seriesPath[/season folder]/file`, never outside `seriesPath`. */
export function episodePath(
  namer: Pick<EpisodeNamer, 'seasonFolderFor' | 'fileNameFor'>,
  seriesPath: string,
  context: EpisodeNamingContext,
  extension: string,
  options: { seasonFolders: boolean },
): string {
  const folders = options.seasonFolders ? namer.seasonFolderFor(context) : [];
  return resolveInside(seriesPath, [...folders, namer.fileNameFor(context, extension)]);
}
