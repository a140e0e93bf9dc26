// Owns the in-memory index the release matcher asks "which movie is this?": clean title (main,
// original and alternative titles) → movies, IMDb id → movie, TMDB id → movie. Lookups are Map reads
// (microseconds for a 10,000-movie library); the catalog service updates it on every write.
import type { CatalogMovie } from './movie.js';

export class MovieCatalogIndex {
  private readonly byId = new Map<number, CatalogMovie>();
  private readonly byCleanTitle = new Map<string, CatalogMovie[]>();
  private readonly byImdbId = new Map<string, CatalogMovie>();
  private readonly byTmdbId = new Map<number, CatalogMovie>();

  constructor(movies: Iterable<CatalogMovie> = []) {
    for (const movie of movies) this.put(movie);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: number): CatalogMovie | undefined {
    return this.byId.get(id);
  }

  /** Movies whose title, original title or an alternative title cleans to `cleanTitle`; by id. */
  findByCleanTitle(cleanTitle: string): readonly CatalogMovie[] {
    return this.byCleanTitle.get(cleanTitle) ?? [];
  }

  /** The movie with this IMDb id, else this TMDB id; undefined when neither is in the library. */
  findByIds(ids: {
    imdbId?: string | null | undefined;
    tmdbId?: number | null | undefined;
  }): CatalogMovie | undefined {
    const imdb = ids.imdbId ? this.byImdbId.get(normaliseImdbId(ids.imdbId)) : undefined;
    if (imdb) return imdb;
    return ids.tmdbId ? this.byTmdbId.get(ids.tmdbId) : undefined;
  }

  /** Adds or replaces a movie (after an add, an edit or a refresh). */
  put(movie: CatalogMovie): void {
    this.remove(movie.id);
    this.byId.set(movie.id, movie);
    this.byTmdbId.set(movie.tmdbId, movie);
    if (movie.imdbId) this.byImdbId.set(normaliseImdbId(movie.imdbId), movie);
    for (const title of movie.cleanTitles) {
      const list = this.byCleanTitle.get(title);
      if (!list) {
        this.byCleanTitle.set(title, [movie]);
        continue;
      }
      // Kept in id order, so a title shared by several movies always answers in the same order.
      const at = list.findIndex((other) => other.id > movie.id);
      if (at === -1) list.push(movie);
      else list.splice(at, 0, movie);
    }
  }

  remove(id: number): void {
    const movie = this.byId.get(id);
    if (!movie) return;
    this.byId.delete(id);
    if (this.byTmdbId.get(movie.tmdbId) === movie) this.byTmdbId.delete(movie.tmdbId);
    if (movie.imdbId && this.byImdbId.get(normaliseImdbId(movie.imdbId)) === movie) {
      this.byImdbId.delete(normaliseImdbId(movie.imdbId));
    }
    for (const title of movie.cleanTitles) {
      const list = this.byCleanTitle.get(title);
      if (!list) continue;
      const rest = list.filter((other) => other.id !== id);
      if (rest.length === 0) this.byCleanTitle.delete(title);
      else this.byCleanTitle.set(title, rest);
    }
  }
}

function normaliseImdbId(imdbId: string): string {
  return imdbId.trim().toLowerCase();
}
