import { describe, expect, it } from 'vitest';
import { applyFilters, FilterError, type FilterBlock } from './filters.js';
import type { TemplateValue } from './template.js';

const now = new Date('2026-03-10T12:00:00Z');
const context = {
  now,
  variables: new Map<string, TemplateValue>([
    ['.Result.year', '1999'],
    ['.Config.sitelink', 'https://site.test/'],
  ]),
};

describe('Cardigann filters', () => {
  it.each<[string, string, FilterBlock[], string]>([
    ['querystring', '/browse.php?cat=42&x=1', [{ name: 'querystring', args: 'cat' }], '42'],
    [
      'dateparse .NET format',
      '2021-03-27 18:34:00 +02:00',
      [{ name: 'dateparse', args: 'yyyy-MM-dd HH:mm:ss zzz' }],
      '2021-03-27T16:34:00.000Z',
    ],
    [
      'dateparse with month names',
      'Apr. 18 11',
      [{ name: 'dateparse', args: 'MMM. d yy' }],
      '2011-04-18T00:00:00.000Z',
    ],
    [
      'dateparse 12-hour clock, no year (later than today: last year)',
      '7pm Sep. 14',
      [{ name: 'dateparse', args: 'htt MMM. d' }],
      '2025-09-14T19:00:00.000Z',
    ],
    [
      'dateparse, no year (earlier than today: this year)',
      '7am Feb. 14',
      [{ name: 'dateparse', args: 'htt MMM. d' }],
      '2026-02-14T07:00:00.000Z',
    ],
    [
      'timeparse',
      '27-03-2021 18:34',
      [{ name: 'timeparse', args: 'd-MM-yyyy HH:mm' }],
      '2021-03-27T18:34:00.000Z',
    ],
    ['regexp first group', 'Size: 1.4 GB', [{ name: 'regexp', args: 'Size: (.+)' }], '1.4 GB'],
    ['regexp without a match', 'nothing', [{ name: 'regexp', args: '(\\d+)' }], ''],
    [
      're_replace with (?i)',
      'Show WEB DL',
      [{ name: 're_replace', args: ['(?i)web\\sdl', 'WEB-DL'] }],
      'Show WEB-DL',
    ],
    [
      're_replace with a Unicode block',
      'Матрица / The Matrix',
      [{ name: 're_replace', args: ['^[\\p{IsCyrillic}\\s]+/ ', ''] }],
      'The Matrix',
    ],
    ['split', '/sub/42/0/', [{ name: 'split', args: ['/', 2] }], '42'],
    ['split from the end', 'a=b=c', [{ name: 'split', args: ['=', -1] }], 'c'],
    ['replace', 'a-b-c', [{ name: 'replace', args: ['-', ' '] }], 'a b c'],
    ['trim whitespace', '  x  ', [{ name: 'trim' }], 'x'],
    ['trim characters', '"x"', [{ name: 'trim', args: '"' }], 'x'],
    [
      'prepend and append with templates',
      'Matrix',
      [
        { name: 'prepend', args: 'The ' },
        { name: 'append', args: ' ({{ .Result.year }})' },
      ],
      'The Matrix (1999)',
    ],
    ['tolower/toupper', 'MiXeD', [{ name: 'tolower' }], 'mixed'],
    ['toupper', 'MiXeD', [{ name: 'toupper' }], 'MIXED'],
    ['urldecode', 'The%20Matrix+1999', [{ name: 'urldecode' }], 'The Matrix 1999'],
    ['urlencode', 'a b&c', [{ name: 'urlencode' }], 'a+b%26c'],
    ['htmldecode', '&lt;b&gt; &amp; &#233;&#x41;', [{ name: 'htmldecode' }], '<b> & éA'],
    ['htmlencode', '<b>', [{ name: 'htmlencode' }], '&#60;b&#62;'],
    ['timeago', '2 hours ago', [{ name: 'timeago' }], '2026-03-10T10:00:00.000Z'],
    ['reltime', '1 week, 1 day', [{ name: 'reltime' }], '2026-03-02T12:00:00.000Z'],
    ['fuzzytime today', 'today 12:25am', [{ name: 'fuzzytime' }], '2026-03-10T00:25:00.000Z'],
    ['fuzzytime yesterday', 'Yesterday, 13:02', [{ name: 'fuzzytime' }], '2026-03-09T13:02:00.000Z'],
    ['fuzzytime a bare time', '12:25pm', [{ name: 'fuzzytime' }], '2026-03-10T12:25:00.000Z'],
    ['validfilename', 'a/b:c?', [{ name: 'validfilename' }], 'a_b_c_'],
    ['diacritics', 'Amélie Poulain ñ', [{ name: 'diacritics', args: 'replace' }], 'Amelie Poulain n'],
    [
      'jsonjoinarray',
      '{"genres":["Action","Drama"]}',
      [{ name: 'jsonjoinarray', args: ['$.genres', ', '] }],
      'Action, Drama',
    ],
    ['hexdump passes through', 'x', [{ name: 'hexdump' }], 'x'],
    ['strdump passes through', 'x', [{ name: 'strdump' }], 'x'],
    [
      'validate keeps listed words',
      'Action Foo Drama',
      [{ name: 'validate', args: 'Action, Drama, War' }],
      'Action, Drama',
    ],
    [
      're_replace with a template argument',
      'https://yts.mx/x',
      [{ name: 're_replace', args: ['^https?://yts\\.mx/', '{{ .Config.sitelink }}'] }],
      'https://site.test/x',
    ],
  ])('%s', (_name, input, filters, expected) => {
    expect(applyFilters(input, filters, context)).toBe(expected);
  });

  it('refuses an unknown filter and a date that does not match', () => {
    expect(() => applyFilters('x', [{ name: 'nope' }], context)).toThrow(FilterError);
    expect(() => applyFilters('yesterday-ish', [{ name: 'dateparse', args: 'yyyy-MM-dd' }], context)).toThrow(
      /does not match/,
    );
  });
});
