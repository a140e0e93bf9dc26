// Owns reading where a release sits in a series: season/episode (`S01E01`, `1x01`, `101`), multi-episode
// runs, season and multi-season packs, specials, mini-series parts, daily air dates and anime absolute
// numbering. Patterns are tried in Sonarr's order of confidence; the first that fits wins. Every regex
// here is free of nested unbounded repetition, so the work stays linear in the length of the name.

export interface Numbering {
  /** Where the numbering starts in the text: the series title ends here. */
  start: number;
  end: number;
  seasons: number[];
  episodes: number[];
  absoluteEpisodes: number[];
  airDate: string | null;
  fullSeason: boolean;
  seasonPart: number | null;
  multiSeason: boolean;
  /** `v2` on an anime episode number. */
  version: number | null;
}

export interface NumberingContext {
  /** The name began with a `[Group]` prefix: bare numbers are anime episode numbers. */
  anime: boolean;
  /** A movie year appears in the name: `Part 1` is a movie's part, not a mini-series episode. */
  hasYear: boolean;
}

const MAX_RANGE = 200;

function empty(start: number, end: number): Numbering {
  return {
    start,
    end,
    seasons: [],
    episodes: [],
    absoluteEpisodes: [],
    airDate: null,
    fullSeason: false,
    seasonPart: null,
    multiSeason: false,
    version: null,
  };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let n = from; n <= to; n++) out.push(n);
  return out;
}

/** Adds `to` as a range end or a further episode; false when it cannot continue the run. */
function extend(list: number[], value: number, isRange: boolean): boolean {
  const last = list[list.length - 1];
  if (last === undefined) return false;
  if (isRange) {
    if (value <= last || value - last > MAX_RANGE) return false;
    for (let n = last + 1; n <= value; n++) list.push(n);
    return true;
  }
  if (list.includes(value)) return true;
  list.push(value);
  return true;
}

const sxxexx = /(?<![a-z0-9])S(\d{1,4})[ ._-]?x?[ ._]?EP?[ ._]?(\d{1,4})(?![\d])/gi;
const nxnn = /(?<![a-z0-9])(\d{1,2})x(\d{1,3})(?![\d])(?![pi]\b)/gi;
// Continuations after a first episode, tried at the exact position where the previous part ended.
const contRangeEpisode = /[ ._]?[-~+&][ ._]?(?:S(\d{1,4})[ ._]?)?EP?[ ._]?(\d{1,4})(?![\d])/iy;
const contListEpisode = /[ ._]?EP?(\d{1,4})(?![\d])/iy;
// A bare range is tight (`S01E01-03`); `S02E05 - 30` is an absolute number, read separately.
const contBareRange = /[-~](\d{1,4})(?![\dpi])(?!x\d)/iy;
const contSeasonEpisode = /[ ._]S(\d{1,4})EP?(\d{1,4})(?![\d])/iy;
const contCross = /[ ._]?x(\d{1,3})(?![\d])/iy;
const contCrossRange = /[ ._]?-[ ._]?(?:(\d{1,2})x)?(\d{1,3})(?![\dpi])/iy;
const absoluteAfter = /[ ._]*-[ ._]*(\d{2,4})(?:v(\d))?(?![\dpix])/y;
const absoluteInParens = /[ ._]*[([](\d{2,4})[)\]]/y;
const absoluteBefore = /[ ._]-[ ._](\d{2,4})(?:v(\d))?[ ._]*(?:-[ ._]*)?[([]?$/;

function seasonEpisode(text: string): Numbering | null {
  sxxexx.lastIndex = 0;
  const m = sxxexx.exec(text);
  if (!m) return null;
  const season = Number(m[1]);
  const out = empty(m.index, m.index + m[0].length);
  out.seasons.push(season);
  out.episodes.push(Number(m[2]));
  let pos = out.end;
  for (let guard = 0; guard < 64; guard++) {
    let c: RegExpExecArray | null;
    contRangeEpisode.lastIndex = pos;
    if ((c = contRangeEpisode.exec(text))) {
      const nextSeason = c[1] === undefined ? season : Number(c[1]);
      const isRange = c[0].includes('-') || c[0].includes('~');
      if (nextSeason === season && extend(out.episodes, Number(c[2]), isRange)) {
        pos = contRangeEpisode.lastIndex;
        continue;
      }
      if (nextSeason !== season) break;
    }
    contListEpisode.lastIndex = pos;
    if ((c = contListEpisode.exec(text)) && extend(out.episodes, Number(c[1]), false)) {
      pos = contListEpisode.lastIndex;
      continue;
    }
    contSeasonEpisode.lastIndex = pos;
    if ((c = contSeasonEpisode.exec(text))) {
      const nextSeason = Number(c[1]);
      if (nextSeason === season) {
        extend(out.episodes, Number(c[2]), false);
      } else {
        if (!out.seasons.includes(nextSeason)) out.seasons.push(nextSeason);
        out.episodes.push(Number(c[2]));
      }
      pos = contSeasonEpisode.lastIndex;
      continue;
    }
    contBareRange.lastIndex = pos;
    if ((c = contBareRange.exec(text)) && extend(out.episodes, Number(c[1]), true)) {
      pos = contBareRange.lastIndex;
      continue;
    }
    break;
  }
  out.end = pos;
  // Anime often carries the absolute number too: `Title - S02E05 - 123` or `Title - 123 (S02E05)`.
  absoluteAfter.lastIndex = pos;
  let abs = absoluteAfter.exec(text);
  if (!abs) {
    absoluteInParens.lastIndex = pos;
    abs = absoluteInParens.exec(text);
  }
  if (abs && !isYear(Number(abs[1]))) {
    out.absoluteEpisodes.push(Number(abs[1]));
    if (abs[2]) out.version = Number(abs[2]);
  } else {
    const before = absoluteBefore.exec(text.slice(0, out.start));
    if (before && !isYear(Number(before[1]))) {
      out.absoluteEpisodes.push(Number(before[1]));
      if (before[2]) out.version = Number(before[2]);
      out.start = before.index;
    }
  }
  return out;
}

function crossEpisode(text: string): Numbering | null {
  nxnn.lastIndex = 0;
  const m = nxnn.exec(text);
  if (!m) return null;
  const season = Number(m[1]);
  const out = empty(m.index, m.index + m[0].length);
  out.seasons.push(season);
  out.episodes.push(Number(m[2]));
  let pos = out.end;
  for (let guard = 0; guard < 64; guard++) {
    let c: RegExpExecArray | null;
    contCross.lastIndex = pos;
    if ((c = contCross.exec(text)) && extend(out.episodes, Number(c[1]), false)) {
      pos = contCross.lastIndex;
      continue;
    }
    contCrossRange.lastIndex = pos;
    if ((c = contCrossRange.exec(text))) {
      if ((c[1] === undefined || Number(c[1]) === season) && extend(out.episodes, Number(c[2]), true)) {
        pos = contCrossRange.lastIndex;
        continue;
      }
    }
    break;
  }
  out.end = pos;
  return out;
}

const seasonEpisodeWords =
  /(?<![a-z])(?:Season|Saison|Staffel|Temporada|Stagione|Series)[ ._-]?(\d{1,4})[ ._-]{0,3}(?:Episode|Episodio|Épisode|Folge|Ep|E)[ ._-]?(\d{1,4})(?!\d)/iu;

function seasonEpisodeInWords(text: string): Numbering | null {
  const m = seasonEpisodeWords.exec(text);
  if (!m) return null;
  const out = empty(m.index, m.index + m[0].length);
  out.seasons.push(Number(m[1]));
  out.episodes.push(Number(m[2]));
  return out;
}

const isoDate = /(?<![\d])((?:19|20)\d{2})([-._ ])(\d{2})\2(\d{2})(?![\d])/;
const otherDate = /(?<![\d])(\d{2})([-._ ])(\d{2})\2((?:19|20)\d{2})(?![\d])/;

function validDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Daily shows. `YYYY.MM.DD` is unambiguous. For `XX.XX.YYYY` the first number is the month (the US
 * convention Sonarr assumes) unless it cannot be one, in which case it is the day (`15.03.2024`).
 */
function airDate(text: string): Numbering | null {
  const iso = isoDate.exec(text);
  if (iso) {
    const date = validDate(Number(iso[1]), Number(iso[3]), Number(iso[4]));
    if (date) {
      const out = empty(iso.index, iso.index + iso[0].length);
      out.airDate = date;
      return out;
    }
  }
  const other = otherDate.exec(text);
  if (other) {
    const a = Number(other[1]);
    const b = Number(other[3]);
    const year = Number(other[4]);
    const date = a > 12 ? validDate(year, b, a) : validDate(year, a, b);
    if (date) {
      const out = empty(other.index, other.index + other[0].length);
      out.airDate = date;
      return out;
    }
  }
  return null;
}

const multiSeasonCodes = /(?<![a-z0-9])S(\d{1,2})[ ._]?(?:-|to|~)[ ._]?S?(\d{1,2})(?![\dEx])/i;
const multiSeasonWords =
  /(?<![a-z])(?:Seasons?|Saisons?|Staffeln?|Temporadas?)[ ._-]?(\d{1,2})[ ._]?(?:-|to|~|&|and|a|bis)[ ._]?(\d{1,2})(?!\d)/i;
const seasonCode = /(?<![a-z0-9])S(\d{1,2}|\d{4})(?=$|[ ._\-[\]()+])/i;
const seasonWord =
  /(?<![a-z])(?:Season|Saison|Staffel|Temporada|Stagione|Seizoen|Sezon|Säsong|Sæson|Kausi|Series)[ ._-]?(\d{1,4})(?![\d])/iu;
const seasonListNext = /[ ._+-]?S(\d{1,2})(?=$|[ ._\-[\]()+])/iy;
const seasonPartNext = /[ ._-]{0,3}(?:Part|Pt|P|Vol|Volume)[ ._-]?(\d{1,2})(?!\d)/iy;
const chineseSeason = /第\s?(\d{1,2})\s?[季期]/u;

function seasonPack(text: string): Numbering | null {
  const multi = multiSeasonCodes.exec(text) ?? multiSeasonWords.exec(text);
  if (multi) {
    const from = Number(multi[1]);
    const to = Number(multi[2]);
    if (to > from && to - from <= 100) {
      const out = empty(multi.index, multi.index + multi[0].length);
      out.seasons = range(from, to);
      out.multiSeason = true;
      out.fullSeason = true;
      return out;
    }
  }
  const m = seasonCode.exec(text) ?? seasonWord.exec(text) ?? chineseSeason.exec(text);
  if (!m) return null;
  const out = empty(m.index, m.index + m[0].length);
  out.seasons.push(Number(m[1]));
  out.fullSeason = true;
  let pos = out.end;
  for (let guard = 0; guard < 64; guard++) {
    seasonListNext.lastIndex = pos;
    const next = seasonListNext.exec(text);
    if (!next) break;
    const season = Number(next[1]);
    if (!out.seasons.includes(season)) out.seasons.push(season);
    pos = seasonListNext.lastIndex;
  }
  if (out.seasons.length > 1) out.multiSeason = true;
  seasonPartNext.lastIndex = pos;
  const part = seasonPartNext.exec(text);
  if (part && out.seasons.length === 1) {
    out.seasonPart = Number(part[1]);
    pos = seasonPartNext.lastIndex;
  }
  out.end = pos;
  return out;
}

const animeDash =
  /[ _.]-[ _.]{1,2}(?:(?:Episode|Ep|E|#)[ _.]?)?(\d{1,4})(?:v(\d))?(?:[ _.]?[-~][ _.]?(\d{1,4})(?:v\d)?)?(?=$|[ _.[\](){}【】]|END\b)/i;
const episodeWord =
  /(?<![a-z0-9])(?:Episode|Episodio|Ep|E|#)[ ._]?(\d{1,4})(?:v(\d))?(?:[ _.]?[-~][ _.]?(\d{1,4}))?(?![\d])/i;
const cjkEpisode = /第\s?(\d{1,4})\s?[話话集回]/u;
const bracketNumber = /[[【(](\d{1,4})(?:v(\d))?(?:[ _]?[-~][ _]?(\d{1,4}))?(?:END|完|Fin)?[\]】)]/i;
const bareAnimeNumber = /[ _.](\d{1,4})(?:v(\d))?(?:[ _.]?[-~][ _.]?(\d{1,4}))?(?=[ _.]*(?:$|[[(【]))/;

function isYear(n: number): boolean {
  return n >= 1900 && n <= 2099;
}

function absolute(m: RegExpExecArray, start: number): Numbering | null {
  const first = Number(m[1]);
  if (isYear(first) || isResolutionNumber(m[1]!)) return null;
  const out = empty(start, m.index + m[0].length);
  out.absoluteEpisodes.push(first);
  if (m[2]) out.version = Number(m[2]);
  if (m[3] !== undefined) {
    const last = Number(m[3]);
    if (last > first && last - first <= 2000) out.absoluteEpisodes = range(first, last);
  }
  return out;
}

function animeAbsolute(text: string, context: NumberingContext): Numbering | null {
  const dash = animeDash.exec(text);
  if (dash) {
    const found = absolute(dash, dash.index);
    if (found) return found;
  }
  const cjk = cjkEpisode.exec(text);
  if (cjk) return absolute(cjk, cjk.index);
  const word = episodeWord.exec(text);
  if (word) {
    const found = absolute(word, word.index);
    if (found) return found;
  }
  if (context.anime) {
    const bracket = bracketNumber.exec(text);
    if (bracket && !isResolutionNumber(bracket[1]!)) {
      const found = absolute(bracket, bracket.index);
      if (found) return found;
    }
    const bare = bareAnimeNumber.exec(text);
    if (bare && !isResolutionNumber(bare[1]!)) {
      const found = absolute(bare, bare.index);
      if (found) return found;
    }
  }
  return null;
}

function isResolutionNumber(digits: string): boolean {
  return ['480', '576', '720', '1080', '2160'].includes(digits);
}

const partOf = /(?<![a-z0-9])(?:(?:Part|Pt|Episode|Ep)[ ._-]?)?(\d{1,2})[ ._-]?of[ ._-]?(\d{1,2})(?!\d)/i;
const partOnly =
  /(?<![a-z0-9])(?:Part|Pt)[ ._-]?(\d{1,2}|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)(?![\da-z])/i;
const wordNumbers: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

/** Mini-series: `Part 1 of 6` is episode 1 of a one-season show. */
function miniSeries(text: string, context: NumberingContext): Numbering | null {
  const of = partOf.exec(text);
  if (of) {
    const episode = Number(of[1]);
    if (episode >= 1 && episode <= Number(of[2])) {
      const out = empty(of.index, of.index + of[0].length);
      out.seasons.push(1);
      out.episodes.push(episode);
      return out;
    }
  }
  if (context.hasYear) return null;
  const part = partOnly.exec(text);
  if (!part || part.index === 0) return null;
  const raw = part[1]!.toLowerCase();
  const episode = wordNumbers[raw] ?? Number(raw);
  if (!episode) return null;
  const out = empty(part.index, part.index + part[0].length);
  out.seasons.push(1);
  out.episodes.push(episode);
  return out;
}

const compactNumber = /(?<=[ ._\-[(])([1-9]\d?)(\d{2})(?=$|[ ._\-\])])/g;

/** `101` is S01E01 and `1013` S10E13, but never a year, a resolution or the first word of the title. */
function compactSeasonEpisode(text: string, context: NumberingContext): Numbering | null {
  if (context.hasYear) return null;
  compactNumber.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = compactNumber.exec(text))) {
    const digits = m[1]! + m[2]!;
    const value = Number(digits);
    const episode = Number(m[2]);
    if (isYear(value) || isResolutionNumber(digits) || episode === 0) continue;
    if (/^[ ._\-[(]*$/.test(text.slice(0, m.index))) continue;
    const out = empty(m.index, m.index + m[0].length);
    out.seasons.push(Number(m[1]));
    out.episodes.push(episode);
    return out;
  }
  return null;
}

/** The first numbering found in `text`, or null for a movie or an unnumbered release. */
export function findNumbering(text: string, context: NumberingContext): Numbering | null {
  const found =
    seasonEpisode(text) ??
    crossEpisode(text) ??
    seasonEpisodeInWords(text) ??
    airDate(text) ??
    seasonPack(text) ??
    animeAbsolute(text, context) ??
    miniSeries(text, context) ??
    compactSeasonEpisode(text, context);
  return found;
}
