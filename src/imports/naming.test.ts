import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../shared/errors.js';
import type { MediaInfo } from './media-probe.js';
import {
  cleanTitle,
  compileTemplate,
  createMovieNamer,
  formatAudioChannels,
  formatAudioCodec,
  LibraryNamer,
  movieTokens,
  type MovieNamingContext,
  NamingTokens,
  sanitizePathComponent,
  type SanitizeOptions,
  titleThe,
} from './naming.js';

const media: MediaInfo = {
  container: 'mkv',
  formatName: 'matroska,webm',
  durationSeconds: 6000,
  sizeBytes: 1,
  bitRate: 1,
  video: {
    codec: 'hevc',
    profile: 'Main 10',
    width: 3840,
    height: 2160,
    bitDepth: 10,
    dynamicRange: 'DV HDR10',
    framesPerSecond: 24,
    encoder: undefined,
  },
  audio: [
    { codec: 'aac', profile: 'LC', channels: 2, channelLayout: 'stereo', language: 'fre', isDefault: false },
    {
      codec: 'truehd',
      profile: undefined,
      channels: 8,
      channelLayout: '7.1',
      language: 'eng',
      isDefault: true,
    },
  ],
  subtitles: [],
  warnings: [],
};

const heat: MovieNamingContext = {
  title: 'Heat',
  year: 1995,
  imdbId: 'tt0113277',
  tmdbId: 949,
  quality: { name: 'Bluray-2160p', version: 2 },
  editionTags: ["Director's Cut"],
  releaseGroup: 'FraMeSToR',
  mediaInfo: media,
};

function render(template: string, context: MovieNamingContext = heat): string {
  return compileTemplate(template, movieTokens).renderSegments(context).join('/');
}

describe('movie naming templates', () => {
  it.each([
    ['{Movie Title} ({Release Year})', 'Heat (1995)'],
    ['{Movie.Title}.{Release.Year}', 'Heat.1995'],
    ['{movie title}', 'heat'],
    ['{MOVIE TITLE}', 'HEAT'],
    ['{Quality Full}', 'Bluray-2160p Proper'],
    ['{Quality Title}', 'Bluray-2160p'],
    ['{Edition Tags}', "Director's Cut"],
    ['{Release Group}', 'FraMeSToR'],
    ['{MediaInfo VideoCodec}', 'h265'],
    ['{MediaInfo AudioCodec} {MediaInfo AudioChannels}', 'TrueHD 7.1'],
    ['{MediaInfo VideoDynamicRange}', 'HDR'],
    ['{MediaInfo VideoDynamicRangeType}', 'DV HDR10'],
    ['{MediaInfo VideoBitDepth}bit', '10bit'],
    ['{MediaInfo Simple}', 'h265 TrueHD'],
    ['{ImdbId} {TmdbId}', 'tt0113277 949'],
    ['[imdbid-{ImdbId}]', '[imdbid-tt0113277]'],
    ['{Movie Title}{-Release Group}', 'Heat-FraMeSToR'],
    ['{Movie Title} {[Quality Full]}', 'Heat [Bluray-2160p Proper]'],
    ['{Movie Title} {(Release Year)}', 'Heat (1995)'],
    ['{Movie TitleFirstCharacter}/{Movie Title}', 'H/Heat'],
  ])('%s → %s', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it.each([
    ['{Movie Title}{-Release Group}', 'Heat'],
    ['{Movie Title} {[Quality Full]}', 'Heat '],
    ['{Movie Title} {(Release Year)}', 'Heat '],
    ['{Movie Title} {MediaInfo VideoDynamicRange}', 'Heat '],
  ])('drops an optional section with no value: %s', (template, expected) => {
    expect(render(template, { title: 'Heat' })).toBe(expected);
  });

  it.each([
    ['The Matrix', 'Matrix, The'],
    ['A Quiet Place', 'Quiet Place, A'],
    ['An American Tail', 'American Tail, An'],
    ['Theodore Rex', 'Theodore Rex'],
  ])('TitleThe: %s → %s', (title, expected) => {
    expect(titleThe(title)).toBe(expected);
  });

  it.each([
    ['Mission: Impossible – Dead Reckoning Part One', 'Mission Impossible Dead Reckoning Part One'],
    ["Schindler's List", 'Schindlers List'],
    ['Fast & Furious', 'Fast and Furious'],
    ['Amélie', 'Amélie'],
  ])('CleanTitle: %s → %s', (title, expected) => {
    expect(cleanTitle(title)).toBe(expected);
  });

  it.each([
    ['{Movie Titel}', /unknown token \{Movie Titel\}/],
    ['{Movie Title', /unclosed/],
    ['Movie Title}', /without "\{"/],
    ['/{Movie Title}', /relative/],
    ['C:{Movie Title}', /relative/],
    ['{Movie Title}/../x', /"\.\."/],
    ['a//{Movie Title}', /empty/],
    ['', /empty/],
  ])('refuses the template %s', (template, message) => {
    expect(() => compileTemplate(template, movieTokens)).toThrow(BadRequestError);
    expect(() => compileTemplate(template, movieTokens)).toThrow(message);
  });

  it('lets TV register its own tokens, numbers formatted by width', () => {
    interface Episode {
      series: string;
      season: number;
      episode: number;
    }
    const tv = new NamingTokens<Episode>()
      .register('Series Title', (c) => c.series)
      .register('season', (c) => c.season)
      .register('episode', (c) => c.episode);
    const namer = new LibraryNamer(tv, {
      folderTemplate: '{Series Title}/Season {season:00}',
      fileTemplate: '{Series Title} - S{season:00}E{episode:00}',
    });
    const episode = { series: 'Severance', season: 2, episode: 7 };
    expect(namer.pathFor('/tv', episode, '.mkv')).toBe('/tv/Severance/Season 02/Severance - S02E07.mkv');
    expect(() => tv.register('Season', (c) => c.season)).toThrow(/twice/);
  });
});

describe('sanitizePathComponent', () => {
  const cases: Array<[string, string, Partial<SanitizeOptions>?]> = [
    ['Mission: Impossible', 'Mission - Impossible'],
    ['12:01', '12-01'],
    ['Mission: Impossible', 'Mission Impossible', { colon: 'delete' }],
    ['Mission: Impossible', 'Mission- Impossible', { colon: 'dash' }],
    ['Mission: Impossible', 'Mission - Impossible', { colon: 'spaceDash' }],
    ['12:01', '12 - 01', { colon: 'spaceDashSpace' }],
    ['Face/Off', 'Face-Off'],
    ['AC/DC: Let There Be Rock', 'AC-DC - Let There Be Rock'],
    ['What If...?', 'What If'],
    ['M*A*S*H', 'MASH'],
    ['Who Framed <Roger> Rabbit|"Toon"', "Who Framed Roger Rabbit'Toon'"],
    ['M*A*S*H', 'M*A*S*H', { target: 'posix' }],
    ['...And Justice for All', 'And Justice for All'],
    ['Tab\tand\nnewline\u0000null', 'Tab and newlinenull'],
    ['  spaced   out  ', 'spaced out'],
    ['Movie ()', 'Movie'],
    ['Movie []', 'Movie'],
    ['CON', 'CON_'],
    ['nul.mkv', 'nul_.mkv'],
    ['Con Air (1997)', 'Con Air (1997)'],
    ['CON', 'CON', { target: 'posix' }],
    ['Amélie', 'Amélie'],
    ['Ame\u0301lie', 'Amélie'], // NFD in, NFC out
  ];
  it.each(cases)('%j → %j', (input, expected, options) => {
    expect(sanitizePathComponent(input, options)).toBe(expected);
  });

  it.each(['..', '.', '   ', '???', '***', ' . '])('refuses %j, which leaves nothing usable', (input) => {
    expect(() => sanitizePathComponent(input)).toThrow(BadRequestError);
  });

  it('cuts long names to 255 UTF-8 bytes without splitting characters or graphemes', () => {
    const long = sanitizePathComponent('é'.repeat(200));
    expect(Buffer.byteLength(long)).toBe(254);
    const emoji = sanitizePathComponent('👍🏽'.repeat(40)); // 8 bytes per grapheme
    expect(Buffer.byteLength(emoji)).toBe(248);
    expect(emoji).toBe('👍🏽'.repeat(31));
  });
});

describe('LibraryNamer for movies', () => {
  const namer = createMovieNamer();

  it('names folder and file with the default templates', () => {
    expect(namer.pathFor('/data/movies', heat, '.MKV')).toBe(
      "/data/movies/Heat (1995)/Heat (1995) [Director's Cut] [Bluray-2160p Proper]-FraMeSToR.mkv",
    );
    expect(namer.pathFor('/data/movies', { title: 'Heat', year: 1995 }, '.mp4')).toBe(
      '/data/movies/Heat (1995)/Heat (1995).mp4',
    );
  });

  const hostile: Array<[string, string]> = [
    ['../../etc/passwd', '/lib/-..-etc-passwd (2020)/-..-etc-passwd (2020).mkv'],
    ['..', '/lib/(2020)/(2020).mkv'],
    ['/absolute', '/lib/-absolute (2020)/-absolute (2020).mkv'],
    ['C:\\Windows', '/lib/C--Windows (2020)/C--Windows (2020).mkv'],
    [
      'Star Wars: Episode IV – A New Hope',
      '/lib/Star Wars - Episode IV – A New Hope (2020)/Star Wars - Episode IV – A New Hope (2020).mkv',
    ],
  ];
  it.each(hostile)('keeps the hostile title %j inside the root', (title, expected) => {
    expect(namer.pathFor('/lib', { title, year: 2020 }, '.mkv')).toBe(expected);
  });

  it('keeps the extension whole when the name is cut to fit', () => {
    const name = namer.fileNameFor({ title: 'x'.repeat(400), year: 2020 }, '.mkv');
    expect(Buffer.byteLength(name)).toBe(255);
    expect(name.endsWith('x.mkv')).toBe(true);
    const folder = namer.folderFor({ title: 'x'.repeat(400), year: 2020 });
    expect(folder).toHaveLength(1);
    expect(Buffer.byteLength(folder[0] ?? '')).toBe(255);
  });

  it('refuses a title that leaves no name, and a bad extension', () => {
    expect(() => namer.pathFor('/lib', { title: '???' }, '.mkv')).toThrow(BadRequestError);
    expect(() => namer.fileNameFor(heat, '.mkv/../x')).toThrow(BadRequestError);
    expect(() => namer.fileNameFor(heat, 'mkv')).toThrow(BadRequestError);
  });

  it('refuses folders in the file template', () => {
    expect(() =>
      createMovieNamer({ folderTemplate: '{Movie Title}', fileTemplate: 'a/{Movie Title}' }),
    ).toThrow(/may not contain folders/);
  });

  it('nests folders from the template, never from a value', () => {
    const nested = createMovieNamer({
      folderTemplate: '{Movie TitleFirstCharacter}/{Movie TitleThe} ({Release Year})',
      fileTemplate: '{Movie CleanTitle}',
    });
    const file = nested.pathFor('/lib', { title: 'The Matrix', year: 1999 }, '.mkv');
    expect(file).toBe('/lib/M/Matrix, The (1999)/The Matrix.mkv');
    expect(path.relative('/lib', file).split('/')).toHaveLength(3);
  });
});

describe('media info formatting', () => {
  it.each([
    [{ codec: 'dts', profile: 'DTS-HD MA', channels: 8, channelLayout: '7.1' }, 'DTS-HD MA', '7.1'],
    [{ codec: 'dts', profile: 'DTS', channels: 6, channelLayout: '5.1(side)' }, 'DTS', '5.1'],
    [{ codec: 'eac3', profile: undefined, channels: 6, channelLayout: undefined }, 'EAC3', '5.1'],
    [{ codec: 'pcm_s24le', profile: undefined, channels: 2, channelLayout: 'stereo' }, 'PCM', '2.0'],
    [{ codec: 'aac', profile: 'LC', channels: 1, channelLayout: 'mono' }, 'AAC', '1.0'],
  ])('%j → %s %s', (track, codec, channels) => {
    const info = { ...media, audio: [{ ...track, language: undefined, isDefault: false }] };
    expect(formatAudioCodec(info)).toBe(codec);
    expect(formatAudioChannels(info)).toBe(channels);
  });
});
