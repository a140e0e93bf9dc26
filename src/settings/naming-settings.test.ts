import { describe, expect, it } from 'vitest';
import type { EpisodeNamingContext } from '../imports/episode-naming.js';
import { LibraryNaming, namingExamples, namingProblems, namingSchema } from './naming-settings.js';

const defaults = namingSchema.parse({});

describe('naming settings: what makes a field wrong', () => {
  it('finds nothing wrong with the defaults', () => {
    expect(namingProblems(defaults)).toEqual({});
  });

  it.each([
    ['standardEpisodeFormat', '', /empty/],
    [
      'standardEpisodeFormat',
      '{Series Title} - S{season:00}E{episode:00} {Episode Name}',
      /unknown token \{Episode Name\}/,
    ],
    [
      'standardEpisodeFormat',
      'Season {season}/{Series Title} S{season:00}E{episode:00}',
      /may not contain folders/,
    ],
    ['standardEpisodeFormat', '{Series Title} - S{season:00} - {Episode Title}', /needs \{episode:00\}/],
    ['standardEpisodeFormat', '{Series Title} - E{episode:00}', /needs \{season:00\}/],
    ['standardEpisodeFormat', '{Series Title} - S{season:00}E{episode:00', /unclosed "\{"/],
    ['dailyEpisodeFormat', '{Series Title} - {Episode Title}', /needs \{Air-Date\} or \{episode:00\}/],
    ['animeEpisodeFormat', '{Series Title} - {Episode Title}', /needs \{absolute:000\} or \{episode:00\}/],
    ['seriesFolderFormat', '{Series Year}', /needs the series title or an id/],
    ['seriesFolderFormat', '/{Series Title}', /relative to the library root/],
    ['seriesFolderFormat', '{Series Title}/../{Series Year}', /empty or relative/],
    ['seasonFolderFormat', 'Season', /needs \{season\}/],
    ['specialsFolderFormat', '   ', /empty/],
    ['standardMovieFormat', '{Movie Title}/{Release Year}', /may not contain folders/],
    ['standardMovieFormat', '{Movie Title} {Quality Fulll}', /unknown token \{Quality Fulll\}/],
    ['movieFolderFormat', '{Release Year}', /needs the movie title or an id/],
    ['movieFolderFormat', '{Release Group}', /needs the movie title or an id/],
  ] as const)('%s "%s" is wrong', (field, template, message) => {
    const problems = namingProblems({ ...defaults, [field]: template });
    expect(Object.keys(problems)).toEqual([field]);
    expect(problems[field]).toMatch(message);
  });

  it.each([
    ['standardEpisodeFormat', '{series.title}.s{season:00}e{episode:00}.{quality.title}'],
    ['standardEpisodeFormat', '{Series TitleYear} - {season}x{episode:00}'],
    ['dailyEpisodeFormat', '{Series Title} {Air.Date}'],
    ['animeEpisodeFormat', '{Series Title} - {absolute:000}'],
    ['seriesFolderFormat', '{Series TitleFirstCharacter}/{Series TitleYear} [tvdbid-{TvdbId}]'],
    ['seriesFolderFormat', '{TvdbId}'],
    ['seasonFolderFormat', 'S{season:00}'],
    ['movieFolderFormat', '{Movie CleanTitle} {(Release Year)} tmdb-{TmdbId}'],
  ] as const)('%s "%s" is fine', (field, template) => {
    expect(namingProblems({ ...defaults, [field]: template })).toEqual({});
  });

  it('judges each field on its own, so every wrong one is named', () => {
    const problems = namingProblems({
      ...defaults,
      standardEpisodeFormat: '{Nope}',
      seasonFolderFormat: 'Season',
      movieFolderFormat: '',
    });
    expect(Object.keys(problems).sort()).toEqual([
      'movieFolderFormat',
      'seasonFolderFormat',
      'standardEpisodeFormat',
    ]);
  });
});

describe('naming examples', () => {
  it('shows what the defaults name', () => {
    expect(namingExamples(defaults)).toEqual({
      singleEpisodeExample: "The Series Title's! - S01E01 - Episode Title (1) WEBDL-1080p.mkv",
      multiEpisodeExample: "The Series Title's! - S01E01-02-03 - Episode Title WEBDL-1080p.mkv",
      dailyEpisodeExample: "The Series Title's! - 2013-10-30 - Episode Title WEBDL-1080p.mkv",
      animeEpisodeExample: "The Series Title's! - S01E01 - 001 - Episode Title (1) WEBDL-1080p.mkv",
      animeMultiEpisodeExample: "The Series Title's! - S01E01-02 - 001-002 - Episode Title WEBDL-1080p.mkv",
      seriesFolderExample: "The Series Title's! (2010)",
      seasonFolderExample: 'Season 01',
      specialsFolderExample: 'Specials',
      movieExample: "The Movie's Title (2010) [Director's Cut] [WEBDL-1080p]-RlsGrp.mkv",
      movieFolderExample: "The Movie's Title (2010)",
    });
  });

  it('follows the style, the colon replacement and nested folders', () => {
    const examples = namingExamples({
      ...defaults,
      standardEpisodeFormat:
        '{Series.CleanTitle}.S{season:00}E{episode:00}.{MediaInfo VideoCodec}-{Release Group}',
      multiEpisodeStyle: 'prefixedRange',
      seriesFolderFormat: '{Series TitleFirstCharacter}/{Series Title}: {Series Year}',
      colonReplacement: 'spaceDash',
    });
    expect(examples.singleEpisodeExample).toBe('The.Series.Titles.S01E01.x264-RlsGrp.mkv');
    expect(examples.multiEpisodeExample).toBe('The.Series.Titles.S01E01-E03.x264-RlsGrp.mkv');
    expect(examples.seriesFolderExample).toBe("S/The Series Title's! - 2010");
  });

  it('keeps the downloaded names with renaming off; folders still follow their templates', () => {
    const examples = namingExamples({ ...defaults, renameEpisodes: false, renameMovies: false });
    expect(examples.singleEpisodeExample).toBe(
      'The.Series.Titles.S01E01.1080p.WEB-DL.DDP5.1.H.264-RlsGrp.mkv',
    );
    expect(examples.seasonFolderExample).toBe('Season 01');
    expect(examples.movieExample).toBe(
      "The.Movie's.Title.2010.Director's.Cut.1080p.WEB-DL.DDP5.1.H.264-RlsGrp.mkv",
    );
    expect(examples.movieFolderExample).toBe("The Movie's Title (2010)");
  });
});

describe('library naming', () => {
  const context: EpisodeNamingContext = {
    seriesTitle: 'Harbor Lights',
    year: 2024,
    seriesType: 'standard',
    episodes: [
      { seasonNumber: 1, episodeNumber: 2, absoluteNumber: null, title: 'Tide', airDate: '2024-01-14' },
    ],
    quality: { name: 'WEBDL-1080p' },
    originalFileName: 'harbor.lights.s01e02: the tide',
  };

  it('places an episode by the templates, or under its own name with renaming off', () => {
    const renamed = new LibraryNaming(defaults).episodes;
    expect(renamed.pathFor('/tv/Harbor Lights (2024)', context, '.MKV', { seasonFolders: true })).toBe(
      '/tv/Harbor Lights (2024)/Season 01/Harbor Lights - S01E02 - Tide WEBDL-1080p.mkv',
    );
    const kept = new LibraryNaming({ ...defaults, renameEpisodes: false, colonReplacement: 'delete' })
      .episodes;
    expect(kept.pathFor('/tv/Harbor Lights (2024)', context, '.mkv', { seasonFolders: true })).toBe(
      '/tv/Harbor Lights (2024)/Season 01/harbor.lights.s01e02 the tide.mkv',
    );
    expect(kept.pathFor('/tv/Harbor Lights (2024)', context, '.mkv', { seasonFolders: false })).toBe(
      '/tv/Harbor Lights (2024)/harbor.lights.s01e02 the tide.mkv',
    );
    expect(kept.seriesFolderFor(context)).toEqual(['Harbor Lights (2024)']);
  });
});
