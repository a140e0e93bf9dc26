// Owns the single left-to-right pass over a release name: splitting it into word tokens and finding
// every known tag, including tags spread over up to three tokens (`WEB-DL`, `DTS-HD.MA`, `E-AC-3`) and
// channel layouts glued to a codec (`DDP5.1`, `AAC2.0`). Runs in linear time on any input.
import { lookupCaseSensitiveService, lookupTag } from './tags.js';
import type { Tag } from './tags.js';

export interface Token {
  /** The token as written. */
  text: string;
  /** Lower-case, apostrophes removed: the key tags are looked up by. */
  key: string;
  start: number;
  end: number;
}

export interface TagHit {
  tag: Tag;
  strong: boolean;
  /** Character span in the scanned text. */
  start: number;
  end: number;
  /** Index of the first token the tag covers. */
  token: number;
  text: string;
}

const letterOrNumber = /[\p{L}\p{N}]/u;

function isWordChar(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code >= 48 && code <= 57) return true;
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return true;
  if (code < 128 || Number.isNaN(code)) return false;
  return letterOrNumber.test(text.charAt(index));
}

function isApostrophe(code: number): boolean {
  return code === 39 || code === 0x2019;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const word = i < text.length && isWordChar(text, i);
    if (word) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    const code = text.charCodeAt(i);
    // An apostrophe inside a word (`Director's`) belongs to it; a quote around it does not.
    if (isApostrophe(code) && i + 1 < text.length && isWordChar(text, i + 1)) continue;
    // `DD+`, `HDR10+`, `Disney+`: the plus is part of the tag.
    const end = code === 43 ? i + 1 : i;
    const tokenText = text.slice(start, end);
    tokens.push({ text: tokenText, key: tokenText.toLowerCase().replace(/['\u2019]/g, ''), start, end });
    start = -1;
    if (code === 43) continue;
  }
  return tokens;
}

/** Tokens may be read as one tag only when a single plain separator (or nothing) lies between them. */
function joinable(text: string, left: Token, right: Token): boolean {
  const gap = right.start - left.end;
  if (gap === 0) return true;
  if (gap !== 1) return false;
  const c = text.charCodeAt(left.end);
  return c === 32 || c === 46 || c === 95 || c === 45;
}

const resolutionBySize = /^(\d{3,4})x(\d{3,4})[pi]?$/;
const codecWithChannels = /^([a-z+]{2,6})([1-8])$/;
const revisionWithNumber = /^(proper|repack|rerip)(\d)$/;
const channelMajors = new Set(['1', '2', '3', '4', '5', '6', '7', '8']);

function resolutionFromSize(width: number, height: number): number | null {
  if (width >= 3200 || height >= 1800) return 2160;
  if (width >= 1700 || height >= 1000) return 1080;
  if (width >= 1100 || height >= 700) return 720;
  if (height >= 560) return 576;
  if (height >= 400) return 480;
  if (height >= 300) return 360;
  return null;
}

/** Every tag in `text`, in order, each token used by at most one tag. */
export function scanTags(text: string, tokens: Token[]): TagHit[] {
  const hits: TagHit[] = [];
  let i = 0;
  while (i < tokens.length) {
    const consumed = matchAt(text, tokens, i, hits);
    i += consumed > 0 ? consumed : 1;
  }
  return hits;
}

function matchAt(text: string, tokens: Token[], i: number, hits: TagHit[]): number {
  const first = tokens[i]!;
  const second = tokens[i + 1];
  const third = tokens[i + 2];

  if (second && joinable(text, first, second)) {
    if (third && joinable(text, second, third)) {
      const entry = lookupTag(first.key + second.key + third.key);
      if (entry) return push(hits, entry.tag, entry.strong, tokens, i, 3, text);
    }
    const entry = lookupTag(first.key + second.key);
    if (entry) return push(hits, entry.tag, entry.strong, tokens, i, 2, text);
    // `5.1`, `7.1`, `2.0`: a channel layout, only with a dot or space between (never `S01-02`).
    const gap = text.charCodeAt(first.end);
    if (
      channelMajors.has(first.key) &&
      (second.key === '0' || second.key === '1') &&
      second.start - first.end === 1 &&
      (gap === 46 || gap === 32)
    ) {
      return push(
        hits,
        { kind: 'audioChannels', value: `${first.key}.${second.key}` },
        false,
        tokens,
        i,
        2,
        text,
      );
    }
  }

  const service = lookupCaseSensitiveService(first.text);
  if (service) return push(hits, { kind: 'service', value: service }, false, tokens, i, 1, text);

  const entry = lookupTag(first.key);
  if (entry) return push(hits, entry.tag, entry.strong, tokens, i, 1, text);

  const size = resolutionBySize.exec(first.key);
  if (size) {
    const resolution = resolutionFromSize(Number(size[1]), Number(size[2]));
    if (resolution !== null) {
      return push(hits, { kind: 'resolution', value: resolution }, true, tokens, i, 1, text);
    }
  }

  const glued = codecWithChannels.exec(first.key);
  if (glued) {
    const codec = lookupTag(glued[1]!);
    if (codec && codec.tag.kind === 'audioCodec') {
      push(hits, codec.tag, true, tokens, i, 1, text);
      const minor =
        second && second.start - first.end === 1 && /^[0-2]$/.test(second.key) ? second.key : null;
      const channels = `${glued[2]}.${minor ?? (glued[2] === '2' ? '0' : '1')}`;
      return push(
        hits,
        { kind: 'audioChannels', value: channels },
        true,
        tokens,
        i,
        minor !== null ? 2 : 1,
        text,
      );
    }
  }

  const revision = revisionWithNumber.exec(first.key);
  if (revision) {
    const kind = revision[1] as 'proper' | 'repack' | 'rerip';
    return push(hits, { kind: 'revision', value: kind }, true, tokens, i, 1, text);
  }
  return 0;
}

function push(
  hits: TagHit[],
  tag: Tag,
  strong: boolean,
  tokens: Token[],
  index: number,
  count: number,
  text: string,
): number {
  const first = tokens[index]!;
  const last = tokens[index + count - 1]!;
  hits.push({
    tag,
    strong,
    start: first.start,
    end: last.end,
    token: index,
    text: text.slice(first.start, last.end),
  });
  return count;
}
