// Custom-format matching follows Radarr's rule: conditions grouped by type; in every group no required
// condition may fail and at least one must match; negate flips a condition's own result.
import { describe, expect, it } from 'vitest';
import { parseRelease } from '../parser/index.js';
import {
  formatMatches,
  formatScore,
  matchCustomFormats,
  type FormatSubject,
} from './custom-format-matching.js';
import { customFormatInputSchema, type CustomFormat, type CustomFormatCondition } from './profile.schema.js';

const GB = 1024 ** 3;

function subject(title: string, size: number | null = 10 * GB, indexerFlags: string[] = []): FormatSubject {
  return { title, parsed: parseRelease(title), size, indexerFlags };
}

function c(
  condition: Partial<CustomFormatCondition> & Pick<CustomFormatCondition, 'type'>,
): CustomFormatCondition {
  return { name: condition.type, negate: false, required: false, ...condition } as CustomFormatCondition;
}

const remuxTitle = 'Dune.Part.Two.2024.2160p.UHD.BluRay.REMUX.HDR.HEVC.TrueHD.Atmos.7.1-FGT';
const webTitle = 'Dune.Part.Two.2024.1080p.AMZN.WEB-DL.DDP5.1.H.264-FLUX';
const frenchTitle = 'Dune.Part.Two.2024.FRENCH.1080p.WEB.H264-FW';
const extendedTitle = 'Aliens.1986.Extended.1080p.BluRay.x264-SPARKS';

type Row = [
  name: string,
  conditions: CustomFormatCondition[],
  title: string,
  expected: boolean,
  size?: number | null,
  flags?: string[],
];

const rows: Row[] = [
  ['title regex', [c({ type: 'releaseTitle', pattern: '\\bhdr\\b' })], remuxTitle, true],
  ['title regex, no match', [c({ type: 'releaseTitle', pattern: '\\bhdr\\b' })], webTitle, false],
  ['negated title regex', [c({ type: 'releaseTitle', pattern: '\\bhdr\\b', negate: true })], webTitle, true],
  ['release group', [c({ type: 'releaseGroup', pattern: '^(FLUX|NTb)$' })], webTitle, true],
  ['release group, no match', [c({ type: 'releaseGroup', pattern: '^NTb$' })], remuxTitle, false],
  ['edition', [c({ type: 'edition', pattern: 'extended' })], extendedTitle, true],
  ['edition absent', [c({ type: 'edition', pattern: 'extended' })], webTitle, false],
  ['source', [c({ type: 'source', source: 'webdl' })], webTitle, true],
  ['resolution', [c({ type: 'resolution', resolution: 2160 })], remuxTitle, true],
  ['quality modifier', [c({ type: 'qualityModifier', modifier: 'remux' })], remuxTitle, true],
  ['language', [c({ type: 'language', language: 'fr' })], frenchTitle, true],
  ['language, absent', [c({ type: 'language', language: 'fr' })], webTitle, false],
  [
    'size within (min exclusive, max inclusive)',
    [c({ type: 'size', minGb: 5, maxGb: 10 })],
    webTitle,
    true,
    10 * GB,
  ],
  ['size at the exclusive minimum', [c({ type: 'size', minGb: 10, maxGb: 20 })], webTitle, false, 10 * GB],
  ['size unknown', [c({ type: 'size', minGb: 0, maxGb: 20 })], webTitle, false, null],
  ['indexer flag', [c({ type: 'indexerFlag', flag: 'freeleech' })], webTitle, true, GB, ['FreeLeech']],
  // One of a type is enough…
  [
    'any one of two sources',
    [c({ type: 'source', source: 'bluray' }), c({ type: 'source', source: 'webdl' })],
    webTitle,
    true,
  ],
  // …but every type must have one.
  [
    'two types, one failing',
    [c({ type: 'source', source: 'webdl' }), c({ type: 'resolution', resolution: 2160 })],
    webTitle,
    false,
  ],
  // A required condition that fails sinks its group even when another in the group matches.
  [
    'a required condition failing',
    [c({ type: 'source', source: 'webdl' }), c({ type: 'source', source: 'bluray', required: true })],
    webTitle,
    false,
  ],
  [
    'a negated required condition passing',
    [
      c({ type: 'releaseTitle', pattern: 'x265|hevc', negate: true, required: true }),
      c({ type: 'releaseTitle', pattern: '1080p' }),
    ],
    webTitle,
    true,
  ],
  [
    'a negated required condition failing',
    [
      c({ type: 'releaseTitle', pattern: 'x265|hevc', negate: true, required: true }),
      c({ type: 'releaseTitle', pattern: '2160p' }),
    ],
    remuxTitle,
    false,
  ],
];

describe('formatMatches', () => {
  it.each(rows)('%s', (_name, conditions, title, expected, size = 10 * GB, flags = []) => {
    expect(formatMatches({ conditions }, subject(title, size, flags))).toBe(expected);
  });
});

describe('scores', () => {
  const formats: CustomFormat[] = [
    {
      id: 1,
      name: 'Remux',
      includeWhenRenaming: false,
      conditions: [c({ type: 'qualityModifier', modifier: 'remux' })],
    },
    {
      id: 2,
      name: 'HDR',
      includeWhenRenaming: false,
      conditions: [c({ type: 'releaseTitle', pattern: 'hdr' })],
    },
    {
      id: 3,
      name: 'x265',
      includeWhenRenaming: false,
      conditions: [c({ type: 'releaseTitle', pattern: 'x265|hevc' })],
    },
  ];

  it('sums the profile scores of the matched formats, unscored formats counting 0', () => {
    const matched = matchCustomFormats(formats, subject(remuxTitle));
    expect(matched.map((f) => f.name)).toEqual(['Remux', 'HDR', 'x265']);
    const profile = {
      formatScores: [
        { customFormatId: 1, score: 100 },
        { customFormatId: 3, score: -20 },
      ],
    };
    expect(formatScore(profile, matched)).toBe(80);
    expect(formatScore(profile, matchCustomFormats(formats, subject(webTitle)))).toBe(0);
  });
});

describe('custom format validation', () => {
  it('refuses a broken regex, an empty condition list and an inverted size range', () => {
    const bad = [
      { name: 'a', conditions: [{ type: 'releaseTitle', name: 'x', pattern: '(' }] },
      { name: 'a', conditions: [] },
      { name: 'a', conditions: [{ type: 'size', name: 's', minGb: 10, maxGb: 5 }] },
      { name: 'a', conditions: [{ type: 'source', name: 's', source: 'vhs' }] },
    ];
    for (const input of bad) expect(customFormatInputSchema.safeParse(input).success).toBe(false);
  });

  it('fills negate and required, and lower-cases indexer flags', () => {
    const parsed = customFormatInputSchema.parse({
      name: 'FL',
      conditions: [{ type: 'indexerFlag', name: 'fl', flag: 'FreeLeech' }],
    });
    expect(parsed.conditions[0]).toEqual({
      type: 'indexerFlag',
      name: 'fl',
      flag: 'freeleech',
      negate: false,
      required: false,
    });
  });
});
