// Owns finding who released a release: the scene/P2P `-GROUP` suffix (past site tags such as `[rarbg]`
// and re-poster suffixes such as `-postbot`), the P2P `(… Tigole)` tail, and the anime `[Group]` prefix;
// and the anime CRC32 release hash.
import type { TagHit } from './scan.js';
import { lookupTag } from './tags.js';

/** Re-posters and indexers append these after the real group; they are never the group. */
const repostSuffix =
  /-(?:postbot|xpost|Obfuscated|Scrambled|RP|AsRequested|AlternativeToRequested|BUYMORE|Rakuv\d{0,2}|WhiteRev|4P|4Planet|GEROV|Z0iDS3N|Chamele0n|NZBGeek|Sample|newz|nzbs)$/i;
/** Groups whose own name holds a dash. */
const dashedGroup = /-(D-Z0N3|VH-PROD|FTW-HS|DX-TV|E-Subs|HDO-Subs|Blu-bits|DD-WEB|FS-Team|KG-HD)$/i;
const dashGroup = /-([^\s\-[\](){}]{1,40})$/;
const trailingBracket = /[[【]([^[\]【】]{1,60})[\]】]$/u;
const trailingParens = /\(([^()]{1,120})\)$/;
const hash = /[[(]([0-9A-F]{8})[\])]/gi;
const notGroup =
  /^(?:\d{1,4}|(?:S\d{1,4})?E\d{1,4}|S\d{1,4}|\d{1,4}p|v\d|[0-9A-F]{8}|sample|mkv|mp4|avi|ts|m2ts|wmv|eng|en|ger|de|fr|ita?|es|spa|jpn?|ja|kor?|chi|rus?|por?|pt|nl|pl)$/i;

export interface ReleaseGroupMatch {
  group: string;
  /** Where the group (or its dash) starts: tags from here on belong to the group's name. */
  start: number;
}

function acceptable(candidate: string): boolean {
  if (notGroup.test(candidate)) return false;
  // Tag words end a name (`WEB-DL`, `x264-REPACK`) but are not a group; a group may look like a word.
  for (const part of candidate.split('.')) {
    const tag = lookupTag(part.toLowerCase().replace(/['\u2019]/g, ''));
    if (tag && tag.tag.kind !== 'edition') return false;
    if (/^\d{3,4}p$/i.test(part)) return false;
  }
  return /[\p{L}]/u.test(candidate);
}

const sampleSuffix = /[-._ ]sample$/i;

/**
 * The `-GROUP` at the end of `text`. It must begin at or after `after` (the end of the title), follow at
 * least one tag (`Show - S01E01 - Episode-Title` has none) and not cut a tag in two (`DTS-X`).
 */
export function findTrailingGroup(
  text: string,
  after: number,
  hits: readonly TagHit[],
): ReleaseGroupMatch | null {
  const found = findGroupCandidate(text.replace(sampleSuffix, ''), after);
  if (!found) return null;
  const tagged = hits.some((hit) => hit.start >= after && hit.end <= found.start);
  const cuts = hits.some((hit) => hit.start < found.start && hit.end > found.start);
  return tagged && !cuts ? found : null;
}

function findGroupCandidate(text: string, after: number): ReleaseGroupMatch | null {
  let body = text.trimEnd();
  let bracketGroup: ReleaseGroupMatch | null = null;
  for (let guard = 0; guard < 4; guard++) {
    const bracket = trailingBracket.exec(body);
    if (!bracket) break;
    // `x264-[YTS.MX]`: the bracket is the group; `x264-GRP[rarbg]`: the bracket is the site.
    if (body.charAt(bracket.index - 1) === '-' && bracket.index > after && !bracketGroup) {
      const candidate = bracket[1]!.trim();
      if (acceptable(candidate)) bracketGroup = { group: candidate, start: bracket.index - 1 };
    }
    body = body.slice(0, bracket.index).trimEnd();
  }
  if (bracketGroup) return bracketGroup;
  for (let guard = 0; guard < 3; guard++) {
    const suffix = repostSuffix.exec(body);
    if (!suffix) break;
    body = body.slice(0, suffix.index);
  }
  const dashed = dashedGroup.exec(body);
  if (dashed && dashed.index >= after) return { group: dashed[1]!, start: dashed.index };
  const match = dashGroup.exec(body);
  if (match && match.index >= after && match.index > 0) {
    const before = body.charAt(match.index - 1);
    // `Show - Episode Title` is not a group: scene groups follow the last tag with no space.
    if (before !== ' ' && acceptable(match[1]!)) return { group: match[1]!, start: match.index };
  }
  // P2P: `Movie (2019) (1080p BluRay x265 10bit AAC 5.1 Tigole)`.
  const parens = trailingParens.exec(body);
  if (parens && parens.index >= after) {
    const words = parens[1]!.trim().split(/\s+/);
    const last = words[words.length - 1] ?? '';
    const hasTag = words.some((word) => lookupTag(word.toLowerCase()) !== undefined);
    if (words.length > 1 && hasTag && /^[A-Za-z][\w.]{1,30}$/.test(last) && acceptable(last)) {
      return { group: last, start: parens.index + 1 + parens[1]!.lastIndexOf(last) };
    }
  }
  return null;
}

/** The last CRC32 in brackets (`[ABCD1234]`), upper-case; a run of eight digits is a date, not a hash. */
export function findReleaseHash(text: string): string | null {
  let found: string | null = null;
  hash.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = hash.exec(text))) {
    if (/[A-F]/i.test(m[1]!)) found = m[1]!.toUpperCase();
  }
  return found;
}

/** Whether a leading `[…]` holds a release group rather than a site or a tag. */
export function isPrefixGroup(content: string): boolean {
  const text = content.trim();
  if (!text || text.length > 50) return false;
  if (
    /^(?:www\.|https?:)/i.test(text) ||
    /\.(?:com|org|net|to|cc|me|tv|cd|xyz|se|io|info|club|mx|ws|ru)$/i.test(text)
  ) {
    return false;
  }
  if (/^[0-9A-F]{8}$/i.test(text) || /^\d+$/.test(text)) return false;
  const key = text.toLowerCase().replace(/[\s.\-_']/g, '');
  return lookupTag(key) === undefined;
}
