import { describe, expect, it } from 'vitest';
import { tmdbMovieDetailsSchema, type TmdbMovieDetails } from './tmdb-api.js';
import {
  calendarDate,
  imageBaseFrom,
  mapMovieDetails,
  mapReleaseDates,
  mapSearchResult,
  mapStatus,
} from './tmdb-mapper.js';

const images = { baseUrl: 'https://image.tmdb.org/t/p/', posterSize: 'w500', backdropSize: 'original' };

function details(overrides: Partial<TmdbMovieDetails> = {}): TmdbMovieDetails {
  return tmdbMovieDetailsSchema.parse({
    id: 603,
    imdb_id: 'tt0133093',
    title: 'The Matrix',
    original_title: 'The Matrix',
    original_language: 'en',
    overview: 'A hacker learns the truth.',
    release_date: '1999-03-30',
    runtime: 136,
    status: 'Released',
    genres: [
      { id: 28, name: 'Action' },
      { id: 878, name: 'Science Fiction' },
    ],
    poster_path: '/poster.jpg',
    backdrop_path: '/backdrop.jpg',
    belongs_to_collection: { id: 2344, name: 'The Matrix Collection', poster_path: null },
    ...overrides,
  });
}

describe('mapMovieDetails', () => {
  it('maps a complete movie', () => {
    const movie = mapMovieDetails(
      details({
        alternative_titles: {
          titles: [
            { iso_3166_1: 'DE', title: 'Matrix' },
            { iso_3166_1: 'US', title: 'The Matrix' }, // same as the title: dropped
            { iso_3166_1: 'FR', title: '  Matrix  ' },
            { iso_3166_1: '', title: 'Matrix 1' },
          ],
        },
      }),
      images,
    );
    expect(movie).toEqual({
      tmdbId: 603,
      imdbId: 'tt0133093',
      title: 'The Matrix',
      originalTitle: 'The Matrix',
      originalLanguage: 'en',
      year: 1999,
      overview: 'A hacker learns the truth.',
      runtime: 136,
      status: 'released',
      releaseDates: { inCinemas: '1999-03-30', digital: null, physical: null },
      alternativeTitles: [
        { title: 'Matrix', country: 'DE' },
        { title: 'Matrix', country: 'FR' },
        { title: 'Matrix 1', country: null },
      ],
      genres: ['Action', 'Science Fiction'],
      posterUrl: 'https://image.tmdb.org/t/p/w500/poster.jpg',
      fanartUrl: 'https://image.tmdb.org/t/p/original/backdrop.jpg',
      collection: { tmdbId: 2344, name: 'The Matrix Collection' },
    });
  });

  it.each([
    ['blank IMDb id', { imdb_id: '' }, 'imdbId', null],
    [
      'IMDb id from external_ids',
      { imdb_id: null, external_ids: { imdb_id: 'tt0000001' } },
      'imdbId',
      'tt0000001',
    ],
    ['zero runtime', { runtime: 0 }, 'runtime', null],
    ['no release date', { release_date: '' }, 'year', null],
    ['no poster', { poster_path: null }, 'posterUrl', null],
    ['no collection', { belongs_to_collection: null }, 'collection', null],
    ['null overview', { overview: null }, 'overview', ''],
    ['empty original title', { original_title: '' }, 'originalTitle', 'The Matrix'],
  ] as const)('copes with %s', (_name, overrides, field, expected) => {
    expect(mapMovieDetails(details(overrides as Partial<TmdbMovieDetails>), images)[field]).toEqual(expected);
  });
});

describe('mapReleaseDates', () => {
  it('takes the earliest date of each kind across countries and ignores premieres and TV', () => {
    const dates = mapReleaseDates(
      details({
        release_dates: {
          results: [
            {
              iso_3166_1: 'US',
              release_dates: [
                { release_date: '2024-01-05T00:00:00.000Z', type: 1 },
                { release_date: '2024-03-01T00:00:00.000Z', type: 3 },
                { release_date: '2024-05-02T00:00:00.000Z', type: 4 },
                { release_date: '2024-06-10T00:00:00.000Z', type: 5 },
                { release_date: '2023-12-01T00:00:00.000Z', type: 6 },
              ],
            },
            {
              iso_3166_1: 'GB',
              release_dates: [
                { release_date: '2024-02-20T00:00:00.000Z', type: 2 },
                { release_date: '2024-04-30T00:00:00.000Z', type: 4 },
                { release_date: 'not a date', type: 5 },
              ],
            },
          ],
        },
      }),
    );
    expect(dates).toEqual({ inCinemas: '2024-02-20', digital: '2024-04-30', physical: '2024-06-10' });
  });

  it('falls back to the primary release date when TMDB lists no per-country dates', () => {
    expect(mapReleaseDates(details({ release_dates: { results: [] } })).inCinemas).toBe('1999-03-30');
  });

  it('leaves cinemas empty when the per-country dates have only a premiere', () => {
    const dates = mapReleaseDates(
      details({
        release_dates: {
          results: [{ iso_3166_1: 'FR', release_dates: [{ release_date: '2025-05-20', type: 1 }] }],
        },
      }),
    );
    expect(dates).toEqual({ inCinemas: null, digital: null, physical: null });
  });
});

describe('small mappers', () => {
  it.each([
    ['Released', 'released'],
    ['In Production', 'inProduction'],
    ['Post Production', 'postProduction'],
    ['Rumored', 'rumored'],
    ['Canceled', 'canceled'],
    ['Planned', 'planned'],
    ['Something new', 'planned'],
    [null, 'planned'],
  ] as const)('status %s → %s', (raw, expected) => {
    expect(mapStatus(raw)).toBe(expected);
  });

  it.each([
    ['2024-02-29', '2024-02-29'],
    ['2024-02-29T12:00:00.000Z', '2024-02-29'],
    ['', null],
    ['2024-13-45', null],
    ['soon', null],
  ])('calendarDate(%j) = %j', (raw, expected) => {
    expect(calendarDate(raw)).toBe(expected);
  });

  it('picks the preferred image sizes, or the largest when TMDB does not offer them', () => {
    const configuration = {
      images: {
        secure_base_url: 'https://img/',
        poster_sizes: ['w92', 'original'],
        backdrop_sizes: ['w300', 'w1280'],
      },
    };
    expect(imageBaseFrom(configuration, { posterSize: 'w92', backdropSize: 'original' })).toEqual({
      baseUrl: 'https://img/',
      posterSize: 'w92',
      backdropSize: 'w1280',
    });
  });

  it('maps a search hit', () => {
    expect(
      mapSearchResult(
        {
          id: 1,
          title: 'Dune',
          original_title: '',
          overview: null,
          release_date: '2021-09-15',
          poster_path: null,
          popularity: null,
        },
        images,
      ),
    ).toEqual({
      tmdbId: 1,
      title: 'Dune',
      originalTitle: 'Dune',
      year: 2021,
      overview: '',
      posterUrl: null,
      popularity: 0,
    });
  });
});
