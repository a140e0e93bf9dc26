// Owns turning the title part of a release name into a readable title (`The.Office.US` → `The Office US`,
// `S.W.A.T.` kept), splitting alternative titles, and the normalised clean title used to match releases
// against library titles and aliases.

const leadingJunk = new Set([...' \t-–—_.,:;~+|/\\([{【「『']);
const trailingJunk = new Set([...' \t-–—_,:;~+|/\\([{【']);
const closers: Record<string, string> = { ')': '(', ']': '[', '}': '{', '】': '【', '」': '「', '』': '『' };
const emptyBrackets = /\(\s*\)|\[\s*\]|\{\s*\}/g;
const spaces = /\s+/g;
const trailingArticle = /^(.+?),\s*(The|A|An|Les|Le|La|Der|Die|Das)$/i;
const aka = /\s+(?:a\.?k\.?a\.?|aka)\s+/i;

/** Trims separators and unbalanced brackets from both ends (a loop: a regex here could go quadratic). */
export function trimEdges(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && leadingJunk.has(text.charAt(start))) start++;
  for (;;) {
    while (end > start && (trailingJunk.has(text.charAt(end - 1)) || isStrayDot(text, end - 1))) end--;
    const opener = closers[text.charAt(end - 1)];
    // A closing bracket stays only when the title opened it: `Show (US)`, not `Movie 2019)`.
    if (end > start && opener !== undefined && !text.slice(start, end - 1).includes(opener)) end--;
    else break;
  }
  return text.slice(start, end);
}

/** A trailing dot is junk unless it closes an acronym (`S.W.A.T.`) or an abbreviation (`Mr.`). */
function isStrayDot(text: string, index: number): boolean {
  if (text.charAt(index) !== '.') return false;
  return !/(?:^|[\s.])\p{L}{1,3}$/u.test(text.slice(Math.max(0, index - 4), index));
}

/** Dots as separators become spaces, but an acronym keeps its dots: `S.W.A.T`, `V.H.S`. */
function undot(text: string): string {
  if (!text.includes('.')) return text;
  const parts = text.split('.');
  const out: string[] = [];
  let acronym = '';
  const flush = () => {
    if (acronym) out.push(acronym.length > 2 ? `${acronym}.` : acronym.replace(/\.$/, ''));
    acronym = '';
  };
  for (const part of parts) {
    if (/^\p{L}$/u.test(part)) {
      acronym += acronym ? `.${part}` : part;
      continue;
    }
    flush();
    if (part) out.push(part);
  }
  flush();
  return out.join(' ');
}

/** The readable title from the raw text before the numbering, year or first tag. */
export function tidyTitle(raw: string): string {
  let text = raw.replace(/_/g, ' ');
  // With spaces present, dots are part of the title (`Mr. Robot`); without, they are separators.
  if (!/\s/.test(text.trim())) text = undot(text);
  else text = text.replace(/(\p{L}{2,})\.(?=\p{L}{2,})/gu, '$1 ');
  text = text.replace(emptyBrackets, ' ').replace(spaces, ' ');
  text = trimEdges(text).trim();
  const article = trailingArticle.exec(text);
  if (article) text = `${article[2]} ${article[1]}`;
  return text;
}

/** `Title A AKA Title B` → [`Title A`, `Title B`]; also `中文名 / English Title`. */
export function splitAlternativeTitles(title: string): string[] {
  const parts = title.split(aka).flatMap((part) => part.split(/\s+\/\s+|\s*｜\s*/));
  return parts.map((part) => trimEdges(part).trim()).filter((part) => part.length > 0);
}

const minorWords = new Set(['a', 'an', 'the', 'and', 'or', 'of']);
const marks = /\p{M}+/gu;
const nonWord = /[^\p{L}\p{N}]+/u;

/**
 * A title reduced for matching: lower-case, accents and punctuation gone, `&` read as `and`, and the
 * small words (a, an, the, and, or, of) dropped except at the start, so `The Office (US)`, `the.office.us`
 * and `The Office: US` all become `theofficeus`.
 */
export function cleanTitle(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(marks, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['\u2019]/g, '')
    .split(nonWord)
    .filter((word) => word.length > 0);
  const kept = words.filter((word, index) => index === 0 || !minorWords.has(word));
  return (kept.length > 0 ? kept : words).join('');
}
