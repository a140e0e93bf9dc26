// Owns turning what a release name says about its place in a series (season/episode, absolute number,
// air date, whole seasons) into the catalog's episodes (pure). Each series type reads the name its own
// way first (anime by absolute number, daily by air date, the rest by season and episode) and falls
// back to what else the name gives. A number the catalog does not hold is reported, never guessed.
import type { ParsedRelease } from '../parser/index.js';
import type { Episode, SeriesType } from './series.js';

/** The few episode fields the mapping reads, so the decision engine's own episode type fits too. */
export type EpisodeNumbering = Pick<Episode, 'seasonNumber' | 'episodeNumber' | 'absoluteNumber' | 'airDate'>;

export type EpisodeMapping<E extends EpisodeNumbering = Episode> =
  | {
      kind: 'episodes';
      /** In season, then episode order. */
      episodes: E[];
      by: 'seasonEpisode' | 'absolute' | 'airDate' | 'season';
      /** The release is a whole season (or several): every episode of those seasons. */
      fullSeason: boolean;
      seasonNumbers: number[];
    }
  | { kind: 'unmatched'; reason: string };

type Method = 'seasonEpisode' | 'absolute' | 'airDate';

const methodOrder: Record<SeriesType, readonly Method[]> = {
  anime: ['absolute', 'seasonEpisode', 'airDate'],
  daily: ['airDate', 'seasonEpisode', 'absolute'],
  standard: ['seasonEpisode', 'airDate', 'absolute'],
};

const pad = (n: number) => String(n).padStart(2, '0');

/** `S01E02`, the way users name an episode by season and number. */
export function seasonEpisodeLabel(seasonNumber: number, episodeNumber: number): string {
  return `S${pad(seasonNumber)}E${pad(episodeNumber)}`;
}

/** How a user of this series type names an episode: `S01E02`, an air date for daily shows, `#12` for anime. */
export function episodeLabel(episode: EpisodeNumbering, seriesType: SeriesType): string {
  if (seriesType === 'daily' && episode.airDate !== null) return episode.airDate;
  if (seriesType === 'anime' && episode.absoluteNumber !== null) return `#${episode.absoluteNumber}`;
  return seasonEpisodeLabel(episode.seasonNumber, episode.episodeNumber);
}

function bySeasonEpisode(a: EpisodeNumbering, b: EpisodeNumbering): number {
  return a.seasonNumber - b.seasonNumber || a.episodeNumber - b.episodeNumber;
}

function listSeasons(seasons: readonly number[]): string {
  if (seasons.length === 0) return 'no seasons';
  return seasons.length === 1 ? `season ${seasons[0]}` : `seasons ${seasons.join(', ')}`;
}

function hasData(parsed: ParsedRelease, method: Method): boolean {
  switch (method) {
    case 'seasonEpisode':
      return parsed.seasons.length > 0 && parsed.episodes.length > 0;
    case 'absolute':
      return parsed.absoluteEpisodes.length > 0;
    case 'airDate':
      return parsed.airDate !== null;
  }
}

function mapSeasons<E extends EpisodeNumbering>(
  parsed: ParsedRelease,
  episodes: readonly E[],
): EpisodeMapping<E> {
  if (parsed.seasonPart !== null) {
    return {
      kind: 'unmatched',
      reason: `part ${parsed.seasonPart} of ${listSeasons(parsed.seasons)}: the name does not say which episodes that part holds`,
    };
  }
  const known = [...new Set(episodes.map((episode) => episode.seasonNumber))].sort((a, b) => a - b);
  const absent = parsed.seasons.filter((season) => !known.includes(season));
  if (absent.length > 0) {
    return {
      kind: 'unmatched',
      reason: `${listSeasons(absent)} ${absent.length === 1 ? 'is' : 'are'} not in the catalog: the series has ${listSeasons(known)}`,
    };
  }
  const wanted = new Set(parsed.seasons);
  return {
    kind: 'episodes',
    episodes: episodes.filter((episode) => wanted.has(episode.seasonNumber)).sort(bySeasonEpisode),
    by: 'season',
    fullSeason: true,
    seasonNumbers: [...wanted].sort((a, b) => a - b),
  };
}

function mapSeasonEpisodes<E extends EpisodeNumbering>(
  parsed: ParsedRelease,
  episodes: readonly E[],
): EpisodeMapping<E> {
  const { seasons, episodes: numbers } = parsed;
  // One season for every number, or one per number in order (`S01E24 S02E01`); anything else cannot
  // be read without guessing which episode belongs to which season.
  let pairs: Array<[number, number]>;
  if (seasons.length === 1) pairs = numbers.map((n) => [seasons[0]!, n]);
  else if (seasons.length === numbers.length) pairs = numbers.map((n, i) => [seasons[i]!, n]);
  else {
    return {
      kind: 'unmatched',
      reason: `episodes ${numbers.join(', ')} across ${listSeasons(seasons)}: the name does not say which season each is in`,
    };
  }
  const found: E[] = [];
  const missing: Array<[number, number]> = [];
  for (const [season, number] of pairs) {
    const episode = episodes.find((e) => e.seasonNumber === season && e.episodeNumber === number);
    if (episode) found.push(episode);
    else missing.push([season, number]);
  }
  if (missing.length > 0) {
    const labels = missing.map(([season, number]) => seasonEpisodeLabel(season, number));
    const [season] = missing[0]!;
    const count = episodes.filter((e) => e.seasonNumber === season).length;
    const context =
      count === 0
        ? `the series has no season ${season}`
        : `season ${season} has ${count} episode${count === 1 ? '' : 's'}`;
    return {
      kind: 'unmatched',
      reason: `${labels.join(', ')} ${labels.length === 1 ? 'is' : 'are'} not in the catalog: ${context}`,
    };
  }
  return matched(found, 'seasonEpisode');
}

function mapAbsolute<E extends EpisodeNumbering>(
  parsed: ParsedRelease,
  episodes: readonly E[],
): EpisodeMapping<E> {
  const found: E[] = [];
  const missing: number[] = [];
  for (const number of parsed.absoluteEpisodes) {
    const matches = episodes.filter((e) => e.absoluteNumber === number);
    if (matches.length > 1) {
      return {
        kind: 'unmatched',
        reason: `absolute episode ${number} is held by ${matches.length} catalog episodes (${matches.map((e) => seasonEpisodeLabel(e.seasonNumber, e.episodeNumber)).join(', ')})`,
      };
    }
    if (matches[0]) found.push(matches[0]);
    else missing.push(number);
  }
  if (missing.length > 0) {
    const numbered = episodes.map((e) => e.absoluteNumber).filter((n): n is number => n !== null);
    const context =
      numbered.length === 0
        ? 'the catalog has no absolute numbers for this series'
        : `the highest absolute number is ${Math.max(...numbered)}`;
    const labels = missing.map((n) => `#${n}`);
    return {
      kind: 'unmatched',
      reason: `absolute episode${missing.length === 1 ? '' : 's'} ${labels.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the catalog: ${context}`,
    };
  }
  return matched(found, 'absolute');
}

function mapAirDate<E extends EpisodeNumbering>(
  parsed: ParsedRelease,
  episodes: readonly E[],
): EpisodeMapping<E> {
  const date = parsed.airDate!;
  const found = episodes.filter((e) => e.airDate === date);
  if (found.length === 0) return { kind: 'unmatched', reason: `no episode in the catalog aired on ${date}` };
  if (found.length > 1) {
    const labels = found
      .sort(bySeasonEpisode)
      .map((e) => seasonEpisodeLabel(e.seasonNumber, e.episodeNumber));
    return {
      kind: 'unmatched',
      reason: `${found.length} episodes aired on ${date} (${labels.join(', ')}); the name does not say which`,
    };
  }
  return matched(found, 'airDate');
}

function matched<E extends EpisodeNumbering>(found: E[], by: Method): EpisodeMapping<E> {
  const unique = [...new Set(found)].sort(bySeasonEpisode);
  return {
    kind: 'episodes',
    episodes: unique,
    by,
    fullSeason: false,
    seasonNumbers: [...new Set(unique.map((e) => e.seasonNumber))],
  };
}

/**
 * The catalog episodes a release holds, or why it cannot be told. A season pack (or several seasons)
 * holds every episode of the seasons it names; specials only when it names season 0 itself.
 */
export function mapReleaseToEpisodes<E extends EpisodeNumbering = Episode>(
  parsed: ParsedRelease,
  series: { seriesType: SeriesType; title: string },
  episodes: readonly E[],
): EpisodeMapping<E> {
  if (parsed.fullSeason && parsed.seasons.length > 0 && parsed.episodes.length === 0) {
    return mapSeasons(parsed, episodes);
  }
  const methods = methodOrder[series.seriesType].filter((method) => hasData(parsed, method));
  if (methods.length === 0) {
    return {
      kind: 'unmatched',
      reason: `"${parsed.title}" gives no season and episode, absolute number or air date for "${series.title}"`,
    };
  }
  const reasons: string[] = [];
  for (const method of methods) {
    const mapping =
      method === 'seasonEpisode'
        ? mapSeasonEpisodes(parsed, episodes)
        : method === 'absolute'
          ? mapAbsolute(parsed, episodes)
          : mapAirDate(parsed, episodes);
    if (mapping.kind === 'episodes') return mapping;
    reasons.push(mapping.reason);
  }
  return { kind: 'unmatched', reason: reasons.join('; ') };
}
