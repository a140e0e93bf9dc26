// Owns the in-memory index the release matcher asks "which series is this?": clean title (main title,
// metadata alternative titles and user aliases) → series, and TVDB / TVmaze / IMDb / TMDB id → series.
// Lookups are Map reads; the series service updates it on every write it makes.
import type { CatalogSeries } from './series.js';

export interface SeriesMatchQuery {
  /** The release's series title, already through the parser's cleanTitle. */
  cleanTitle: string;
  /** A year in the release title ("Doctor Who 2005"), used only to tell same-titled series apart. */
  year?: number | null | undefined;
  tvdbId?: number | null | undefined;
  tvmazeId?: number | null | undefined;
  imdbId?: string | null | undefined;
}

export type SeriesMatch =
  | { kind: 'matched'; series: CatalogSeries; by: 'id' | 'title' | 'titleAndYear' }
  | { kind: 'ambiguous'; candidates: readonly CatalogSeries[] }
  | { kind: 'none' };

export class SeriesCatalogIndex {
  private readonly byId = new Map<number, CatalogSeries>();
  private readonly byCleanTitle = new Map<string, CatalogSeries[]>();
  private readonly byTvdbId = new Map<number, CatalogSeries>();
  private readonly byTvmazeId = new Map<number, CatalogSeries>();
  private readonly byTmdbId = new Map<number, CatalogSeries>();
  private readonly byImdbId = new Map<string, CatalogSeries>();

  constructor(series: Iterable<CatalogSeries> = []) {
    for (const entry of series) this.put(entry);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: number): CatalogSeries | undefined {
    return this.byId.get(id);
  }

  /**
   * Every series whose title or an alias cleans to `cleanTitle`, in id order. Several answers are an
   * ambiguity for the caller to report (or narrow by year), never to pick from silently.
   */
  findByCleanTitle(cleanTitle: string): readonly CatalogSeries[] {
    return this.byCleanTitle.get(cleanTitle) ?? [];
  }

  /** The series with the first of these ids the library knows (TVDB, TVmaze, IMDb, TMDB). */
  findByIds(ids: {
    tvdbId?: number | null | undefined;
    tvmazeId?: number | null | undefined;
    imdbId?: string | null | undefined;
    tmdbId?: number | null | undefined;
  }): CatalogSeries | undefined {
    return (
      (ids.tvdbId ? this.byTvdbId.get(ids.tvdbId) : undefined) ??
      (ids.tvmazeId ? this.byTvmazeId.get(ids.tvmazeId) : undefined) ??
      (ids.imdbId ? this.byImdbId.get(ids.imdbId.trim().toLowerCase()) : undefined) ??
      (ids.tmdbId ? this.byTmdbId.get(ids.tmdbId) : undefined)
    );
  }

  /**
   * Which series a release is for: an id the indexer gave wins; else the title (or an alias), narrowed
   * by year when several series share it. Several left is reported as ambiguous, never picked.
   */
  match(query: SeriesMatchQuery): SeriesMatch {
    const byId = this.findByIds(query);
    if (byId) return { kind: 'matched', series: byId, by: 'id' };
    const candidates = this.findByCleanTitle(query.cleanTitle);
    if (candidates.length === 0) return { kind: 'none' };
    if (candidates.length === 1) {
      const [only] = candidates as [CatalogSeries];
      // A year that contradicts the only candidate is another show of the same name, not in the library.
      if (query.year && only.year && query.year !== only.year) return { kind: 'none' };
      return { kind: 'matched', series: only, by: 'title' };
    }
    if (query.year) {
      const sameYear = candidates.filter((series) => series.year === query.year);
      if (sameYear.length === 1) return { kind: 'matched', series: sameYear[0]!, by: 'titleAndYear' };
      if (sameYear.length > 1) return { kind: 'ambiguous', candidates: sameYear };
    }
    return { kind: 'ambiguous', candidates };
  }

  /** Adds or replaces a series (after an add, an edit, an alias change or a refresh). */
  put(series: CatalogSeries): void {
    this.remove(series.id);
    this.byId.set(series.id, series);
    if (series.tvdbId) this.byTvdbId.set(series.tvdbId, series);
    if (series.tvmazeId) this.byTvmazeId.set(series.tvmazeId, series);
    if (series.tmdbId) this.byTmdbId.set(series.tmdbId, series);
    if (series.imdbId) this.byImdbId.set(series.imdbId.trim().toLowerCase(), series);
    for (const title of series.cleanTitles) {
      const list = this.byCleanTitle.get(title);
      if (!list) {
        this.byCleanTitle.set(title, [series]);
        continue;
      }
      const at = list.findIndex((other) => other.id > series.id);
      if (at === -1) list.push(series);
      else list.splice(at, 0, series);
    }
  }

  remove(id: number): void {
    const series = this.byId.get(id);
    if (!series) return;
    this.byId.delete(id);
    const drop = <K>(map: Map<K, CatalogSeries>, key: K | null) => {
      if (key !== null && map.get(key) === series) map.delete(key);
    };
    drop(this.byTvdbId, series.tvdbId);
    drop(this.byTvmazeId, series.tvmazeId);
    drop(this.byTmdbId, series.tmdbId);
    drop(this.byImdbId, series.imdbId?.trim().toLowerCase() ?? null);
    for (const title of series.cleanTitles) {
      const rest = (this.byCleanTitle.get(title) ?? []).filter((other) => other.id !== id);
      if (rest.length === 0) this.byCleanTitle.delete(title);
      else this.byCleanTitle.set(title, rest);
    }
  }
}
