import { describe, expect, it } from 'vitest';
import { tvmazeEpisodeSchema, tvmazeShowSchema, type TvmazeEpisode, type TvmazeShow } from './tvmaze-api.js';
import {
  calendarDate,
  guessSeriesType,
  mapEpisodes,
  mapSearchResult,
  mapShow,
  mapStatus,
  plainText,
  utcInstant,
} from './tvmaze-mapper.js';

function show(fields: Record<string, unknown> = {}): TvmazeShow {
  return tvmazeShowSchema.parse({ id: 82, name: 'Game of Thrones', ...fields });
}

let nextId = 1;
function episode(fields: Record<string, unknown>): TvmazeEpisode {
  return tvmazeEpisodeSchema.parse({ id: nextId++, name: 'An episode', season: 1, number: 1, ...fields });
}

describe('mapStatus', () => {
  it.each([
    ['Running', 'continuing'],
    ['To Be Determined', 'continuing'],
    ['Ended', 'ended'],
    ['In Development', 'upcoming'],
    ['ended', 'ended'],
    ['Something new', 'unknown'],
    [null, 'unknown'],
  ] as const)('%s → %s', (status, expected) => {
    expect(mapStatus(status)).toBe(expected);
  });
});

describe('guessSeriesType', () => {
  it.each([
    [{ type: 'Talk Show', language: 'English', genres: ['Comedy'] }, 'daily'],
    [{ type: 'News', language: 'English', genres: [] }, 'daily'],
    [{ type: 'Animation', language: 'Japanese', genres: ['Fantasy'] }, 'anime'],
    [{ type: 'Scripted', language: 'Japanese', genres: ['Anime'] }, 'anime'],
    [{ type: 'Animation', language: 'English', genres: ['Comedy'] }, 'standard'],
    [{ type: 'Scripted', language: 'Japanese', genres: ['Drama'] }, 'standard'],
    [{ type: null, language: null, genres: [] }, 'standard'],
  ] as const)('%o → %s', (fields, expected) => {
    expect(guessSeriesType({ ...fields, genres: [...fields.genres] })).toBe(expected);
  });
});

describe('small conversions', () => {
  it('turns HTML summaries into plain text', () => {
    expect(
      plainText('<p><b>Frieren</b> &amp; Fern&#39;s journey&nbsp;&#x2014; <i>after</i> the end.</p>'),
    ).toBe("Frieren & Fern's journey — after the end.");
    expect(plainText('<p>One.</p><p>Two.<br/>Three.</p>')).toBe('One.\nTwo.\nThree.');
    expect(plainText(null)).toBe('');
    expect(plainText('&bogus; &#0;')).toBe('&bogus; &#0;');
  });

  it('keeps only real dates and instants', () => {
    expect(calendarDate('2024-03-05')).toBe('2024-03-05');
    expect(calendarDate('')).toBeNull();
    expect(calendarDate('2024-13-45')).toBeNull();
    expect(calendarDate(null)).toBeNull();
    expect(utcInstant('2011-04-18T01:00:00+00:00')).toBe('2011-04-18T01:00:00.000Z');
    expect(utcInstant('2023-09-29T23:00:00+09:00')).toBe('2023-09-29T14:00:00.000Z');
    expect(utcInstant('soon')).toBeNull();
    expect(utcInstant(null)).toBeNull();
  });
});

describe('mapSearchResult', () => {
  it('maps ids, year, network and poster', () => {
    const result = mapSearchResult(
      show({
        premiered: '2011-04-17',
        status: 'Ended',
        network: { id: 8, name: 'HBO', country: null },
        externals: { tvrage: 24493, thetvdb: 121361, imdb: 'tt0944947' },
        image: { medium: 'https://m/1.jpg', original: 'https://o/1.jpg' },
        summary: '<p>Nine noble families.</p>',
      }),
    );
    expect(result).toEqual({
      tvmazeId: 82,
      tvdbId: 121361,
      tmdbId: null,
      imdbId: 'tt0944947',
      title: 'Game of Thrones',
      year: 2011,
      overview: 'Nine noble families.',
      network: 'HBO',
      status: 'ended',
      posterUrl: 'https://o/1.jpg',
    });
  });

  it('uses the web channel when there is no network, and tolerates missing everything', () => {
    const result = mapSearchResult(
      show({ webChannel: { id: 1, name: 'Netflix', country: null }, externals: { imdb: '', thetvdb: 0 } }),
    );
    expect(result).toMatchObject({
      network: 'Netflix',
      year: null,
      imdbId: null,
      tvdbId: null,
      posterUrl: null,
    });
    expect(mapSearchResult(show({ externals: null, image: null, genres: null })).network).toBeNull();
  });
});

describe('mapEpisodes', () => {
  it('maps a regular episode, its UTC air time and runtime', () => {
    const [mapped] = mapEpisodes(
      [
        episode({
          season: 1,
          number: 1,
          name: ' Winter Is Coming ',
          airdate: '2011-04-17',
          airstamp: '2011-04-18T01:00:00+00:00',
          runtime: 60,
          summary: '<p>Lord Stark…</p>',
        }),
      ],
      'standard',
    );
    expect(mapped).toEqual({
      seasonNumber: 1,
      episodeNumber: 1,
      absoluteNumber: null,
      title: 'Winter Is Coming',
      airDate: '2011-04-17',
      airDateUtc: '2011-04-18T01:00:00.000Z',
      runtimeMinutes: 60,
      overview: 'Lord Stark…',
    });
  });

  it('leaves an unscheduled episode without dates, and a zero runtime unknown', () => {
    const [mapped] = mapEpisodes(
      [episode({ airdate: '', airstamp: null, runtime: 0, summary: null })],
      'standard',
    );
    expect(mapped).toMatchObject({ airDate: null, airDateUtc: null, runtimeMinutes: null, overview: '' });
    // A stray airstamp on an undated episode is a placeholder, not a schedule.
    const [stray] = mapEpisodes(
      [episode({ airdate: '', airstamp: '2030-01-01T00:00:00+00:00' })],
      'standard',
    );
    expect(stray?.airDateUtc).toBeNull();
  });

  it('files unnumbered specials under season 0, numbered in the order they aired', () => {
    const mapped = mapEpisodes(
      [
        episode({ season: 1, number: 1 }),
        episode({ season: 1, number: null, type: 'significant_special', name: 'Inside the Episode' }),
        episode({ season: 2, number: 1 }),
        episode({ season: 2, number: null, type: 'insignificant_special', name: 'Recap' }),
        episode({ season: 2, number: 5, type: 'significant_special', name: 'Numbered special' }),
      ],
      'standard',
    );
    expect(mapped.map((e) => [e.seasonNumber, e.episodeNumber, e.title])).toEqual([
      [1, 1, 'An episode'],
      [0, 1, 'Inside the Episode'],
      [2, 1, 'An episode'],
      [0, 2, 'Recap'],
      [0, 3, 'Numbered special'],
    ]);
  });

  it('counts absolute numbers for anime over regular episodes in season order, skipping specials', () => {
    const mapped = mapEpisodes(
      [
        episode({ season: 2, number: 1 }),
        episode({ season: 1, number: 2 }),
        episode({ season: 1, number: null, type: 'significant_special' }),
        episode({ season: 1, number: 1 }),
        episode({ season: 2, number: 2 }),
      ],
      'anime',
    );
    expect(mapped.map((e) => [e.seasonNumber, e.episodeNumber, e.absoluteNumber])).toEqual([
      [2, 1, 3],
      [1, 2, 2],
      [0, 1, null],
      [1, 1, 1],
      [2, 2, 4],
    ]);
  });

  it('gives no absolute numbers to standard or daily series', () => {
    const episodes = [episode({ season: 2024, number: 1, airdate: '2024-03-04' })];
    expect(mapEpisodes(episodes, 'daily')[0]).toMatchObject({ seasonNumber: 2024, absoluteNumber: null });
    expect(mapEpisodes(episodes, 'standard')[0]?.absoluteNumber).toBeNull();
  });
});

describe('mapShow', () => {
  it('builds the full series: type guess, akas without duplicates, runtime fallback', () => {
    const series = mapShow(
      show({
        id: 65749,
        name: "Frieren: Beyond Journey's End",
        type: 'Animation',
        language: 'Japanese',
        genres: ['Anime', 'Fantasy'],
        runtime: null,
        averageRuntime: 25,
      }),
      [
        { name: 'Sousou no Frieren', country: { name: 'Japan', code: 'JP', timezone: 'Asia/Tokyo' } },
        { name: 'sousou no frieren', country: null },
        { name: "Frieren: Beyond Journey's End", country: null },
        { name: '  ', country: null },
        { name: 'Frieren', country: null },
      ],
      [episode({ season: 1, number: 1 }), episode({ season: 1, number: 2 })],
    );
    expect(series).toMatchObject({
      tvmazeId: 65749,
      originalTitle: "Frieren: Beyond Journey's End",
      alternativeTitles: ['Sousou no Frieren', 'Frieren'],
      language: 'Japanese',
      genres: ['Anime', 'Fantasy'],
      runtimeMinutes: 25,
      seriesType: 'anime',
      fanartUrl: null,
    });
    expect(series.episodes.map((e) => e.absoluteNumber)).toEqual([1, 2]);
  });

  it('reads a daily show as daily, its seasons being years', () => {
    const series = mapShow(
      show({ type: 'Talk Show', runtime: 60 }),
      [],
      [episode({ season: 2024, number: 3, airdate: '2024-03-06' })],
    );
    expect(series.seriesType).toBe('daily');
    expect(series.episodes[0]).toMatchObject({ seasonNumber: 2024, episodeNumber: 3, airDate: '2024-03-06' });
  });
});
