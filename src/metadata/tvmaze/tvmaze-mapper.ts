// Owns the translation from TVmaze's raw shapes to our series metadata. Pure: no I/O, so every odd
// payload (unscheduled episodes, unnumbered specials, web-only shows) is covered by table tests.
import { imdbIdOf, otherTitles, positiveOrNull } from '../series-metadata-values.js';
import type {
  EpisodeMetadata,
  SeriesMetadata,
  SeriesSearchResult,
  SeriesStatus,
  SeriesType,
} from '../series-metadata-provider.js';
import type { TvmazeAka, TvmazeEpisode, TvmazeShow } from './tvmaze-api.js';

const statusByTvmazeName: Record<string, SeriesStatus> = {
  running: 'continuing',
  // "To Be Determined" is a show between seasons whose renewal is not known: new episodes may
  // still come, so it is treated as continuing (monitoring keeps watching it).
  'to be determined': 'continuing',
  ended: 'ended',
  'in development': 'upcoming',
};

export function mapStatus(status: string | null): SeriesStatus {
  return statusByTvmazeName[(status ?? '').trim().toLowerCase()] ?? 'unknown';
}

/**
 * Talk shows and news air dated episodes, released as `Show.2024.03.05`; Japanese animation is
 * released with absolute numbers. TVmaze's own "Anime" genre counts too.
 */
export function guessSeriesType(show: Pick<TvmazeShow, 'type' | 'language' | 'genres'>): SeriesType {
  const type = (show.type ?? '').toLowerCase();
  if (type === 'talk show' || type === 'news') return 'daily';
  const genres = show.genres.map((genre) => genre.toLowerCase());
  if (genres.includes('anime')) return 'anime';
  if (type === 'animation' && (show.language ?? '').toLowerCase() === 'japanese') return 'anime';
  return 'standard';
}

/** TVmaze summaries are HTML fragments (`<p>…</p>`); we keep plain text. */
export function plainText(html: string | null): string {
  if (!html) return '';
  const entities: Record<string, string> = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: ' ',
  };
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X'))
        return codePoint(parseInt(name.slice(2), 16), whole);
      if (name.startsWith('#')) return codePoint(parseInt(name.slice(1), 10), whole);
      return entities[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

function codePoint(value: number, fallback: string): string {
  return Number.isInteger(value) && value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : fallback;
}

/** `YYYY-MM-DD`, or null for '' and garbage. */
export function calendarDate(value: string | null): string | null {
  if (!value) return null;
  const match = /^(\d{4}-\d{2}-\d{2})$/.exec(value.trim());
  if (!match?.[1]) return null;
  return Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`)) ? null : match[1];
}

/** TVmaze's airstamp carries an offset; we store UTC with a `Z`. */
export function utcInstant(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

export function mapSearchResult(show: TvmazeShow): SeriesSearchResult {
  const premiered = calendarDate(show.premiered);
  return {
    tvmazeId: show.id,
    tvdbId: positiveOrNull(show.externals.thetvdb),
    // TVmaze does not know TMDB ids; another source fills them in.
    tmdbId: null,
    imdbId: imdbIdOf(show.externals.imdb),
    title: show.name,
    year: premiered ? Number(premiered.slice(0, 4)) : null,
    overview: plainText(show.summary),
    network: show.network?.name ?? show.webChannel?.name ?? null,
    status: mapStatus(show.status),
    posterUrl: show.image?.original ?? show.image?.medium ?? null,
  };
}

function isSpecial(episode: TvmazeEpisode): boolean {
  return episode.number === null || episode.type.endsWith('special');
}

/**
 * Regular episodes keep their season and number. TVmaze leaves specials unnumbered inside the season
 * they aired in; we file them under season 0, numbered in the order they aired, which is how release
 * names and other sources number them. Anime get absolute numbers counted over the regular episodes
 * in (season, episode) order, since TVmaze has no absolute numbering of its own.
 */
export function mapEpisodes(episodes: TvmazeEpisode[], seriesType: SeriesType): EpisodeMetadata[] {
  const absoluteById = new Map<number, number>();
  if (seriesType === 'anime') {
    const regular = episodes
      .filter((episode) => !isSpecial(episode) && episode.season > 0)
      .sort((a, b) => a.season - b.season || (a.number ?? 0) - (b.number ?? 0));
    regular.forEach((episode, index) => absoluteById.set(episode.id, index + 1));
  }
  let specials = 0;
  return episodes.map((episode) => {
    const special = isSpecial(episode) || episode.season === 0;
    const airDate = calendarDate(episode.airdate);
    return {
      seasonNumber: special ? 0 : episode.season,
      episodeNumber: special ? ++specials : (episode.number ?? 0),
      absoluteNumber: absoluteById.get(episode.id) ?? null,
      title: episode.name.trim(),
      airDate,
      // An airstamp without a date is a placeholder, not a schedule.
      airDateUtc: airDate ? utcInstant(episode.airstamp) : null,
      runtimeMinutes: positiveOrNull(episode.runtime),
      overview: plainText(episode.summary),
    };
  });
}

export function mapShow(show: TvmazeShow, akas: TvmazeAka[], episodes: TvmazeEpisode[]): SeriesMetadata {
  const seriesType = guessSeriesType(show);
  const alternativeTitles = otherTitles(
    show.name,
    akas.map((aka) => aka.name),
  );
  return {
    ...mapSearchResult(show),
    originalTitle: show.name,
    alternativeTitles,
    language: show.language,
    runtimeMinutes: positiveOrNull(show.runtime) ?? positiveOrNull(show.averageRuntime),
    genres: show.genres,
    seriesType,
    // TVmaze's show record has only the poster; backgrounds live in /shows/{id}/images, which a
    // catalog refresh does not need.
    fanartUrl: null,
    episodes: mapEpisodes(episodes, seriesType),
  };
}
