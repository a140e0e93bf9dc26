// Ranking of accepted releases, one rule at a time: each row holds two releases that tie on every
// earlier rule, and the one that must come first.
import { describe, expect, it } from 'vitest';
import { candidate, decisionInput, defaultProfile, GB, movie } from '../../test/decisions/fixtures.js';
import type { IndexerRelease } from '../indexers/indexer.js';
import type { CustomFormat } from '../profiles/profile.schema.js';
import { bestRelease, evaluateReleases } from './decision-engine.js';
import { defaultDecisionSettings, type DecisionInput } from './decision.types.js';

const hdr: CustomFormat = {
  id: 3,
  name: 'HDR',
  includeWhenRenaming: false,
  conditions: [
    { type: 'releaseTitle', name: 'HDR', pattern: '\\bHDR(10)?\\b', negate: false, required: false },
  ],
};

interface Row {
  rule: string;
  first: [string, Partial<IndexerRelease>?];
  second: [string, Partial<IndexerRelease>?];
  input?: Partial<DecisionInput>;
}

const B = 'The.Matrix.1999.1080p.BluRay.x264-GRP';

const rows: Row[] = [
  {
    rule: 'a better quality in the profile',
    first: ['The.Matrix.1999.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP', { size: 30 * GB }],
    second: [B],
  },
  {
    rule: 'a later revision of the same quality',
    first: ['The.Matrix.1999.PROPER.1080p.BluRay.x264-GRP'],
    second: [B],
  },
  {
    rule: 'a higher custom-format score',
    first: ['The.Matrix.1999.1080p.BluRay.HDR.x264-GRP'],
    second: [B],
    input: {
      customFormats: [hdr],
      profile: defaultProfile('HD-1080p', { formatScores: [{ customFormatId: 3, score: 5 }] }),
    },
  },
  {
    rule: 'the preferred protocol',
    first: [B, { protocol: 'usenet', infoHash: null, seeders: null }],
    second: [B, { seeders: 500 }],
    input: { settings: { ...defaultDecisionSettings, preferredProtocol: 'usenet' } },
  },
  {
    rule: 'the indexer ranked first',
    first: [B, { indexer: 'Primary', seeders: 2 }],
    second: [B, { indexer: 'Backup', seeders: 900 }],
    input: { indexerPriorities: { Primary: 1, Backup: 40 } },
  },
  { rule: 'more seeders', first: [B, { seeders: 80 }], second: [B, { seeders: 8 }] },
  // Bluray-1080p prefers 1995 MB/min: at 136 min that is ~265 GB, so the bigger one is nearer.
  { rule: 'a size nearer the preferred one', first: [B, { size: 12 * GB }], second: [B, { size: 8 * GB }] },
  {
    rule: 'a size nearer a small preferred size',
    first: [B, { size: 10 * GB }],
    second: [B, { size: 30 * GB }],
    input: {
      qualityDefinitions: [
        { quality: 'Bluray-1080p', title: 'Bluray-1080p', minSize: 0, preferredSize: 70, maxSize: null },
      ],
    },
  },
];

describe('ranking', () => {
  it.each(rows)('puts first $rule', ({ first, second, input }) => {
    const a = candidate(...first);
    const b = candidate(...second);
    for (const order of [
      [b, a],
      [a, b],
    ]) {
      const decisions = evaluateReleases(decisionInput({ releases: order, ...input }));
      expect(decisions.every((d) => d.accepted)).toBe(true);
      expect(decisions.map((d) => d.release.guid)).toEqual([a.release.guid, b.release.guid]);
    }
  });

  it('puts rejected releases after accepted ones, and bestRelease takes the first accepted', () => {
    const cam = candidate('The.Matrix.1999.HDCAM.x264-GRP');
    const remux = candidate('The.Matrix.1999.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP', {
      size: 30 * GB,
      seeders: 0,
    });
    const good = candidate(B);
    const decisions = evaluateReleases(decisionInput({ releases: [cam, remux, good] }));
    expect(decisions.map((d) => [d.release.guid, d.accepted])).toEqual([
      [good.release.guid, true],
      [remux.release.guid, false],
      [cam.release.guid, false],
    ]);
    expect(bestRelease(decisions)?.release.guid).toBe(good.release.guid);
  });

  it('has no best release when all are refused', () => {
    const decisions = evaluateReleases(
      decisionInput({ releases: [candidate(B)], movie: movie({ availability: 'announced' }) }),
    );
    expect(bestRelease(decisions)).toBeUndefined();
    expect(decisions[0]?.rejections.map((r) => r.code)).toEqual(['notYetAvailable']);
  });
});
