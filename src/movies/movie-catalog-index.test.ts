import { describe, expect, it } from 'vitest';
import type { CatalogMovie } from './movie.js';
import { MovieCatalogIndex } from './movie-catalog-index.js';

function movie(id: number, cleanTitles: string[], extra: Partial<CatalogMovie> = {}): CatalogMovie {
  return {
    id,
    tmdbId: 1000 + id,
    imdbId: `tt${String(id).padStart(7, '0')}`,
    title: cleanTitles[0] ?? '',
    year: 2000,
    runtime: 100,
    status: 'released',
    monitored: true,
    minimumAvailability: 'released',
    qualityProfileId: 1,
    cleanTitles,
    ...extra,
  };
}

describe('MovieCatalogIndex', () => {
  it('finds a movie by any of its clean titles and by ids', () => {
    const index = new MovieCatalogIndex([movie(1, ['thematrix', 'matrix']), movie(2, ['alien'])]);
    expect(index.findByCleanTitle('matrix').map((m) => m.id)).toEqual([1]);
    expect(index.findByCleanTitle('thematrix').map((m) => m.id)).toEqual([1]);
    expect(index.findByCleanTitle('nothing')).toEqual([]);
    expect(index.findByIds({ imdbId: 'TT0000002' })?.id).toBe(2);
    expect(index.findByIds({ tmdbId: 1001 })?.id).toBe(1);
    expect(index.findByIds({ imdbId: 'tt9999999', tmdbId: 1002 })?.id).toBe(2);
    expect(index.findByIds({})).toBeUndefined();
  });

  it('answers a title shared by several movies in id order, whatever the insertion order', () => {
    const index = new MovieCatalogIndex([movie(5, ['dune']), movie(2, ['dune']), movie(9, ['dune'])]);
    expect(index.findByCleanTitle('dune').map((m) => m.id)).toEqual([2, 5, 9]);
  });

  it('replaces a movie on put, dropping titles and ids it no longer has', () => {
    const index = new MovieCatalogIndex([movie(1, ['old', 'shared']), movie(2, ['shared'])]);
    index.put(movie(1, ['new', 'shared'], { imdbId: 'tt7654321' }));
    expect(index.findByCleanTitle('old')).toEqual([]);
    expect(index.findByCleanTitle('new').map((m) => m.id)).toEqual([1]);
    expect(index.findByCleanTitle('shared').map((m) => m.id)).toEqual([1, 2]);
    expect(index.findByIds({ imdbId: 'tt0000001' })).toBeUndefined();
    expect(index.findByIds({ imdbId: 'tt7654321' })?.id).toBe(1);
    expect(index.size).toBe(2);
  });

  it('forgets a removed movie everywhere and keeps the others', () => {
    const index = new MovieCatalogIndex([movie(1, ['shared', 'one']), movie(2, ['shared'])]);
    index.remove(1);
    index.remove(42);
    expect(index.get(1)).toBeUndefined();
    expect(index.findByCleanTitle('one')).toEqual([]);
    expect(index.findByCleanTitle('shared').map((m) => m.id)).toEqual([2]);
    expect(index.findByIds({ tmdbId: 1001 })).toBeUndefined();
    expect(index.size).toBe(1);
  });
});
