// Owns turning the dates indexer sites print into instants: `dateparse` with a .NET format string
// ("yyyy-MM-dd HH:mm:ss zzz", as definitions write them), `timeago`/`reltime` ("3 hours ago",
// "2 weeks"), `fuzzytime` ("today 12:25am", "yesterday", "now"), and the final reading of a `date`
// field (Unix seconds, ISO 8601, RFC 1123). Pure: "now" is passed in. A date without a zone is read
// as UTC, so results do not depend on the server's time zone.

export class DateParseError extends Error {
  override name = 'DateParseError';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface DateParts {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
  pm?: boolean;
  offsetMinutes?: number;
}

type Setter = (parts: DateParts, text: string) => void;

const TOKENS: readonly { token: string; pattern: string; set: Setter }[] = [
  { token: 'yyyy', pattern: '(\\d{4})', set: (p, t) => (p.year = Number(t)) },
  {
    token: 'yy',
    pattern: '(\\d{2})',
    set: (p, t) => (p.year = 2000 + Number(t) - (Number(t) > 49 ? 100 : 0)),
  },
  { token: 'MMMM', pattern: '([^\\d\\s.,]+)', set: (p, t) => (p.month = monthOf(t)) },
  { token: 'MMM', pattern: '([^\\d\\s.,]+)', set: (p, t) => (p.month = monthOf(t)) },
  { token: 'MM', pattern: '(\\d{1,2})', set: (p, t) => (p.month = Number(t) - 1) },
  { token: 'M', pattern: '(\\d{1,2})', set: (p, t) => (p.month = Number(t) - 1) },
  { token: 'dddd', pattern: '[^\\d\\s.,]+', set: () => undefined },
  { token: 'ddd', pattern: '[^\\d\\s.,]+', set: () => undefined },
  { token: 'dd', pattern: '(\\d{1,2})', set: (p, t) => (p.day = Number(t)) },
  { token: 'd', pattern: '(\\d{1,2})', set: (p, t) => (p.day = Number(t)) },
  { token: 'HH', pattern: '(\\d{1,2})', set: (p, t) => (p.hour = Number(t)) },
  { token: 'H', pattern: '(\\d{1,2})', set: (p, t) => (p.hour = Number(t)) },
  { token: 'hh', pattern: '(\\d{1,2})', set: (p, t) => (p.hour = Number(t) % 12) },
  { token: 'h', pattern: '(\\d{1,2})', set: (p, t) => (p.hour = Number(t) % 12) },
  { token: 'mm', pattern: '(\\d{1,2})', set: (p, t) => (p.minute = Number(t)) },
  { token: 'm', pattern: '(\\d{1,2})', set: (p, t) => (p.minute = Number(t)) },
  { token: 'ss', pattern: '(\\d{1,2})', set: (p, t) => (p.second = Number(t)) },
  { token: 's', pattern: '(\\d{1,2})', set: (p, t) => (p.second = Number(t)) },
  { token: 'fff', pattern: '(\\d{3})', set: (p, t) => (p.millisecond = Number(t)) },
  { token: 'tt', pattern: '([AaPp][Mm])', set: (p, t) => (p.pm = /^p/i.test(t)) },
  { token: 't', pattern: '([AaPp])', set: (p, t) => (p.pm = /^p/i.test(t)) },
  {
    token: 'zzz',
    pattern: '([+-]\\d{1,2}:?\\d{2}|Z|UTC|GMT)',
    set: (p, t) => (p.offsetMinutes = offsetOf(t)),
  },
  { token: 'zz', pattern: '([+-]\\d{1,2})', set: (p, t) => (p.offsetMinutes = offsetOf(t)) },
  { token: 'z', pattern: '([+-]\\d{1,2})', set: (p, t) => (p.offsetMinutes = offsetOf(t)) },
];

const formatCache = new Map<string, { regex: RegExp; setters: Setter[] }>();

function compileFormat(format: string): { regex: RegExp; setters: Setter[] } {
  const cached = formatCache.get(format);
  if (cached) return cached;
  let pattern = '';
  const setters: Setter[] = [];
  let i = 0;
  while (i < format.length) {
    const char = format[i]!;
    if (char === "'" || char === '"') {
      const end = format.indexOf(char, i + 1);
      const literal = format.slice(i + 1, end === -1 ? undefined : end);
      pattern += escapeRegex(literal);
      i = end === -1 ? format.length : end + 1;
      continue;
    }
    if (char === '\\' && i + 1 < format.length) {
      pattern += escapeRegex(format[i + 1]!);
      i += 2;
      continue;
    }
    const token = TOKENS.find((t) => format.startsWith(t.token, i));
    if (token) {
      pattern += token.pattern;
      if (token.pattern.startsWith('(')) setters.push(token.set);
      i += token.token.length;
      continue;
    }
    pattern += /\s/.test(char) ? '\\s*' : escapeRegex(char);
    i++;
  }
  const compiled = { regex: new RegExp(`^\\s*${pattern}\\s*$`, 'i'), setters };
  formatCache.set(format, compiled);
  return compiled;
}

/** `dateparse`: reads `text` with a .NET custom format; fields the format lacks come from `now`. */
export function parseWithFormat(text: string, format: string, now: Date): Date {
  const { regex, setters } = compileFormat(format);
  const match = regex.exec(text);
  if (!match) throw new DateParseError(`"${text}" does not match the date format "${format}"`);
  const parts: DateParts = {};
  setters.forEach((set, index) => set(parts, match[index + 1] ?? ''));
  if (parts.month !== undefined && (parts.month < 0 || parts.month > 11)) {
    throw new DateParseError(`"${text}" has no valid month for "${format}"`);
  }
  let hour = parts.hour ?? 0;
  if (parts.pm === true) hour = (hour % 12) + 12;
  const utc = Date.UTC(
    parts.year ?? now.getUTCFullYear(),
    parts.month ?? now.getUTCMonth(),
    parts.day ?? (parts.month === undefined ? now.getUTCDate() : 1),
    hour,
    parts.minute ?? 0,
    parts.second ?? 0,
    parts.millisecond ?? 0,
  );
  const date = new Date(utc - (parts.offsetMinutes ?? 0) * 60_000);
  // Sites print "Sep. 14" for this year's dates; one ahead of now (beyond a day of clock and zone
  // slack) was last year's.
  if (parts.year === undefined && parts.month !== undefined && date.getTime() > now.getTime() + 86_400_000) {
    date.setUTCFullYear(date.getUTCFullYear() - 1);
  }
  return date;
}

const UNIT_MS: readonly [RegExp, number][] = [
  [/^(y|yr|yrs|years?)$/, 365 * 86_400_000],
  [/^(mo|mos|months?)$/, 30 * 86_400_000],
  [/^(w|wk|wks|weeks?)$/, 7 * 86_400_000],
  [/^(d|days?)$/, 86_400_000],
  [/^(h|hr|hrs|hours?)$/, 3_600_000],
  [/^(m|min|mins|minutes?)$/, 60_000],
  [/^(s|sec|secs|seconds?)$/, 1000],
];

/** `timeago`/`reltime`: "2 hours, 3 min ago", "1 week", "now" → that long before `now`. */
export function parseTimeAgo(text: string, now: Date): Date {
  const clean = text
    .toLowerCase()
    .replace(/\bago\b|,|\band\b/g, ' ')
    .trim();
  if (/^(now|just now|right now)$/.test(clean)) return new Date(now);
  let total = 0;
  let found = false;
  for (const match of clean.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)/g)) {
    const unit = UNIT_MS.find(([regex]) => regex.test(match[2]!));
    if (!unit) throw new DateParseError(`"${text}" has an unknown time unit "${match[2]}"`);
    total += Number(match[1]) * unit[1];
    found = true;
  }
  if (!found) throw new DateParseError(`"${text}" is not a relative time`);
  return new Date(now.getTime() - total);
}

/** `fuzzytime`: "today 12:25am", "yesterday, 13:02", "now", or anything `readDate` can read. */
export function parseFuzzyTime(text: string, now: Date): Date {
  const clean = text.trim().toLowerCase();
  if (clean === 'now' || clean === 'just now') return new Date(now);
  if (/\bago\b/.test(clean)) return parseTimeAgo(clean, now);
  const day = /^(today|yesterday|tomorrow)\b[\s,at]*(.*)$/.exec(clean);
  const timeOnly = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]m)?$/;
  if (day || timeOnly.test(clean)) {
    const shift = day?.[1] === 'yesterday' ? -1 : day?.[1] === 'tomorrow' ? 1 : 0;
    const rest = day ? day[2]!.trim() : clean;
    const time = timeOnly.exec(rest);
    if (rest && !time) throw new DateParseError(`"${text}" has an unreadable time`);
    let hour = Number(time?.[1] ?? 0) % (time?.[4] ? 12 : 24);
    if (time?.[4] === 'pm') hour += 12;
    return new Date(
      Date.UTC(
        now.getUTCFullYear(),
        now.getUTCMonth(),
        now.getUTCDate() + shift,
        hour,
        Number(time?.[2] ?? 0),
        Number(time?.[3] ?? 0),
      ),
    );
  }
  return readDate(text, now);
}

/**
 * The final reading of a `date` field: Unix seconds or milliseconds, ISO 8601, RFC 1123/2822,
 * "now", a relative time, or a fuzzy day.
 */
export function readDate(text: string, now: Date): Date {
  const clean = text.trim();
  if (/^\d{9,10}$/.test(clean)) return new Date(Number(clean) * 1000);
  if (/^\d{12,13}$/.test(clean)) return new Date(Number(clean));
  if (/^(now|just now)$/i.test(clean)) return new Date(now);
  if (/\bago\b/i.test(clean)) return parseTimeAgo(clean, now);
  if (/^(today|yesterday)\b/i.test(clean)) return parseFuzzyTime(clean, now);
  const isoNoZone = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(clean);
  const parsed = Date.parse(isoNoZone ? `${clean.replace(' ', 'T')}${clean.length > 10 ? 'Z' : ''}` : clean);
  if (Number.isNaN(parsed)) throw new DateParseError(`"${text}" is not a date`);
  return new Date(parsed);
}

function monthOf(text: string): number {
  const index = MONTHS.indexOf(text.slice(0, 3).toLowerCase());
  if (index === -1) throw new DateParseError(`"${text}" is not a month name`);
  return index;
}

function offsetOf(text: string): number {
  if (/^(Z|UTC|GMT)$/i.test(text)) return 0;
  const match = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(text);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
