// Owns which episodes a monitoring choice selects (Sonarr's "monitor" options when adding a series),
// and whether an episode has aired: pure functions over episodes and the current time.
import type { MonitorOption } from './series.js';

export interface MonitoringEpisode {
  seasonNumber: number;
  episodeNumber: number;
  airDate: string | null;
  airDateUtc: number | null;
  hasFile: boolean;
}

/** Aired by the exact UTC time when known, else by the local date (a whole day's grace); unscheduled never. */
export function hasAired(episode: Pick<MonitoringEpisode, 'airDate' | 'airDateUtc'>, now: number): boolean {
  if (episode.airDateUtc !== null) return episode.airDateUtc <= now;
  if (episode.airDate !== null) return episode.airDate < new Date(now).toISOString().slice(0, 10);
  return false;
}

/**
 * For each episode (same order), whether `option` monitors it. Specials (season 0) are never
 * monitored by an option: they are usually extras the user picks one by one.
 */
export function selectMonitoredEpisodes(
  episodes: readonly MonitoringEpisode[],
  option: MonitorOption,
  now: number,
): boolean[] {
  const regularSeasons = episodes.map((e) => e.seasonNumber).filter((season) => season > 0);
  const firstSeason = regularSeasons.length > 0 ? Math.min(...regularSeasons) : undefined;
  const latestSeason = regularSeasons.length > 0 ? Math.max(...regularSeasons) : undefined;
  return episodes.map((episode) => {
    if (episode.seasonNumber === 0) return false;
    switch (option) {
      case 'all':
        return true;
      case 'future':
        return !hasAired(episode, now);
      case 'missing':
        return !episode.hasFile;
      case 'existing':
        return episode.hasFile;
      case 'pilot':
        return episode.seasonNumber === firstSeason && episode.episodeNumber === 1;
      case 'firstSeason':
        return episode.seasonNumber === firstSeason;
      case 'latestSeason':
        return episode.seasonNumber === latestSeason;
      case 'none':
        return false;
    }
  });
}

/** A season is monitored when any of its episodes is; a season with none (e.g. specials) is not. */
export function monitoredSeasons(
  episodes: ReadonlyArray<{ seasonNumber: number }>,
  monitored: readonly boolean[],
): Map<number, boolean> {
  const seasons = new Map<number, boolean>();
  episodes.forEach((episode, i) => {
    seasons.set(episode.seasonNumber, (seasons.get(episode.seasonNumber) ?? false) || monitored[i] === true);
  });
  return seasons;
}
