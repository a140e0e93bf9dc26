// Owns custom-format matching (pure): which formats a release matches, and the score a profile gives
// it. The rule is Radarr's, so formats imported from TRaSH guides behave the same: conditions are
// grouped by type; a format matches when, in every group, no required condition fails and at least
// one condition matches (negate inverts a condition's own test before any of this).
import type { ParsedRelease } from '../parser/index.js';
import type { CustomFormat, CustomFormatCondition, QualityProfile } from './profile.schema.js';

/** What a custom format can look at: the release's name, its parse, its size and its indexer flags. */
export interface FormatSubject {
  title: string;
  parsed: ParsedRelease;
  /** Bytes; null when unknown (a size condition then fails). */
  size: number | null;
  indexerFlags: readonly string[];
}

const GB = 1024 ** 3;

// Patterns are user input used on every release of every search: compile each once.
const compiled = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'i');
    compiled.set(pattern, re);
  }
  return re;
}

function test(condition: CustomFormatCondition, subject: FormatSubject): boolean {
  const { parsed } = subject;
  switch (condition.type) {
    case 'releaseTitle':
      return regex(condition.pattern).test(subject.title);
    case 'releaseGroup':
      return parsed.releaseGroup !== null && regex(condition.pattern).test(parsed.releaseGroup);
    case 'edition':
      return parsed.edition !== null && regex(condition.pattern).test(parsed.edition);
    case 'source':
      return parsed.quality.source === condition.source;
    case 'resolution':
      return parsed.quality.resolution === condition.resolution;
    case 'qualityModifier':
      return parsed.quality.modifier === condition.modifier;
    case 'language':
      return parsed.languages.includes(condition.language);
    case 'size':
      return (
        subject.size !== null && subject.size > condition.minGb * GB && subject.size <= condition.maxGb * GB
      );
    case 'indexerFlag':
      return subject.indexerFlags.some((flag) => flag.toLowerCase() === condition.flag);
  }
}

function conditionMatches(condition: CustomFormatCondition, subject: FormatSubject): boolean {
  const result = test(condition, subject);
  return condition.negate ? !result : result;
}

export function formatMatches(format: Pick<CustomFormat, 'conditions'>, subject: FormatSubject): boolean {
  const groups = new Map<CustomFormatCondition['type'], { any: boolean; requiredFailed: boolean }>();
  for (const condition of format.conditions) {
    const group = groups.get(condition.type) ?? { any: false, requiredFailed: false };
    const matched = conditionMatches(condition, subject);
    if (matched) group.any = true;
    else if (condition.required) group.requiredFailed = true;
    groups.set(condition.type, group);
  }
  if (groups.size === 0) return false;
  for (const group of groups.values()) if (!group.any || group.requiredFailed) return false;
  return true;
}

export function matchCustomFormats(formats: readonly CustomFormat[], subject: FormatSubject): CustomFormat[] {
  return formats.filter((format) => formatMatches(format, subject));
}

/** The profile's score for a set of matched formats (formats the profile does not score count 0). */
export function formatScore(
  profile: Pick<QualityProfile, 'formatScores'>,
  matched: readonly Pick<CustomFormat, 'id'>[],
): number {
  let score = 0;
  for (const format of matched) {
    score += profile.formatScores.find((entry) => entry.customFormatId === format.id)?.score ?? 0;
  }
  return score;
}
