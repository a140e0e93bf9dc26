// Owns the translation from TMDB's raw shapes to our metadata types. Pure: no I/O, so every odd
// payload (empty dates, zero runtimes, blank IMDb ids) is covered by table tests.
import type {
  AlternativeTitle,
  MovieMetadata,
  MovieProductionStatus,
  MovieReleaseDates,
  MovieSearchResult,
} from '../metadata-provider.js';
import {
  TmdbReleaseType,
  type TmdbConfiguration,
  type TmdbMovieDetails,
  type TmdbMovieListItem,
} from './tmdb-api.js';

/** How image URLs are built: `secure_base_url` + size + path, per /configuration. */
export interface TmdbImageBase {
  baseUrl: string;
  posterSize: string;
  backdropSize: string;
}

/** Picks the preferred sizes when TMDB offers them, else its largest (`original` is always listed). */
export function imageBaseFrom(
  configuration: TmdbConfiguration,
  preferred: { posterSize: string; backdropSize: string },
): TmdbImageBase {
  const pick = (sizes: string[], wanted: string) =>
    sizes.includes(wanted) ? wanted : (sizes.at(-1) ?? 'original');
  return {
    baseUrl: configuration.images.secure_base_url,
    posterSize: pick(configuration.images.poster_sizes, preferred.posterSize),
    backdropSize: pick(configuration.images.backdrop_sizes, preferred.backdropSize),
  };
}

export function imageUrl(base: TmdbImageBase, size: string, path: string | null): string | null {
  if (!path) return null;
  return `${base.baseUrl.replace(/\/+$/, '')}/${size}/${path.replace(/^\/+/, '')}`;
}

const statusByTmdbName: Record<string, MovieProductionStatus> = {
  rumored: 'rumored',
  planned: 'planned',
  'in production': 'inProduction',
  'post production': 'postProduction',
  released: 'released',
  canceled: 'canceled',
  cancelled: 'canceled',
};

export function mapStatus(status: string | null | undefined): MovieProductionStatus {
  // TMDB's list is closed, but an unknown value should not make a movie unreadable: treat it as
  // not out yet, the cautious choice for deciding whether to search.
  return statusByTmdbName[(status ?? '').trim().toLowerCase()] ?? 'planned';
}

/** `YYYY-MM-DD` from TMDB's date or date-time strings; null for blanks and garbage. */
export function calendarDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  if (!match?.[1]) return null;
  return Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`)) ? null : match[1];
}

function yearOf(date: string | null): number | null {
  return date ? Number(date.slice(0, 4)) : null;
}

export function mapReleaseDates(details: TmdbMovieDetails): MovieReleaseDates {
  const earliest: Record<'inCinemas' | 'digital' | 'physical', string | null> = {
    inCinemas: null,
    digital: null,
    physical: null,
  };
  const consider = (slot: keyof typeof earliest, date: string | null) => {
    const current = earliest[slot];
    if (date && (current === null || date < current)) earliest[slot] = date;
  };
  for (const country of details.release_dates?.results ?? []) {
    for (const release of country.release_dates) {
      const date = calendarDate(release.release_date);
      switch (release.type) {
        case TmdbReleaseType.theatricalLimited:
        case TmdbReleaseType.theatrical:
          consider('inCinemas', date);
          break;
        case TmdbReleaseType.digital:
          consider('digital', date);
          break;
        case TmdbReleaseType.physical:
          consider('physical', date);
          break;
        default:
          // Premieres (festivals) and TV airings say nothing about a copy to download.
          break;
      }
    }
  }
  // Without per-country dates, TMDB's primary release date is the theatrical one.
  if (details.release_dates === undefined || details.release_dates.results.length === 0) {
    earliest.inCinemas = calendarDate(details.release_date);
  }
  return earliest;
}

function mapAlternativeTitles(details: TmdbMovieDetails): AlternativeTitle[] {
  const seen = new Set<string>([details.title.toLowerCase()]);
  const titles: AlternativeTitle[] = [];
  const add = (title: string, country: string | null) => {
    const trimmed = title.trim();
    const key = `${trimmed.toLowerCase()}|${country ?? ''}`;
    if (!trimmed || seen.has(trimmed.toLowerCase()) || seen.has(key)) return;
    seen.add(key);
    titles.push({ title: trimmed, country });
  };
  for (const alternative of details.alternative_titles?.titles ?? []) {
    add(alternative.title, alternative.iso_3166_1 || null);
  }
  return titles;
}

function normaliseImdbId(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed && /^tt\d+$/.test(trimmed) ? trimmed : null;
}

export function mapMovieDetails(details: TmdbMovieDetails, images: TmdbImageBase): MovieMetadata {
  const releaseDates = mapReleaseDates(details);
  const primaryDate = calendarDate(details.release_date) ?? releaseDates.inCinemas;
  return {
    tmdbId: details.id,
    imdbId: normaliseImdbId(details.imdb_id) ?? normaliseImdbId(details.external_ids?.imdb_id),
    title: details.title,
    originalTitle: details.original_title || details.title,
    originalLanguage: details.original_language || null,
    year: yearOf(primaryDate),
    overview: details.overview ?? '',
    runtime: details.runtime && details.runtime > 0 ? Math.round(details.runtime) : null,
    status: mapStatus(details.status),
    releaseDates,
    alternativeTitles: mapAlternativeTitles(details),
    genres: (details.genres ?? []).map((genre) => genre.name),
    posterUrl: imageUrl(images, images.posterSize, details.poster_path),
    fanartUrl: imageUrl(images, images.backdropSize, details.backdrop_path),
    collection: details.belongs_to_collection
      ? { tmdbId: details.belongs_to_collection.id, name: details.belongs_to_collection.name }
      : null,
  };
}

export function mapSearchResult(item: TmdbMovieListItem, images: TmdbImageBase): MovieSearchResult {
  return {
    tmdbId: item.id,
    title: item.title,
    originalTitle: item.original_title || item.title,
    year: yearOf(calendarDate(item.release_date)),
    overview: item.overview ?? '',
    posterUrl: imageUrl(images, images.posterSize, item.poster_path),
    popularity: item.popularity ?? 0,
  };
}
