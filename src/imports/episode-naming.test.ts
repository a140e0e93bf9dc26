import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../shared/errors.js';
import {
  EpisodeNamer,
  type EpisodeNamingContext,
  expandMultiEpisode,
  joinEpisodeTitles,
  type MultiEpisodeStyle,
  type NamingEpisode,
} from './episode-naming.js';

function episode(
  seasonNumber: number,
  episodeNumber: number,
  extra: Partial<NamingEpisode> = {},
): NamingEpisode {
  return {
    seasonNumber,
    episodeNumber,
    absoluteNumber: null,
    title: `Episode ${episodeNumber}`,
    airDate: null,
    ...extra,
  };
}

const severance: EpisodeNamingContext = {
  seriesTitle: 'Severance',
  year: 2022,
  tvdbId: 371980,
  tvmazeId: 44933,
  tmdbId: 95396,
  imdbId: 'tt11280740',
  seriesType: 'standard',
  episodes: [episode(2, 7, { title: 'Chikhai Bardo', airDate: '2025-02-28' })],
  quality: { name: 'WEBDL-2160p', version: 2, isRepack: true },
  releaseGroup: 'FLUX',
  releaseTitle: 'Severance.S02E07.2160p.ATVP.WEB-DL.DDP5.1.Atmos.H.265-FLUX',
  originalFileName: 'Severance.S02E07.2160p-FLUX',
  mediaInfo: {
    container: 'mkv',
    formatName: 'matroska,webm',
    durationSeconds: 3000,
    sizeBytes: 1,
    bitRate: 1,
    video: {
      codec: 'hevc',
      profile: 'Main 10',
      width: 3840,
      height: 2160,
      bitDepth: 10,
      dynamicRange: 'DV',
      framesPerSecond: 24,
      encoder: undefined,
    },
    audio: [
      {
        codec: 'eac3',
        profile: undefined,
        channels: 6,
        channelLayout: '5.1',
        language: 'eng',
        isDefault: true,
      },
    ],
    subtitles: [],
    warnings: [],
  },
};

function name(
  standardEpisodeFormat: string,
  context: EpisodeNamingContext = severance,
  style: MultiEpisodeStyle = 'extend',
): string {
  return new EpisodeNamer({ standardEpisodeFormat, multiEpisodeStyle: style }).fileNameFor(context, '.mkv');
}

describe('TV naming tokens', () => {
  it.each([
    ['{Series Title} - S{season:00}E{episode:00}', 'Severance - S02E07.mkv'],
    ['{Series TitleYear} {season}x{episode:00}', 'Severance (2022) 2x07.mkv'],
    ['{Series.Title}.S{season:00}E{episode:00}.{Episode.Title}', 'Severance.S02E07.Chikhai.Bardo.mkv'],
    ['{series title} s{season:00}e{episode:00}', 'severance s02e07.mkv'],
    ['{Series CleanTitle} {season:0}-{episode:00}', 'Severance 2-07.mkv'],
    ['{Series TitleThe} E{episode:000}', 'Severance E007.mkv'],
    ['{Episode Title} {episode}', 'Chikhai Bardo 7.mkv'],
    ['{Air-Date} {episode}', '2025-02-28 7.mkv'],
    ['{Air Date} {episode}', '2025 02 28 7.mkv'],
    ['{Air.Date} {episode}', '2025.02.28 7.mkv'],
    ['{episode} {Quality Full}', '7 WEBDL-2160p Repack.mkv'],
    ['{episode} {[Quality Title]}{-Release Group}', '7 [WEBDL-2160p]-FLUX.mkv'],
    [
      '{episode} {MediaInfo VideoCodec} {MediaInfo AudioCodec} {MediaInfo AudioChannels}',
      '7 h265 EAC3 5.1.mkv',
    ],
    ['{episode} {MediaInfo VideoDynamicRangeType}', '7 DV.mkv'],
    ['{episode} {Original Title}', '7 Severance.S02E07.2160p.ATVP.WEB-DL.DDP5.1.Atmos.H.265-FLUX.mkv'],
    ['{episode} {Original Filename}', '7 Severance.S02E07.2160p-FLUX.mkv'],
    [
      '{episode} [tvdbid-{TvdbId}] {TvMazeId} {TmdbId} {ImdbId}',
      '7 [tvdbid-371980] 44933 95396 tt11280740.mkv',
    ],
  ])('%s → %s', (template, expected) => {
    expect(name(template)).toBe(expected);
  });

  it.each([
    ['The Office (US)', 2005, '{Series TitleYear}', 'The Office (US) (2005)'],
    ['Doctor Who (2005)', 2005, '{Series TitleYear}', 'Doctor Who (2005)'],
    ['Doctor Who (2005)', 2005, '{Series TitleWithoutYear}', 'Doctor Who'],
    ['The Bear', 2022, '{Series TitleThe}', 'Bear, The'],
    ['The Bear', 2022, '{Series TitleTheYear}', 'Bear, The (2022)'],
    [
      'Marvel’s Agents of S.H.I.E.L.D.',
      2013,
      '{Series CleanTitleYear}',
      'Marvels Agents of S H I E L D 2013',
    ],
    ['The Bear', 2022, '{Series TitleFirstCharacter}/{Series Title}', 'B/The Bear'],
    ['Frieren: Beyond Journey’s End', 2023, '{Series TitleYear}', 'Frieren - Beyond Journey’s End (2023)'],
    ['Untitled', null, '{Series TitleYear}', 'Untitled'],
  ])('series folder of %j (%s) with %s → %s', (seriesTitle, year, seriesFolderFormat, expected) => {
    const namer = new EpisodeNamer({ seriesFolderFormat });
    expect(namer.seriesFolderFor({ ...severance, seriesTitle, year }).join('/')).toBe(expected);
  });

  it.each([
    [['Pilot (1)', 'Pilot (2)'], 'Pilot'],
    [['The End, Part 1', 'The End, Part 2'], 'The End'],
    [['Finale: Pt. 1', 'Finale: Pt. 2', 'Finale: Pt. 3'], 'Finale'],
    [['Coral Palms (Part 1)', 'Coral Palms (Part 2)'], 'Coral Palms'],
    [['Good News', 'Bad News'], 'Good News + Bad News'],
    [['Pilot (1)', 'Other (2)'], 'Pilot (1) + Other (2)'],
    [['TBA', 'TBA'], 'TBA'],
    [['Only', ''], 'Only'],
    [['', ''], undefined],
    [['Part 2'], 'Part 2'],
  ])('episode titles %j → %j', (titles, expected) => {
    expect(joinEpisodeTitles(titles)).toBe(expected);
  });
});

describe('multi-episode styles', () => {
  const three = [episode(1, 1), episode(1, 2), episode(1, 3)];
  const se = 'S{season:00}E{episode:00}';
  it.each<[MultiEpisodeStyle, string, string]>([
    ['extend', se, `${se}-02-03`],
    ['duplicate', `{Series.Title}.${se}`, `{Series.Title}.${se}.S01E02.S01E03`],
    ['duplicate', `{Series Title} - ${se} - x`, `{Series Title} - ${se} - S01E02 - S01E03 - x`],
    ['duplicate', se, `${se} S01E02 S01E03`],
    ['repeat', se, `${se}E02E03`],
    ['scene', se, `${se}-E02-E03`],
    ['range', se, `${se}-03`],
    ['prefixedRange', se, `${se}-E03`],
    ['repeat', 's{season:00}e{episode:00}', 's{season:00}e{episode:00}e02e03'],
    ['repeat', '{season}x{episode:00}', '{season}x{episode:00}x02x03'],
    ['extend', '{season}x{episode}', '{season}x{episode}-2-3'],
    ['scene', 'S{season:00}.E{episode:00}', 'S{season:00}.E{episode:00}-E02-E03'],
    ['extend', '{Series Title} {episode:00}', '{Series Title} {episode:00}'],
  ])('%s: %s → %s', (style, template, expected) => {
    expect(expandMultiEpisode(template, three, style)).toBe(expected);
  });

  it.each<[MultiEpisodeStyle, string]>([
    ['extend', 'Severance - S02E07-08 - Pilot + Second.mkv'],
    ['duplicate', 'Severance - S02E07 - S02E08 - Pilot + Second.mkv'],
    ['repeat', 'Severance - S02E07E08 - Pilot + Second.mkv'],
    ['scene', 'Severance - S02E07-E08 - Pilot + Second.mkv'],
    ['range', 'Severance - S02E07-08 - Pilot + Second.mkv'],
    ['prefixedRange', 'Severance - S02E07-E08 - Pilot + Second.mkv'],
  ])('renders a two-episode file, %s → %s', (style, expected) => {
    const context = {
      ...severance,
      // Out of order on purpose: the namer sorts.
      episodes: [episode(2, 8, { title: 'Second' }), episode(2, 7, { title: 'Pilot' })],
    };
    expect(name('{Series Title} - S{season:00}E{episode:00} - {Episode Title}', context, style)).toBe(
      expected,
    );
  });

  it('writes the last episode for a range, whatever lies between', () => {
    const context = { ...severance, episodes: [episode(1, 1), episode(1, 2), episode(1, 3)] };
    expect(name('S{season:00}E{episode:00}', context, 'range')).toBe('S01E01-03.mkv');
    expect(name('S{season:00}E{episode:00}', context, 'prefixedRange')).toBe('S01E01-E03.mkv');
  });

  it.each<[MultiEpisodeStyle, string]>([
    ['extend', 'Frieren - S01E01-02 - 001-002.mkv'],
    ['range', 'Frieren - S01E01-02 - 001-002.mkv'],
    ['repeat', 'Frieren - S01E01E02 - 001-002.mkv'],
  ])('numbers an anime double episode by absolute number too, %s → %s', (style, expected) => {
    const anime: EpisodeNamingContext = {
      seriesTitle: 'Frieren',
      seriesType: 'anime',
      episodes: [
        episode(1, 1, { absoluteNumber: 1, title: '' }),
        episode(1, 2, { absoluteNumber: 2, title: '' }),
      ],
    };
    const namer = new EpisodeNamer({
      animeEpisodeFormat: '{Series Title} - S{season:00}E{episode:00} - {absolute:000}',
      multiEpisodeStyle: style,
    });
    expect(namer.fileNameFor(anime, '.mkv')).toBe(expected);
  });

  it('leaves a one-episode template as it is', () => {
    expect(expandMultiEpisode('S{season:00}E{episode:00}', [episode(1, 1)], 'repeat')).toBe(
      'S{season:00}E{episode:00}',
    );
  });
});

describe('EpisodeNamer with the default templates', () => {
  const namer = new EpisodeNamer();

  it.each<[string, EpisodeNamingContext, boolean, string]>([
    [
      'standard',
      severance,
      true,
      '/tv/Severance (2022)/Season 02/Severance - S02E07 - Chikhai Bardo WEBDL-2160p Repack.mkv',
    ],
    [
      'standard, no season folders',
      severance,
      false,
      '/tv/Severance (2022)/Severance - S02E07 - Chikhai Bardo WEBDL-2160p Repack.mkv',
    ],
    [
      'special (season 0)',
      {
        ...severance,
        episodes: [episode(0, 1, { title: 'Inside Lumon' })],
        quality: { name: 'WEBDL-1080p' },
      },
      true,
      '/tv/Severance (2022)/Specials/Severance - S00E01 - Inside Lumon WEBDL-1080p.mkv',
    ],
    [
      'daily',
      {
        seriesTitle: 'The Daily Show',
        seriesType: 'daily',
        episodes: [episode(30, 40, { title: 'Jon Stewart', airDate: '2025-03-04' })],
        quality: { name: 'WEBDL-720p' },
      },
      true,
      '/tv/Severance (2022)/Season 30/The Daily Show - 2025-03-04 - Jon Stewart WEBDL-720p.mkv',
    ],
    [
      'daily without an air date: the standard template',
      { seriesTitle: 'The Daily Show', seriesType: 'daily', episodes: [episode(0, 3, { title: 'Special' })] },
      true,
      '/tv/Severance (2022)/Specials/The Daily Show - S00E03 - Special.mkv',
    ],
    [
      'anime',
      {
        seriesTitle: 'One Piece',
        seriesType: 'anime',
        episodes: [episode(21, 1089, { absoluteNumber: 1089, title: 'Great Unrest' })],
        quality: { name: 'WEBDL-1080p' },
      },
      true,
      '/tv/Severance (2022)/Season 21/One Piece - S21E1089 - 1089 - Great Unrest WEBDL-1080p.mkv',
    ],
    [
      'anime without an absolute number: the standard template',
      { seriesTitle: 'Frieren', seriesType: 'anime', episodes: [episode(0, 1, { title: 'Recap' })] },
      true,
      '/tv/Severance (2022)/Specials/Frieren - S00E01 - Recap.mkv',
    ],
  ])('%s', (_, context, seasonFolders, expected) => {
    expect(namer.pathFor('/tv/Severance (2022)', context, '.MKV', { seasonFolders })).toBe(expected);
  });

  it('names the season folder "Season 00" when the user asks so for specials', () => {
    const custom = new EpisodeNamer({ specialsFolderFormat: 'Season {season:00}' });
    expect(custom.seasonFolderFor({ ...severance, episodes: [episode(0, 2)] })).toEqual(['Season 00']);
  });

  it.each([
    ['../../etc', '/tv/show/Season 01/-..-etc - S01E01 - Episode 1.mkv'],
    ['C:\\Windows', '/tv/show/Season 01/C--Windows - S01E01 - Episode 1.mkv'],
    ['What If...?', '/tv/show/Season 01/What If... - S01E01 - Episode 1.mkv'],
  ])('keeps the hostile series title %j inside the series folder', (seriesTitle, expected) => {
    const context: EpisodeNamingContext = { seriesTitle, seriesType: 'standard', episodes: [episode(1, 1)] };
    expect(namer.pathFor('/tv/show', context, '.mkv', { seasonFolders: true })).toBe(expected);
  });

  it('keeps values from making folders: a "/" in an episode title stays in the file name', () => {
    const context: EpisodeNamingContext = {
      seriesTitle: 'Show',
      seriesType: 'standard',
      episodes: [episode(1, 1, { title: 'Before/After' })],
    };
    expect(namer.pathFor('/tv/show', context, '.mkv', { seasonFolders: true })).toBe(
      '/tv/show/Season 01/Show - S01E01 - Before-After.mkv',
    );
  });

  it('shortens a long joined episode title, not the quality after it', () => {
    const episodes = Array.from({ length: 12 }, (_, i) =>
      episode(1, i + 1, { title: `A rather long episode title number ${i + 1}` }),
    );
    const file = namer.fileNameFor(
      { seriesTitle: 'Show', seriesType: 'standard', episodes, quality: { name: 'HDTV-720p' } },
      '.mkv',
    );
    expect(Buffer.byteLength(file)).toBeLessThanOrEqual(255);
    expect(file).toMatch(
      /^Show - S01E01-02-03-04-05-06-07-08-09-10-11-12 - A rather long episode title number 1 \+ .*… HDTV-720p\.mkv$/,
    );
  });
});

describe('EpisodeNamer refuses bad settings', () => {
  it.each([
    [{ standardEpisodeFormat: '{Series Title}' }, /same name: it needs \{episode:00\}/],
    [{ dailyEpisodeFormat: '{Series Title} {Quality Full}' }, /\{Air-Date\} or \{episode:00\}/],
    [{ animeEpisodeFormat: '{Series Title}' }, /\{absolute:000\} or/],
    [{ standardEpisodeFormat: 'Season {season}/{episode}' }, /may not contain folders/],
    [{ standardEpisodeFormat: '{Series Titel} {episode}' }, /unknown token \{Series Titel\}/],
    [{ seasonFolderFormat: '../{season}' }, /"\.\."/],
    [{ multiEpisodeStyle: 'zigzag' as MultiEpisodeStyle }, /not a multi-episode style/],
  ])('%j', (settings, message) => {
    expect(() => new EpisodeNamer(settings)).toThrow(BadRequestError);
    expect(() => new EpisodeNamer(settings)).toThrow(message);
  });

  it('needs an episode to name a file', () => {
    expect(() => new EpisodeNamer().fileNameFor({ ...severance, episodes: [] }, '.mkv')).toThrow(
      BadRequestError,
    );
  });
});
