// Owns the reading of a quality profile as an order (pure): how good each quality is for this profile
// (its rank), whether it is wanted, and where the cutoff sits. Qualities in one group share a rank,
// as users who group WEBDL and WEBRip expect: neither is an upgrade over the other.
import type { ProfileItem, QualityProfile } from './profile.schema.js';
import { movieQualityName } from './qualities.js';

export interface QualityRanking {
  /** Higher is better; 0 when the profile does not list the quality at all. */
  rankOf(quality: string): number;
  isAllowed(quality: string): boolean;
  /** Rank of the cutoff item; 0 when the cutoff names nothing in the profile. */
  cutoffRank: number;
  /** Name of the profile item holding the quality (the group's name for a grouped quality). */
  itemName(quality: string): string | null;
}

export function itemName(item: ProfileItem): string {
  return item.kind === 'group' ? item.name : item.quality;
}

export function itemQualities(item: ProfileItem): readonly string[] {
  return item.kind === 'group' ? item.qualities : [item.quality];
}

export function qualityRanking(profile: Pick<QualityProfile, 'items' | 'cutoff'>): QualityRanking {
  const ranks = new Map<string, { rank: number; allowed: boolean; item: string }>();
  const count = profile.items.length;
  let cutoffRank = 0;
  profile.items.forEach((item, index) => {
    // Items are best first, so the first item has the highest rank.
    const rank = count - index;
    for (const quality of itemQualities(item)) {
      ranks.set(quality, { rank, allowed: item.allowed, item: itemName(item) });
    }
    if (itemName(item) === profile.cutoff) cutoffRank = rank;
  });
  const lookup = (quality: string) => ranks.get(movieQualityName(quality));
  return {
    rankOf: (quality) => lookup(quality)?.rank ?? 0,
    isAllowed: (quality) => lookup(quality)?.allowed ?? false,
    cutoffRank,
    itemName: (quality) => lookup(quality)?.item ?? null,
  };
}

/**
 * The "cutoff unmet" rule across profiles: whether a file of `quality` held under profile `profileId`
 * is below that profile's cutoff. A quality the profile does not list ranks 0, so it is below; an
 * unknown profile has no cutoff to miss. Quality only: episode files keep no custom-format score.
 */
export function belowCutoff(
  profiles: Iterable<Pick<QualityProfile, 'id' | 'items' | 'cutoff'>>,
): (profileId: number, quality: string) => boolean {
  const rankings = new Map<number, QualityRanking>();
  for (const profile of profiles) rankings.set(profile.id, qualityRanking(profile));
  return (profileId, quality) => {
    const ranking = rankings.get(profileId);
    return ranking !== undefined && ranking.rankOf(quality) < ranking.cutoffRank;
  };
}
