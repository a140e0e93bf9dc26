// The iCal rendering, read back by a strict RFC 5545 reader: escaping, folding at 75 octets without
// splitting a character, timed and all-day events, runtime fallbacks, optional properties.
import { describe, expect, it } from 'vitest';
import { readEvents, text, textList, unfold } from '../../test/series/ical-reader.js';
import { escapeText, foldLine, renderCalendar, type FeedEpisode } from './calendar-feed.js';

const NOW = Date.UTC(2026, 0, 15, 12);
const DAY = 86_400_000;
const encode = (value: string) => new TextEncoder().encode(value);

function episode(overrides: Partial<FeedEpisode> = {}): FeedEpisode {
  return {
    id: 7,
    seriesTitle: 'Breaking Bad',
    seasonNumber: 1,
    episodeNumber: 2,
    title: "Cat's in the Bag...",
    overview: 'Walt and Jesse clean up.',
    airDate: '2026-01-15',
    airDateUtc: Date.UTC(2026, 0, 16, 2),
    runtime: 47,
    seriesRuntime: 60,
    seriesNetwork: 'AMC',
    ...overrides,
  };
}

const render = (...episodes: FeedEpisode[]) =>
  readEvents(encode(renderCalendar(episodes, { generatedAt: NOW, version: '1.2.3' })));

describe('escapeText', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b; c', 'a\\, b\\; c'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two\\nlines'],
    ['windows\r\nline', 'windows\\nline'],
    ['old mac\rline', 'old mac\\nline'],
    ['bell\u0007 and tab\t', 'bell and tab\t'],
  ])('%j → %j', (input, escaped) => {
    expect(escapeText(input)).toBe(escaped);
  });

  it('reads back to the text, with line ends as LF and control characters gone', () => {
    const original = 'A, B; C\\D\r\nE\u0000F "quoted" :colon:';
    expect(text(escapeText(original))).toBe('A, B; C\\D\nEF "quoted" :colon:');
  });
});

describe('foldLine', () => {
  it('leaves a line of 75 octets alone and folds one of 76', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it.each([
    ['ASCII', 'DESCRIPTION:' + 'abcdefghij'.repeat(40)],
    ['two-octet', 'SUMMARY:' + 'Ünïcödé '.repeat(40)],
    ['three-octet', 'SUMMARY:' + '葬送のフリーレン'.repeat(20)],
    ['four-octet', 'SUMMARY:' + '📺🎬'.repeat(50)],
    ['mixed', 'SUMMARY:x' + 'é📺葬a'.repeat(60)],
  ])('%s: every physical line at most 75 octets, unfolds to the original', (_, line) => {
    const folded = foldLine(line);
    for (const physical of folded.split('\r\n')) expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(75);
    // A split character would not decode: the reader decodes strictly.
    expect(unfold(encode(`${folded}\r\n`))).toEqual([line]);
  });
});

describe('renderCalendar', () => {
  it('writes a calendar a strict reader accepts, with CRLF line ends', () => {
    const body = renderCalendar([episode()], { generatedAt: NOW, version: '1.2.3' });
    expect(body.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(body.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const { calendar } = readEvents(encode(body));
    expect(calendar.properties.find((p) => p.name === 'PRODID')?.value).toBe('-//Omniarr//Omniarr 1.2.3//EN');
  });

  it('a timed event: air time to air time + runtime, summary, description, network', () => {
    const { events } = render(episode());
    expect(events).toEqual([
      {
        uid: 'omniarr-episode-7',
        dtstamp: NOW,
        start: { kind: 'utc', at: Date.UTC(2026, 0, 16, 2) },
        end: { kind: 'utc', at: Date.UTC(2026, 0, 16, 2, 47) },
        summary: "Breaking Bad - S01E02 - Cat's in the Bag...",
        description: 'Walt and Jesse clean up.',
        categories: ['AMC'],
      },
    ]);
  });

  it("falls back to the series' runtime, and ends nowhere when neither is known", () => {
    const [fromSeries, unknown] = render(
      episode({ id: 1, runtime: null }),
      episode({ id: 2, runtime: null, seriesRuntime: null }),
    ).events;
    expect(fromSeries!.end).toEqual({ kind: 'utc', at: Date.UTC(2026, 0, 16, 3) });
    expect(unknown!.end).toBeNull();
  });

  it('an all-day event on the air date when only the date is known', () => {
    // The catalog stores a date-only episode at the midnight (UTC) ending its date.
    const dateOnly = episode({ airDate: '2026-02-28', airDateUtc: Date.UTC(2026, 1, 28) + DAY });
    const [event] = render(dateOnly).events;
    expect(event!.start).toEqual({ kind: 'date', date: '2026-02-28' });
    expect(event!.end).toEqual({ kind: 'date', date: '2026-03-01' });
  });

  it('specials, big numbers and untitled episodes read naturally; empty fields are left out', () => {
    const [special, long, untitled] = render(
      episode({ id: 1, seasonNumber: 0, episodeNumber: 3 }),
      episode({ id: 2, seasonNumber: 2024, episodeNumber: 131 }),
      episode({ id: 3, title: '  ', overview: '', seriesNetwork: null }),
    ).events;
    expect(special!.summary).toBe("Breaking Bad - S00E03 - Cat's in the Bag...");
    expect(long!.summary).toBe("Breaking Bad - S2024E131 - Cat's in the Bag...");
    expect(untitled).toMatchObject({ summary: 'Breaking Bad - S01E02', description: null, categories: [] });
  });

  it('keeps commas, semicolons, backslashes, new lines and long text intact through the reader', () => {
    const overview = `Line one; with, separators\\ and a path C:\\x.\n\nLine three. ${'Long text. '.repeat(30)}`;
    const [event] = render(
      episode({
        seriesTitle: 'Law & Order: Special Victims Unit',
        title: 'Hell, or High Water; Part 1',
        overview,
        seriesNetwork: 'Warner Bros., Inc.',
      }),
    ).events;
    expect(event).toMatchObject({
      summary: 'Law & Order: Special Victims Unit - S01E02 - Hell, or High Water; Part 1',
      description: overview.trim(),
      categories: ['Warner Bros., Inc.'],
    });
  });

  it('one event per episode with a UID that depends on the episode alone', () => {
    const first = render(episode({ id: 1 }), episode({ id: 2 })).events.map((event) => event.uid);
    const later = readEvents(
      encode(
        renderCalendar([episode({ id: 2, title: 'Renamed', airDateUtc: NOW + DAY })], {
          generatedAt: NOW + DAY,
          version: '1.2.4',
        }),
      ),
    ).events;
    expect(first).toEqual(['omniarr-episode-1', 'omniarr-episode-2']);
    expect(later.map((event) => event.uid)).toEqual(['omniarr-episode-2']);
  });

  it('an empty calendar is still a valid calendar', () => {
    expect(render().events).toEqual([]);
    expect(textList('a,b\\,c')).toEqual(['a', 'b,c']);
  });
});
