// Owns the translation from TMDB's raw TV shapes to our series metadata. Pure: no I/O, so every odd
// payload (no air date, empty runtimes, specials, blank ids) is covered by table tests. TMDB numbers
// specials as season 0 already and has no air times and no absolute numbers; see mapEpisodes.
import { imdbIdOf, otherTitles, positiveOrNull } from '../series-metadata-values.js';
import type {
  EpisodeMetadata,
  SeriesMetadata,
  SeriesSearchResult,
  SeriesStatus,
  SeriesType,
} from '../series-metadata-provider.js';
import { calendarDate, imageUrl, type TmdbImageBase } from './tmdb-mapper.js';
import type { TmdbTvDetails, TmdbTvListItem, TmdbTvSeason } from './tmdb-tv-api.js';

/** TMDB's genre id for Animation; names are translated with `language`, ids are not. */
const ANIMATION_GENRE_ID = 16;

const statusByTmdbName: Record<string, SeriesStatus> = {
  'returning series': 'continuing',
  planned: 'upcoming',
  'in production': 'upcoming',
  pilot: 'upcoming',
  ended: 'ended',
  canceled: 'ended',
  cancelled: 'ended',
};

export function mapTvStatus(status: string | null): SeriesStatus {
  return statusByTmdbName[(status ?? '').trim().toLowerCase()] ?? 'unknown';
}

/**
 * Talk shows and news air dated episodes (`Show.2024.03.05`); Japanese animation is released with
 * absolute numbers. TMDB has no anime genre, so it is Animation made in Japan.
 */
export function guessTvSeriesType(
  details: Pick<TmdbTvDetails, 'type' | 'genres' | 'origin_country' | 'original_language'>,
): SeriesType {
  const type = (details.type ?? '').trim().toLowerCase();
  if (type === 'talk show' || type === 'news') return 'daily';
  const animated = details.genres.some(
    (genre) => genre.id === ANIMATION_GENRE_ID || genre.name.toLowerCase() === 'animation',
  );
  const japanese =
    details.origin_country.some((country) => country.toUpperCase() === 'JP') ||
    (details.original_language ?? '').toLowerCase() === 'ja';
  return animated && japanese ? 'anime' : 'standard';
}

function yearOf(date: string | null): number | null {
  return date ? Number(date.slice(0, 4)) : null;
}

/** A search or /find hit. TMDB lists carry no status, network or outside ids: getSeries has them. */
export function mapTvSearchResult(item: TmdbTvListItem, images: TmdbImageBase): SeriesSearchResult {
  return {
    tvmazeId: null,
    tvdbId: null,
    tmdbId: item.id,
    imdbId: null,
    title: item.name,
    year: yearOf(calendarDate(item.first_air_date)),
    overview: item.overview ?? '',
    network: null,
    status: 'unknown',
    posterUrl: imageUrl(images, images.posterSize, item.poster_path),
  };
}

/**
 * Every episode of every season, in season then episode order, specials (season 0) first as TMDB
 * lists them. TMDB knows the air date but never the time: airDateUtc stays null and the catalog
 * counts such an episode as aired once its day is over. TMDB has no absolute numbers either; anime
 * get them counted over the regular episodes in (season, episode) order, as release groups number
 * them, and the same rule the TVmaze source uses.
 */
export function mapTvEpisodes(seasons: readonly TmdbTvSeason[], seriesType: SeriesType): EpisodeMetadata[] {
  const episodes = seasons
    .flatMap((season) => season.episodes)
    .sort((a, b) => a.season_number - b.season_number || a.episode_number - b.episode_number);
  let absolute = 0;
  return episodes.map((episode) => {
    const regular = episode.season_number > 0 && episode.episode_number > 0;
    return {
      seasonNumber: episode.season_number,
      episodeNumber: episode.episode_number,
      absoluteNumber: seriesType === 'anime' && regular ? ++absolute : null,
      title: (episode.name ?? '').trim(),
      airDate: calendarDate(episode.air_date),
      airDateUtc: null,
      runtimeMinutes: positiveOrNull(episode.runtime),
      overview: (episode.overview ?? '').trim(),
    };
  });
}

/** TMDB's `episode_run_time` is often empty on recent shows; the episodes' median stands in. */
function seriesRuntime(details: TmdbTvDetails, episodes: readonly EpisodeMetadata[]): number | null {
  const listed = details.episode_run_time.map(positiveOrNull).find((value) => value !== null);
  if (listed !== undefined && listed !== null) return listed;
  const runtimes = episodes
    .filter((episode) => episode.seasonNumber > 0)
    .map((episode) => episode.runtimeMinutes)
    .filter((value): value is number => value !== null)
    .sort((a, b) => a - b);
  return runtimes.length === 0 ? null : (runtimes[Math.floor(runtimes.length / 2)] ?? null);
}

export function mapTvDetails(
  details: TmdbTvDetails,
  seasons: readonly TmdbTvSeason[],
  images: TmdbImageBase,
): SeriesMetadata {
  const seriesType = guessTvSeriesType(details);
  const episodes = mapTvEpisodes(seasons, seriesType);
  const alternativeTitles = otherTitles(
    details.name,
    details.alternative_titles.map((alternative) => alternative.title),
  );
  return {
    tvmazeId: null,
    tvdbId: positiveOrNull(details.external_ids.tvdb_id),
    tmdbId: details.id,
    imdbId: imdbIdOf(details.external_ids.imdb_id),
    title: details.name,
    year: yearOf(calendarDate(details.first_air_date)),
    overview: details.overview ?? '',
    network: details.networks[0]?.name ?? null,
    status: mapTvStatus(details.status),
    posterUrl: imageUrl(images, images.posterSize, details.poster_path),
    originalTitle: details.original_name?.trim() || details.name,
    alternativeTitles,
    // ISO 639-1 (`ja`): TMDB names no language in words.
    language: details.original_language?.trim() || null,
    runtimeMinutes: seriesRuntime(details, episodes),
    genres: details.genres.map((genre) => genre.name),
    seriesType,
    fanartUrl: imageUrl(images, images.backdropSize, details.backdrop_path),
    episodes,
  };
}
