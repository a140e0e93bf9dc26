// Owns the benchmarks' synthetic movie library: plausible catalog rows (titles, years, runtimes, two
// alternative titles each) written through the real MovieRepository, so the rows are exactly what the
// service writes when a user adds a movie.
import path from 'node:path';
import type { MovieRepository, NewMovie } from '../src/movies/movie.repository.js';
import { sortTitleOf } from '../src/movies/movie.service.js';
import { cleanTitle } from '../src/parser/index.js';

const words = [
  'Dark', 'Night', 'Return', 'Star', 'Lost', 'City', 'Blade', 'Runner', 'Last', 'Kingdom', 'Ghost', 'Iron',
  'Silent', 'River', 'Empire', 'Secret', 'Storm', 'Winter', 'Fire', 'Shadow', 'Golden', 'Island', 'Wild', 'Red',
]; // prettier-ignore

/** A distinct, readable title for every index (the number keeps titles unique past 24² words). */
export function benchTitle(index: number): string {
  const parts: string[] = [];
  for (let n = index + 1; n > 0; n = Math.floor(n / words.length)) parts.push(words[n % words.length]!);
  return `The ${parts.join(' ')} ${index}`;
}

export function benchMovie(index: number, rootFolderPath: string, now = Date.now()): NewMovie {
  const title = benchTitle(index);
  const year = 1950 + (index % 75);
  const alternatives = [`Alt ${title}`, `Autre ${title}`];
  return {
    tmdbId: 100_000 + index,
    imdbId: `tt${String(1_000_000 + index)}`,
    title,
    originalTitle: title,
    originalLanguage: 'en',
    cleanTitle: cleanTitle(title),
    sortTitle: sortTitleOf(title),
    year,
    overview: 'A movie about something that happens to someone, somewhere, for about two hours.',
    runtime: 90 + (index % 60),
    productionStatus: 'released',
    status: 'released',
    inCinemas: '2001-01-01',
    digitalRelease: '2001-06-01',
    physicalRelease: null,
    genres: ['Drama', 'Thriller'],
    images: { poster: 'https://image.tmdb.org/t/p/original/abcdefghijklmnop.jpg', fanart: null },
    monitored: index % 5 !== 0,
    minimumAvailability: 'released',
    qualityProfileId: 1,
    rootFolderPath,
    path: path.join(rootFolderPath, `${title} (${year})`),
    tags: [],
    addedAt: now - index * 1000,
    lastRefreshedAt: now,
    alternativeTitles: [
      { title: alternatives[0]!, cleanTitle: cleanTitle(alternatives[0]!), country: 'DE' },
      { title: alternatives[1]!, cleanTitle: cleanTitle(alternatives[1]!), country: 'FR' },
    ],
  };
}

/** Adds `count` movies one by one, as users would; returns the new ids in order. */
export async function seedLibrary(
  movies: Pick<MovieRepository, 'insert'>,
  count: number,
  rootFolderPath: string,
): Promise<number[]> {
  const ids: number[] = [];
  const now = Date.now();
  for (let index = 0; index < count; index += 1) {
    ids.push(await movies.insert(benchMovie(index, rootFolderPath, now)));
  }
  return ids;
}
