// Owns the naming settings: Sonarr's fields for TV, Radarr's for movies, the colon replacement both
// share; what makes one of them wrong; the namers they make; the example names a naming screen shows.
//
//   namingSection: SettingsSection          fields with today's templates as defaults
//   type NamingSettings                     its value
//   class LibraryNaming(settings)           movies: folderFor, fileNameFor; episodes: seriesFolderFor,
//                                           seasonFolderFor, fileNameFor, pathFor
//   namingExamples(settings): NamingExamples
//
// Renaming off (renameEpisodes / renameMovies false) keeps the downloaded file's own name, as Sonarr
// and Radarr do, made safe for the library's file system; the folders still follow their templates.
// Both default to on, unlike Sonarr and Radarr: Omniarr has always named files, and a library named
// one way stays consistent.
import { z } from 'zod';
import {
  defaultEpisodeNaming,
  EpisodeNamer,
  episodePath,
  episodeTokens,
  multiEpisodeStyles,
  type EpisodeNamingContext,
  type EpisodeNamingValues,
  type NamingEpisode,
} from '../imports/episode-naming.js';
import type { MediaInfo } from '../imports/media-probe.js';
import {
  compileTemplate,
  defaultMovieTemplates,
  defaultSanitizeOptions,
  LibraryNamer,
  movieTokens,
  renderFileName,
  type ColonReplacement,
  type MovieNamingContext,
  type NamingTemplate,
  type ReleaseNamingFields,
  type SanitizeOptions,
} from '../imports/naming.js';
import { BadRequestError } from '../shared/errors.js';
import { settingsSection, type FieldProblems } from './settings.service.js';

export const colonReplacements = [
  'delete',
  'dash',
  'spaceDash',
  'spaceDashSpace',
  'smart',
] as const satisfies readonly ColonReplacement[];

const MAX_TEMPLATE_LENGTH = 1000;

const template = (fallback: string, description: string) =>
  z.string().max(MAX_TEMPLATE_LENGTH).default(fallback).describe(description);

export const namingSchema = z.object({
  renameEpisodes: z
    .boolean()
    .default(true)
    .describe('Name episode files by the episode formats; off keeps the downloaded file name.'),
  standardEpisodeFormat: template(
    defaultEpisodeNaming.standardEpisodeFormat,
    'Episode file name (no extension); needs {season:00} and {episode:00}.',
  ),
  dailyEpisodeFormat: template(
    defaultEpisodeNaming.dailyEpisodeFormat,
    'Daily series: episode file name; needs {Air-Date} or {episode:00}.',
  ),
  animeEpisodeFormat: template(
    defaultEpisodeNaming.animeEpisodeFormat,
    'Anime series: episode file name; needs {absolute:000} or {episode:00}.',
  ),
  seriesFolderFormat: template(
    defaultEpisodeNaming.seriesFolderFormat,
    "A new series' folder below its root folder; '/' makes nested folders.",
  ),
  seasonFolderFormat: template(
    defaultEpisodeNaming.seasonFolderFormat,
    'Season folder below the series folder (series with season folders on); needs {season}.',
  ),
  specialsFolderFormat: template(defaultEpisodeNaming.specialsFolderFormat, 'The folder of season 0.'),
  multiEpisodeStyle: z
    .enum(multiEpisodeStyles)
    .default(defaultEpisodeNaming.multiEpisodeStyle)
    .describe(
      'A file of several episodes: extend S01E01-02-03, duplicate S01E01 - S01E02, repeat S01E01E02E03, scene S01E01-E02-E03, range S01E01-03, prefixedRange S01E01-E03.',
    ),
  renameMovies: z
    .boolean()
    .default(true)
    .describe('Name movie files by standardMovieFormat; off keeps the downloaded file name.'),
  standardMovieFormat: template(defaultMovieTemplates.fileTemplate, 'Movie file name (no extension).'),
  movieFolderFormat: template(
    defaultMovieTemplates.folderTemplate,
    "A new movie's folder below its root folder; '/' makes nested folders.",
  ),
  colonReplacement: z
    .enum(colonReplacements)
    .default(defaultSanitizeOptions.colon)
    .describe(
      'What a colon in a name becomes: delete, dash "-", spaceDash " -", spaceDashSpace " - ", smart (" - " between words, "-" between digits).',
    ),
});

export type NamingSettings = z.output<typeof namingSchema>;

export const namingSection = settingsSection('naming', namingSchema, namingProblems);

type EpisodeTemplateField =
  | 'standardEpisodeFormat'
  | 'dailyEpisodeFormat'
  | 'animeEpisodeFormat'
  | 'seriesFolderFormat'
  | 'seasonFolderFormat'
  | 'specialsFolderFormat';

/** What each template, on its own beside the defaults, does wrong: it fails to compile or to render. */
export function namingProblems(settings: NamingSettings): FieldProblems {
  const problems: FieldProblems = {};
  const check = (field: string, attempt: () => void) => {
    try {
      attempt();
    } catch (error) {
      if (!(error instanceof BadRequestError)) throw error;
      problems[field] = error.message;
    }
  };
  const sanitize = { colon: settings.colonReplacement };
  const episodeField = (field: EpisodeTemplateField, render: (namer: EpisodeNamer) => unknown) =>
    check(field, () => {
      render(new EpisodeNamer({ ...defaultEpisodeNaming, [field]: settings[field] }, sanitize));
    });

  episodeField('standardEpisodeFormat', (namer) => {
    requireToken(settings.standardEpisodeFormat, isSeason, 'needs {season:00}: else seasons share names');
    namer.fileNameFor(examples.single, '.mkv');
    namer.fileNameFor(examples.multi, '.mkv');
  });
  episodeField('dailyEpisodeFormat', (namer) => namer.fileNameFor(examples.daily, '.mkv'));
  episodeField('animeEpisodeFormat', (namer) => {
    namer.fileNameFor(examples.anime, '.mkv');
    namer.fileNameFor(examples.animeMulti, '.mkv');
  });
  episodeField('seriesFolderFormat', (namer) => {
    requireToken(
      settings.seriesFolderFormat,
      namesSeries,
      'needs the series title or an id: else series share a folder',
    );
    namer.seriesFolderFor(examples.single);
  });
  episodeField('seasonFolderFormat', (namer) => {
    requireToken(
      settings.seasonFolderFormat,
      isSeason,
      'needs {season}: else every season shares one folder',
    );
    namer.seasonFolderFor(examples.single);
  });
  episodeField('specialsFolderFormat', (namer) => namer.seasonFolderFor(examples.special));

  check('standardMovieFormat', () => {
    const namer = new LibraryNamer(
      movieTokens,
      { ...defaultMovieTemplates, fileTemplate: settings.standardMovieFormat },
      sanitize,
    );
    namer.fileNameFor(examples.movie, '.mkv');
  });
  check('movieFolderFormat', () => {
    requireToken(
      settings.movieFolderFormat,
      namesMovie,
      'needs the movie title or an id: else movies share a folder',
    );
    const namer = new LibraryNamer(
      movieTokens,
      { ...defaultMovieTemplates, folderTemplate: settings.movieFolderFormat },
      sanitize,
    );
    namer.folderFor(examples.movie);
  });
  return problems;
}

/** Token names as the registry keys them: `{Series.TitleYear}` → "series titleyear". */
function tokenNames(source: string): string[] {
  return [...source.matchAll(/\{([^{}]*)\}/g)].map(([, body = '']) =>
    body
      .replace(/^[-._ [(]+/, '')
      .replace(/:[^:]*$/, '')
      .replace(/[-._ )\]]+$/, '')
      .toLowerCase()
      .split(/[ ._-]+/)
      .join(' '),
  );
}

function requireToken(source: string, accepts: (name: string) => boolean, message: string): void {
  // An empty template says so itself when it is compiled.
  if (source.trim() !== '' && !tokenNames(source).some(accepts)) throw new BadRequestError(message);
}

const isSeason = (name: string) => name === 'season';
const ids = new Set(['tvdbid', 'tvmazeid', 'tmdbid', 'imdbid']);
const namesSeries = (name: string) =>
  ids.has(name) || (/^series (clean)?title/.test(name) && name !== 'series titlefirstcharacter');
const namesMovie = (name: string) =>
  ids.has(name) || (/^movie (clean|original)?title/.test(name) && name !== 'movie titlefirstcharacter');

// ---------------------------------------------------------------------------------------------------
// Namers

/** Pick of EpisodeNamer the library needs; renaming off keeps the file names. */
export type EpisodeFileNamer = Pick<
  EpisodeNamer,
  'seriesFolderFor' | 'seasonFolderFor' | 'fileNameFor' | 'pathFor'
>;
export type MovieFileNamer = Pick<LibraryNamer<MovieNamingContext>, 'folderFor' | 'fileNameFor'>;

const ORIGINAL_FILE_NAME = '{Original Filename}';

/** The namers one set of naming settings makes. */
export class LibraryNaming {
  readonly movies: MovieFileNamer;
  readonly episodes: EpisodeFileNamer;

  constructor(readonly settings: NamingSettings) {
    const sanitize = { colon: settings.colonReplacement };
    this.movies = new LibraryNamer(
      movieTokens,
      {
        folderTemplate: settings.movieFolderFormat,
        fileTemplate: settings.renameMovies ? settings.standardMovieFormat : ORIGINAL_FILE_NAME,
      },
      sanitize,
    );
    const episodes = new EpisodeNamer(
      {
        standardEpisodeFormat: settings.standardEpisodeFormat,
        dailyEpisodeFormat: settings.dailyEpisodeFormat,
        animeEpisodeFormat: settings.animeEpisodeFormat,
        seriesFolderFormat: settings.seriesFolderFormat,
        seasonFolderFormat: settings.seasonFolderFormat,
        specialsFolderFormat: settings.specialsFolderFormat,
        multiEpisodeStyle: settings.multiEpisodeStyle,
      },
      sanitize,
    );
    this.episodes = settings.renameEpisodes ? episodes : new OriginalEpisodeFileNames(episodes, sanitize);
  }
}

/** Episode files keep the name they were downloaded with; folders still come from the templates. */
class OriginalEpisodeFileNames implements EpisodeFileNamer {
  private readonly original: NamingTemplate<EpisodeNamingValues>;
  private readonly sanitize: SanitizeOptions;

  constructor(
    private readonly namer: EpisodeNamer,
    sanitize: Partial<SanitizeOptions>,
  ) {
    this.original = compileTemplate(ORIGINAL_FILE_NAME, episodeTokens);
    this.sanitize = { ...defaultSanitizeOptions, ...sanitize };
  }

  seriesFolderFor(context: Omit<EpisodeNamingContext, 'episodes'>): string[] {
    return this.namer.seriesFolderFor(context);
  }

  seasonFolderFor(context: EpisodeNamingContext): string[] {
    return this.namer.seasonFolderFor(context);
  }

  fileNameFor(context: EpisodeNamingContext, extension: string): string {
    return renderFileName(this.original, { ...context, episodeTitle: undefined }, extension, this.sanitize);
  }

  pathFor(
    seriesPath: string,
    context: EpisodeNamingContext,
    extension: string,
    options: { seasonFolders: boolean },
  ): string {
    return episodePath(this, seriesPath, context, extension, options);
  }
}

// ---------------------------------------------------------------------------------------------------
// Examples

export interface NamingExamples {
  singleEpisodeExample: string;
  multiEpisodeExample: string;
  dailyEpisodeExample: string;
  animeEpisodeExample: string;
  animeMultiEpisodeExample: string;
  seriesFolderExample: string;
  seasonFolderExample: string;
  specialsFolderExample: string;
  movieExample: string;
  movieFolderExample: string;
}

const exampleMediaInfo: MediaInfo = {
  container: 'mkv',
  formatName: 'matroska,webm',
  durationSeconds: 2640,
  sizeBytes: undefined,
  bitRate: undefined,
  video: {
    codec: 'h264',
    profile: 'High',
    width: 1920,
    height: 1080,
    bitDepth: 8,
    dynamicRange: 'SDR',
    framesPerSecond: 23.976,
    encoder: 'x264',
  },
  audio: [
    {
      codec: 'eac3',
      profile: undefined,
      channels: 6,
      channelLayout: '5.1(side)',
      language: 'eng',
      isDefault: true,
    },
  ],
  subtitles: [],
  warnings: [],
};

function release(releaseTitle: string): ReleaseNamingFields {
  return {
    quality: { name: 'WEBDL-1080p', version: 1, real: 0, isRepack: false },
    releaseGroup: 'RlsGrp',
    mediaInfo: exampleMediaInfo,
    releaseTitle,
    originalFileName: releaseTitle,
  };
}

function episode(seasonNumber: number, episodeNumber: number, extra: Partial<NamingEpisode> = {}) {
  return {
    seasonNumber,
    episodeNumber,
    absoluteNumber: null,
    title: `Episode Title (${episodeNumber})`,
    airDate: '2013-10-30',
    ...extra,
  };
}

const standardSeries = {
  seriesTitle: "The Series Title's!",
  year: 2010,
  tvdbId: 12345,
  tvmazeId: 678,
  tmdbId: 9012,
  imdbId: 'tt0012345',
  seriesType: 'standard' as const,
};

const examples = {
  single: {
    ...standardSeries,
    episodes: [episode(1, 1)],
    ...release('The.Series.Titles.S01E01.1080p.WEB-DL.DDP5.1.H.264-RlsGrp'),
  },
  multi: {
    ...standardSeries,
    episodes: [episode(1, 1), episode(1, 2), episode(1, 3)],
    ...release('The.Series.Titles.S01E01-E03.1080p.WEB-DL.DDP5.1.H.264-RlsGrp'),
  },
  special: {
    ...standardSeries,
    episodes: [episode(0, 1, { title: 'Special Title' })],
    ...release('The.Series.Titles.S00E01.1080p.WEB-DL.DDP5.1.H.264-RlsGrp'),
  },
  daily: {
    ...standardSeries,
    seriesType: 'daily' as const,
    episodes: [episode(2013, 10, { title: 'Episode Title' })],
    ...release('The.Series.Titles.2013.10.30.1080p.WEB-DL.DDP5.1.H.264-RlsGrp'),
  },
  anime: {
    ...standardSeries,
    seriesType: 'anime' as const,
    episodes: [episode(1, 1, { absoluteNumber: 1 })],
    ...release('[RlsGrp] The Series Title - 001 (1080p) [ABCD1234]'),
  },
  animeMulti: {
    ...standardSeries,
    seriesType: 'anime' as const,
    episodes: [episode(1, 1, { absoluteNumber: 1 }), episode(1, 2, { absoluteNumber: 2 })],
    ...release('[RlsGrp] The Series Title - 001-002 (1080p) [ABCD1234]'),
  },
  movie: {
    title: "The Movie's Title",
    originalTitle: "The Movie's Title",
    year: 2010,
    imdbId: 'tt0054321',
    tmdbId: 4321,
    editionTags: ["Director's Cut"],
    ...release("The.Movie's.Title.2010.Director's.Cut.1080p.WEB-DL.DDP5.1.H.264-RlsGrp"),
  },
} satisfies Record<string, EpisodeNamingContext | MovieNamingContext>;

/** The names these settings give the example series, episodes and movie (files as `.mkv`). */
export function namingExamples(settings: NamingSettings): NamingExamples {
  const { movies, episodes } = new LibraryNaming(settings);
  return {
    singleEpisodeExample: episodes.fileNameFor(examples.single, '.mkv'),
    multiEpisodeExample: episodes.fileNameFor(examples.multi, '.mkv'),
    dailyEpisodeExample: episodes.fileNameFor(examples.daily, '.mkv'),
    animeEpisodeExample: episodes.fileNameFor(examples.anime, '.mkv'),
    animeMultiEpisodeExample: episodes.fileNameFor(examples.animeMulti, '.mkv'),
    seriesFolderExample: episodes.seriesFolderFor(examples.single).join('/'),
    seasonFolderExample: episodes.seasonFolderFor(examples.single).join('/'),
    specialsFolderExample: episodes.seasonFolderFor(examples.special).join('/'),
    movieExample: movies.fileNameFor(examples.movie, '.mkv'),
    movieFolderExample: movies.folderFor(examples.movie).join('/'),
  };
}
