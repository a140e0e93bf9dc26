// What both evaluators (movies and episodes) hand the decision engine from the database in the same
// form: a library file's custom-format score, the blocklist, and what was grabbed before.
import type { BlocklistEntry } from '../decisions/decision.types.js';
import type { BlocklistEntry as StoredBlocklistEntry } from '../downloads/tracked-download.repository.js';
import type { GrabbedReleaseRecord } from '../history/history.repository.js';
import { parseRelease } from '../parser/index.js';
import { formatScore, matchCustomFormats } from '../profiles/custom-format-matching.js';
import type { ProfileDecisionContext } from '../profiles/profile.service.js';

/**
 * A library file's custom-format score, judged from the release name it came from as a release's
 * would be. 0 without matching when the profile scores no format (the common case, and not free).
 */
export function fileFormatScore(name: string, size: number, context: ProfileDecisionContext): number {
  if (!context.profile.formatScores.some((entry) => entry.score !== 0)) return 0;
  const matched = matchCustomFormats(context.customFormats, {
    title: name,
    parsed: parseRelease(name),
    size,
    indexerFlags: [],
  });
  return formatScore(context.profile, matched);
}

export function blocklistInput(entries: readonly StoredBlocklistEntry[]): BlocklistEntry[] {
  return entries.map((entry) => ({
    infoHash: entry.infoHash,
    guid: entry.guid,
    title: entry.releaseTitle,
    indexer: entry.indexer,
  }));
}

export function grabbedGuidsOf(records: readonly Pick<GrabbedReleaseRecord, 'data'>[]): string[] {
  return records.map((entry) => entry.data.guid).filter((guid): guid is string => typeof guid === 'string');
}
