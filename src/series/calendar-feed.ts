// Owns the TV calendar as an iCalendar feed (RFC 5545) that calendar apps subscribe to: which episodes
// it holds (a window of days around today, monitored ones unless asked otherwise) and how each becomes
// a VEVENT (stable UID, air time and runtime, or an all-day event when only the date is known), with
// the format's text escaping and 75-octet line folding. Our own ~100 lines rather than
// ical-generator, whose current major needs Node 22 and which brings a date-library choice for what is
// here only UTC times and plain dates.
import type { Clock } from '../shared/clock.js';
import type { WantedEpisode } from './series.js';
import type { SeriesService } from './series.service.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Calendar rows read per query while building a feed. */
const PAGE = 500;
/** RFC 5545 §3.1: lines longer than this many octets (CRLF excluded) are folded. */
const LINE_OCTETS = 75;

export type FeedEpisode = Pick<
  WantedEpisode,
  | 'id'
  | 'seriesTitle'
  | 'seasonNumber'
  | 'episodeNumber'
  | 'title'
  | 'overview'
  | 'airDate'
  | 'airDateUtc'
  | 'runtime'
  | 'seriesRuntime'
  | 'seriesNetwork'
>;

export interface CalendarFeedQuery {
  /** Days before today (UTC) the feed reaches back. */
  pastDays: number;
  /** Days after today (UTC) the feed reaches forward; today itself is always in. */
  futureDays: number;
  /** Also episodes that are unmonitored, or whose series is. */
  unmonitored: boolean;
}

export interface CalendarFeedDeps {
  series: Pick<SeriesService, 'calendar'>;
  clock: Clock;
  /** Omniarr's version, for the feed's PRODID. */
  version: string;
}

export class CalendarFeed {
  constructor(private readonly deps: CalendarFeedDeps) {}

  async render(query: CalendarFeedQuery): Promise<string> {
    const now = this.deps.clock.now();
    const today = Math.floor(now / DAY) * DAY;
    const start = today - query.pastDays * DAY;
    const end = today + (query.futureDays + 1) * DAY;
    const episodes: FeedEpisode[] = [];
    // One millisecond more: a date-only episode on the last day is stored at the midnight ending it.
    for (let offset = 0; ; offset += PAGE) {
      const { records } = await this.deps.series.calendar(start, end + 1, { limit: PAGE, offset });
      for (const episode of records) {
        const at = airDateOnly(episode) ?? episode.airDateUtc;
        if (at === null || at < start || at >= end) continue;
        if (query.unmonitored || (episode.monitored && episode.seriesMonitored)) episodes.push(episode);
      }
      if (records.length < PAGE) break;
    }
    return renderCalendar(episodes, { generatedAt: now, version: this.deps.version });
  }
}

/** The whole VCALENDAR, CRLF line ends, every line folded. */
export function renderCalendar(
  episodes: readonly FeedEpisode[],
  options: { generatedAt: number; version: string },
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//Omniarr//Omniarr ${escapeText(options.version)}//EN`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:Omniarr TV Schedule',
  ];
  const stamp = utcDateTime(options.generatedAt);
  for (const episode of episodes) lines.push(...eventLines(episode, stamp));
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function eventLines(episode: FeedEpisode, stamp: string): string[] {
  const code = `S${pad2(episode.seasonNumber)}E${pad2(episode.episodeNumber)}`;
  const summary = [episode.seriesTitle, code, episode.title.trim()].filter(Boolean).join(' - ');
  const lines = ['BEGIN:VEVENT', `UID:omniarr-episode-${episode.id}`, `DTSTAMP:${stamp}`];
  const dateOnly = airDateOnly(episode);
  if (dateOnly !== null) {
    lines.push(`DTSTART;VALUE=DATE:${compactDate(dateOnly)}`);
    lines.push(`DTEND;VALUE=DATE:${compactDate(dateOnly + DAY)}`);
  } else if (episode.airDateUtc !== null) {
    lines.push(`DTSTART:${utcDateTime(episode.airDateUtc)}`);
    const minutes = episode.runtime ?? episode.seriesRuntime;
    if (minutes !== null && minutes > 0)
      lines.push(`DTEND:${utcDateTime(episode.airDateUtc + minutes * MINUTE)}`);
  }
  lines.push(`SUMMARY:${escapeText(summary)}`);
  if (episode.overview.trim()) lines.push(`DESCRIPTION:${escapeText(episode.overview.trim())}`);
  if (episode.seriesNetwork) lines.push(`CATEGORIES:${escapeText(episode.seriesNetwork)}`);
  lines.push('END:VEVENT');
  return lines;
}

/**
 * The air date (UTC midnight) when only the date is known. The catalog stores such an episode at the
 * midnight ending its date (see episodeFieldsOf), so a real air time of exactly that midnight reads
 * the same; it becomes an all-day event on its own date: the right day, without the hour.
 */
function airDateOnly(episode: Pick<FeedEpisode, 'airDate' | 'airDateUtc'>): number | null {
  if (episode.airDate === null) return null;
  const date = Date.parse(`${episode.airDate}T00:00:00Z`);
  if (!Number.isFinite(date)) return null;
  return episode.airDateUtc === null || episode.airDateUtc === date + DAY ? date : null;
}

/** TEXT escaping (RFC 5545 §3.3.11); control characters other than tab are not allowed, so dropped. */
export function escapeText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/[\\;,]/g, (character) => `\\${character}`)
      .replace(/\n/g, '\\n')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/**
 * Folds a content line to at most 75 octets per line (RFC 5545 §3.1): CRLF then one space, which
 * counts towards the next line. Never splits a UTF-8 character.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= LINE_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = LINE_OCTETS;
  for (const character of line) {
    const size = Buffer.byteLength(character);
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = LINE_OCTETS - 1;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function utcDateTime(at: number): string {
  return new Date(at)
    .toISOString()
    .replace(/\.\d{3}/, '')
    .replace(/[-:]/g, '');
}

function compactDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10).replace(/-/g, '');
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
