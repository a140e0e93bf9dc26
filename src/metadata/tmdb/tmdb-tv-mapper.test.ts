import { describe, expect, it } from 'vitest';
import {
  tmdbTvDetailsSchema,
  tmdbTvListItemSchema,
  tmdbTvSeasonSchema,
  type TmdbTvDetails,
  type TmdbTvSeason,
} from './tmdb-tv-api.js';
import {
  guessTvSeriesType,
  mapTvDetails,
  mapTvEpisodes,
  mapTvSearchResult,
  mapTvStatus,
} from './tmdb-tv-mapper.js';

const images = { baseUrl: 'https://image.tmdb.org/t/p/', posterSize: 'w500', backdropSize: 'original' };

function details(fields: Record<string, unknown> = {}): TmdbTvDetails {
  return tmdbTvDetailsSchema.parse({ id: 1399, name: 'Game of Thrones', ...fields });
}

function season(number: number, episodes: Array<Record<string, unknown>>): TmdbTvSeason {
  return tmdbTvSeasonSchema.parse({
    season_number: number,
    episodes: episodes.map((episode) => ({ season_number: number, ...episode })),
  });
}

describe('mapTvStatus', () => {
  it.each([
    ['Returning Series', 'continuing'],
    ['Planned', 'upcoming'],
    ['In Production', 'upcoming'],
    ['Pilot', 'upcoming'],
    ['Ended', 'ended'],
    ['Canceled', 'ended'],
    ['Cancelled', 'ended'],
    [' ended ', 'ended'],
    ['Something new', 'unknown'],
    [null, 'unknown'],
  ] as const)('%s → %s', (status, expected) => {
    expect(mapTvStatus(status)).toBe(expected);
  });
});

describe('guessTvSeriesType', () => {
  const animation = { id: 16, name: 'Animation' };
  const comedy = { id: 35, name: 'Comedy' };
  it.each([
    [{ type: 'Talk Show', genres: [comedy], origin_country: ['US'], original_language: 'en' }, 'daily'],
    [{ type: 'News', genres: [], origin_country: ['GB'], original_language: 'en' }, 'daily'],
    [{ type: 'Scripted', genres: [animation], origin_country: ['JP'], original_language: 'ja' }, 'anime'],
    // Genre names follow the `language` parameter; the id does not.
    [
      {
        type: 'Scripted',
        genres: [{ id: 16, name: 'Animación' }],
        origin_country: [],
        original_language: 'ja',
      },
      'anime',
    ],
    [{ type: 'Scripted', genres: [animation], origin_country: ['US'], original_language: 'en' }, 'standard'],
    [{ type: 'Scripted', genres: [comedy], origin_country: ['JP'], original_language: 'ja' }, 'standard'],
    [{ type: null, genres: [], origin_country: [], original_language: null }, 'standard'],
  ] as const)('%o → %s', (fields, expected) => {
    expect(
      guessTvSeriesType({
        ...fields,
        genres: [...fields.genres],
        origin_country: [...fields.origin_country],
      }),
    ).toBe(expected);
  });
});

describe('mapTvSearchResult', () => {
  it('maps a list item: TMDB id, year, poster; no status, network or outside ids in a list', () => {
    const item = tmdbTvListItemSchema.parse({
      id: 1399,
      name: 'Game of Thrones',
      original_name: 'Game of Thrones',
      overview: 'Seven noble families fight for control.',
      first_air_date: '2011-04-17',
      poster_path: '/1XS1oqL89opfnbLl8WnZY1O1uJx.jpg',
      origin_country: ['US'],
      popularity: 300,
    });
    expect(mapTvSearchResult(item, images)).toEqual({
      tvmazeId: null,
      tvdbId: null,
      tmdbId: 1399,
      imdbId: null,
      title: 'Game of Thrones',
      year: 2011,
      overview: 'Seven noble families fight for control.',
      network: null,
      status: 'unknown',
      posterUrl: 'https://image.tmdb.org/t/p/w500/1XS1oqL89opfnbLl8WnZY1O1uJx.jpg',
    });
  });

  it('tolerates a show without date, overview or poster', () => {
    const item = tmdbTvListItemSchema.parse({
      id: 5,
      name: 'Announced',
      first_air_date: '',
      overview: null,
      poster_path: null,
    });
    expect(mapTvSearchResult(item, images)).toMatchObject({ year: null, overview: '', posterUrl: null });
  });
});

describe('mapTvEpisodes', () => {
  it('keeps season 0 as specials, dates without a time, runtimes, in season and episode order', () => {
    const mapped = mapTvEpisodes(
      [
        season(1, [
          { episode_number: 2, name: 'The Kingsroad', air_date: '2011-04-24', runtime: 56 },
          {
            episode_number: 1,
            name: ' Winter Is Coming ',
            air_date: '2011-04-17',
            runtime: 62,
            overview: 'Lord Stark…',
          },
        ]),
        season(0, [{ episode_number: 1, name: 'Inside the Episode', air_date: '2011-04-10', runtime: 0 }]),
      ],
      'standard',
    );
    expect(mapped).toEqual([
      {
        seasonNumber: 0,
        episodeNumber: 1,
        absoluteNumber: null,
        title: 'Inside the Episode',
        airDate: '2011-04-10',
        airDateUtc: null,
        runtimeMinutes: null,
        overview: '',
      },
      {
        seasonNumber: 1,
        episodeNumber: 1,
        absoluteNumber: null,
        title: 'Winter Is Coming',
        airDate: '2011-04-17',
        airDateUtc: null,
        runtimeMinutes: 62,
        overview: 'Lord Stark…',
      },
      {
        seasonNumber: 1,
        episodeNumber: 2,
        absoluteNumber: null,
        title: 'The Kingsroad',
        airDate: '2011-04-24',
        airDateUtc: null,
        runtimeMinutes: 56,
        overview: '',
      },
    ]);
  });

  it('leaves an unscheduled episode without a date, and garbage dates unknown', () => {
    const mapped = mapTvEpisodes(
      [
        season(2, [
          { episode_number: 1, air_date: null, name: null },
          { episode_number: 2, air_date: '' },
          { episode_number: 3, air_date: '2025-13-45' },
        ]),
      ],
      'standard',
    );
    expect(mapped.map((e) => [e.title, e.airDate])).toEqual([
      ['', null],
      ['', null],
      ['', null],
    ]);
  });

  it('counts absolute numbers for anime over regular episodes only', () => {
    const mapped = mapTvEpisodes(
      [
        season(2, [{ episode_number: 1 }, { episode_number: 2 }]),
        season(0, [{ episode_number: 1 }]),
        season(1, [{ episode_number: 2 }, { episode_number: 1 }]),
      ],
      'anime',
    );
    expect(mapped.map((e) => [e.seasonNumber, e.episodeNumber, e.absoluteNumber])).toEqual([
      [0, 1, null],
      [1, 1, 1],
      [1, 2, 2],
      [2, 1, 3],
      [2, 2, 4],
    ]);
    expect(mapTvEpisodes([season(1, [{ episode_number: 1 }])], 'standard')[0]?.absoluteNumber).toBeNull();
  });
});

describe('mapTvDetails', () => {
  it('builds the full series: ids from external_ids, network, status, titles, images', () => {
    const series = mapTvDetails(
      details({
        original_name: 'Game of Thrones',
        original_language: 'en',
        overview: 'Nine noble families.',
        first_air_date: '2011-04-17',
        status: 'Ended',
        type: 'Scripted',
        episode_run_time: [],
        genres: [{ id: 10765, name: 'Sci-Fi & Fantasy' }],
        networks: [
          { id: 49, name: 'HBO' },
          { id: 1, name: 'Sky Atlantic' },
        ],
        origin_country: ['US'],
        poster_path: '/poster.jpg',
        backdrop_path: '/backdrop.jpg',
        external_ids: { tvdb_id: 121361, imdb_id: 'TT0944947' },
        alternative_titles: {
          results: [
            { iso_3166_1: 'DE', title: 'Das Lied von Eis und Feuer' },
            { iso_3166_1: 'US', title: 'game of thrones' },
            { iso_3166_1: 'FR', title: '  ' },
            { iso_3166_1: 'AT', title: 'Das Lied von Eis und Feuer' },
          ],
        },
      }),
      [
        season(1, [
          { episode_number: 1, runtime: 62 },
          { episode_number: 2, runtime: 56 },
          { episode_number: 3, runtime: 58 },
        ]),
      ],
      images,
    );
    expect(series).toMatchObject({
      tvmazeId: null,
      tvdbId: 121361,
      tmdbId: 1399,
      imdbId: 'tt0944947',
      title: 'Game of Thrones',
      originalTitle: 'Game of Thrones',
      year: 2011,
      network: 'HBO',
      status: 'ended',
      language: 'en',
      // episode_run_time is empty: the median episode runtime stands in.
      runtimeMinutes: 58,
      genres: ['Sci-Fi & Fantasy'],
      seriesType: 'standard',
      alternativeTitles: ['Das Lied von Eis und Feuer'],
      posterUrl: 'https://image.tmdb.org/t/p/w500/poster.jpg',
      fanartUrl: 'https://image.tmdb.org/t/p/original/backdrop.jpg',
    });
    expect(series.episodes).toHaveLength(3);
  });

  it('prefers the listed episode run time, and tolerates a bare record', () => {
    expect(mapTvDetails(details({ episode_run_time: [0, 24] }), [], images).runtimeMinutes).toBe(24);
    const bare = mapTvDetails(details(), [], images);
    expect(bare).toMatchObject({
      tvdbId: null,
      imdbId: null,
      year: null,
      network: null,
      status: 'unknown',
      language: null,
      runtimeMinutes: null,
      originalTitle: 'Game of Thrones',
      alternativeTitles: [],
      posterUrl: null,
      fanartUrl: null,
      episodes: [],
    });
    expect(mapTvDetails(details({ external_ids: { tvdb_id: 0, imdb_id: '' } }), [], images)).toMatchObject({
      tvdbId: null,
      imdbId: null,
    });
  });

  it('reads a Japanese animation as anime, with absolute numbers', () => {
    const series = mapTvDetails(
      details({
        id: 209867,
        name: "Frieren: Beyond Journey's End",
        original_name: '葬送のフリーレン',
        original_language: 'ja',
        genres: [{ id: 16, name: 'Animation' }],
        origin_country: ['JP'],
        alternative_titles: { results: [{ iso_3166_1: 'JP', title: 'Sousou no Frieren' }] },
      }),
      [season(1, [{ episode_number: 1 }, { episode_number: 2 }])],
      images,
    );
    expect(series).toMatchObject({
      seriesType: 'anime',
      originalTitle: '葬送のフリーレン',
      alternativeTitles: ['Sousou no Frieren'],
    });
    expect(series.episodes.map((e) => e.absoluteNumber)).toEqual([1, 2]);
  });
});
