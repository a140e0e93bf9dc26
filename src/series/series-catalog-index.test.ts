import { describe, expect, it } from 'vitest';
import { SeriesCatalogIndex } from './series-catalog-index.js';
import type { CatalogSeries } from './series.js';

function series(id: number, cleanTitles: string[], ids: Partial<CatalogSeries> = {}): CatalogSeries {
  return {
    id,
    tvdbId: null,
    tvmazeId: null,
    tmdbId: null,
    imdbId: null,
    title: cleanTitles[0]!,
    year: null,
    seriesType: 'standard',
    monitored: true,
    qualityProfileId: 1,
    cleanTitles,
    ...ids,
  };
}

describe('SeriesCatalogIndex', () => {
  it('finds a series by title or alias, and reports every series sharing a title in id order', () => {
    const index = new SeriesCatalogIndex([
      series(3, ['theoffice', 'theofficeus']),
      series(1, ['theoffice', 'theofficeuk']),
      series(2, ['frierenbeyondjourneysend', 'sosonofrieren']),
    ]);
    expect(index.findByCleanTitle('sosonofrieren').map((s) => s.id)).toEqual([2]);
    expect(index.findByCleanTitle('theoffice').map((s) => s.id)).toEqual([1, 3]);
    expect(index.findByCleanTitle('nothing')).toEqual([]);
  });

  it('finds by ids in TVDB, TVmaze, IMDb, TMDB order and forgets a removed series', () => {
    const index = new SeriesCatalogIndex([
      series(1, ['a'], { tvdbId: 10, tvmazeId: 20, imdbId: 'tt0000001' }),
      series(2, ['b'], { tvmazeId: 21, tmdbId: 31 }),
    ]);
    expect(index.findByIds({ tvdbId: 10, tvmazeId: 21 })?.id).toBe(1);
    expect(index.findByIds({ tvdbId: 99, tvmazeId: 21 })?.id).toBe(2);
    expect(index.findByIds({ imdbId: 'TT0000001' })?.id).toBe(1);
    expect(index.findByIds({ tmdbId: 31 })?.id).toBe(2);
    index.remove(1);
    expect(index.findByIds({ tvdbId: 10 })).toBeUndefined();
    expect(index.findByCleanTitle('a')).toEqual([]);
    expect(index.size).toBe(1);
  });

  it('replaces a series on put, dropping its old aliases', () => {
    const index = new SeriesCatalogIndex([series(1, ['old', 'alias'])]);
    index.put(series(1, ['new']));
    expect(index.findByCleanTitle('alias')).toEqual([]);
    expect(index.findByCleanTitle('new').map((s) => s.id)).toEqual([1]);
  });

  it('matches by id first, then by title narrowed by year, and reports what it cannot tell apart', () => {
    const index = new SeriesCatalogIndex([
      series(1, ['doctorwho'], { year: 1963, tvdbId: 76107 }),
      series(2, ['doctorwho'], { year: 2005, tvdbId: 78804 }),
      series(3, ['frieren', 'sosonofrieren'], { year: 2023 }),
      series(4, ['theoffice'], { year: null }),
      series(5, ['theoffice'], { year: null }),
    ]);
    const ids = (match: ReturnType<SeriesCatalogIndex['match']>) =>
      match.kind === 'matched'
        ? [match.by, match.series.id]
        : match.kind === 'ambiguous'
          ? match.candidates.map((c) => c.id)
          : [];
    expect(ids(index.match({ cleanTitle: 'doctorwho', tvdbId: 78804 }))).toEqual(['id', 2]);
    expect(ids(index.match({ cleanTitle: 'doctorwho', year: 2005 }))).toEqual(['titleAndYear', 2]);
    expect(index.match({ cleanTitle: 'doctorwho' })).toMatchObject({ kind: 'ambiguous' });
    expect(ids(index.match({ cleanTitle: 'doctorwho' }))).toEqual([1, 2]);
    expect(ids(index.match({ cleanTitle: 'doctorwho', year: 2020 }))).toEqual([1, 2]);
    expect(ids(index.match({ cleanTitle: 'sosonofrieren' }))).toEqual(['title', 3]);
    expect(ids(index.match({ cleanTitle: 'frieren', year: 2023 }))).toEqual(['title', 3]);
    expect(index.match({ cleanTitle: 'frieren', year: 1999 })).toEqual({ kind: 'none' });
    expect(ids(index.match({ cleanTitle: 'theoffice', year: 2005 }))).toEqual([4, 5]);
    expect(index.match({ cleanTitle: 'unknown' })).toEqual({ kind: 'none' });
  });
});
