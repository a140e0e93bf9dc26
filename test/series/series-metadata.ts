// An in-test SeriesMetadataProvider (the TVmaze client and its contract fake are built elsewhere):
// shows the test edits between refreshes, episodes dated relative to a fixed "now".
import type {
  EpisodeMetadata,
  SeriesMetadata,
  SeriesMetadataProvider,
  SeriesSearchResult,
} from '../../src/metadata/series-metadata-provider.js';
import { NotFoundError } from '../../src/shared/errors.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const NOW = Date.UTC(2026, 0, 15, 12);

export function episode(
  season: number,
  number: number,
  daysFromNow: number | null,
  absolute?: number,
): EpisodeMetadata {
  const at = daysFromNow === null ? null : new Date(NOW + daysFromNow * DAY);
  return {
    seasonNumber: season,
    episodeNumber: number,
    absoluteNumber: absolute ?? null,
    title: `Episode ${season}x${number}`,
    airDate: at ? at.toISOString().slice(0, 10) : null,
    airDateUtc: at ? at.toISOString() : null,
    runtimeMinutes: 24,
    overview: '',
  };
}

export function show(
  id: number,
  title: string,
  year: number,
  episodes: EpisodeMetadata[],
  extra: Partial<SeriesMetadata> = {},
) {
  const meta: SeriesMetadata = {
    tvmazeId: id,
    tvdbId: id + 1000,
    tmdbId: null,
    imdbId: `tt${String(id).padStart(7, '0')}`,
    title,
    year,
    overview: `${title} overview`,
    network: 'NET',
    status: 'continuing',
    posterUrl: null,
    originalTitle: title,
    alternativeTitles: [],
    language: 'English',
    runtimeMinutes: 24,
    genres: [],
    seriesType: 'standard',
    fanartUrl: null,
    episodes,
    ...extra,
  };
  return meta;
}

/** A metadata source whose catalog the test edits between refreshes. */
export class InTestSeriesMetadata implements SeriesMetadataProvider {
  readonly name = 'in-test';
  readonly shows = new Map<number, SeriesMetadata>();
  testConnection(): Promise<void> {
    return Promise.resolve();
  }
  searchSeries(query: string): Promise<SeriesSearchResult[]> {
    const q = query.toLowerCase();
    return Promise.resolve([...this.shows.values()].filter((s) => s.title.toLowerCase().includes(q)));
  }
  getSeries(id: number): Promise<SeriesMetadata> {
    const found = this.shows.get(id);
    return found
      ? Promise.resolve(structuredClone(found))
      : Promise.reject(new NotFoundError(`no show ${id}`));
  }
  findSeries(ids: { tvdbId?: number | null; imdbId?: string | null }): Promise<SeriesMetadata | null> {
    const found = [...this.shows.values()].find(
      (s) => (ids.tvdbId && s.tvdbId === ids.tvdbId) || (ids.imdbId && s.imdbId === ids.imdbId),
    );
    return Promise.resolve(found ? structuredClone(found) : null);
  }
}
