// Owns how a refresh reconciles the episodes we hold with the metadata source's list: new episodes
// appear (monitored when their season is, or per "monitor new seasons" for a new season), changed
// air dates and titles are rewritten, and episodes the source dropped are deleted only when no file
// belongs to them; otherwise they stay, flagged, so a refresh never loses a file. Pure.
import type { EpisodeMetadata } from '../metadata/series-metadata-provider.js';
import type { Episode } from './series.js';

export interface EpisodeFields {
  seasonNumber: number;
  episodeNumber: number;
  absoluteNumber: number | null;
  airDate: string | null;
  airDateUtc: number | null;
  title: string;
  overview: string;
  runtime: number | null;
}

export interface NewEpisode extends EpisodeFields {
  monitored: boolean;
}

export interface EpisodeRefreshPlan {
  insert: NewEpisode[];
  update: Array<{ id: number; fields: EpisodeFields }>;
  /** Gone upstream and no file: deleted. */
  delete: number[];
  /** Gone upstream but a file belongs to them: kept and flagged. */
  flagRemoved: number[];
  /** Seasons not held yet, with their monitored flag. */
  newSeasons: Array<{ seasonNumber: number; monitored: boolean }>;
}

const DAY = 86_400_000;

/**
 * Our fields for a source episode. When the source has a date but no time, the end of that date in
 * UTC stands in for the air time: wanted, calendar and season counts all compare one indexed column,
 * and such an episode counts as aired only once its day is over.
 */
export function episodeFieldsOf(meta: EpisodeMetadata): EpisodeFields {
  let parsedUtc = meta.airDateUtc === null ? Number.NaN : Date.parse(meta.airDateUtc);
  if (!Number.isFinite(parsedUtc) && meta.airDate !== null)
    parsedUtc = Date.parse(`${meta.airDate}T00:00:00Z`) + DAY;
  return {
    seasonNumber: meta.seasonNumber,
    episodeNumber: meta.episodeNumber,
    absoluteNumber: meta.absoluteNumber,
    airDate: meta.airDate,
    airDateUtc: Number.isFinite(parsedUtc) ? parsedUtc : null,
    title: meta.title,
    overview: meta.overview,
    runtime: meta.runtimeMinutes,
  };
}

function keyOf(season: number, episode: number): string {
  return `${season}x${episode}`;
}

export function planEpisodeRefresh(input: {
  held: readonly Episode[];
  seasons: ReadonlyMap<number, boolean>;
  source: readonly EpisodeMetadata[];
  monitorNewSeasons: boolean;
}): EpisodeRefreshPlan {
  const held = new Map(
    input.held.map((episode) => [keyOf(episode.seasonNumber, episode.episodeNumber), episode]),
  );
  const seen = new Set<string>();
  const plan: EpisodeRefreshPlan = { insert: [], update: [], delete: [], flagRemoved: [], newSeasons: [] };
  const newSeasons = new Map<number, boolean>();
  for (const meta of input.source) {
    const key = keyOf(meta.seasonNumber, meta.episodeNumber);
    // A source listing one episode twice: the first one wins, as it would on insert.
    if (seen.has(key)) continue;
    seen.add(key);
    const fields = episodeFieldsOf(meta);
    const existing = held.get(key);
    if (existing) {
      if (existing.removedUpstream || changed(existing, fields))
        plan.update.push({ id: existing.id, fields });
      continue;
    }
    let seasonMonitored = input.seasons.get(meta.seasonNumber) ?? newSeasons.get(meta.seasonNumber);
    if (seasonMonitored === undefined) {
      seasonMonitored = input.monitorNewSeasons && meta.seasonNumber > 0;
      newSeasons.set(meta.seasonNumber, seasonMonitored);
    }
    plan.insert.push({ ...fields, monitored: seasonMonitored });
  }
  for (const [key, episode] of held) {
    if (seen.has(key)) continue;
    if (episode.episodeFileId !== null) {
      if (!episode.removedUpstream) plan.flagRemoved.push(episode.id);
    } else {
      plan.delete.push(episode.id);
    }
  }
  plan.newSeasons = [...newSeasons].map(([seasonNumber, monitored]) => ({ seasonNumber, monitored }));
  return plan;
}

function changed(episode: Episode, fields: EpisodeFields): boolean {
  return (
    episode.absoluteNumber !== fields.absoluteNumber ||
    episode.airDate !== fields.airDate ||
    episode.airDateUtc !== fields.airDateUtc ||
    episode.title !== fields.title ||
    episode.overview !== fields.overview ||
    episode.runtime !== fields.runtime
  );
}
