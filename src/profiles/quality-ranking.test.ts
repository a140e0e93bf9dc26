// Reading a profile as an order, and the default profiles being coherent.
import { describe, expect, it } from 'vitest';
import { parseRelease } from '../parser/index.js';
import { defaultQualityDefinitions, defaultQualityProfiles } from './default-profiles.js';
import { profileProblems } from './profile.service.js';
import { QUALITY_NAMES, movieQualityName } from './qualities.js';
import { belowCutoff, qualityRanking } from './quality-ranking.js';

describe('qualityRanking', () => {
  const hd = defaultQualityProfiles().find((profile) => profile.name === 'HD-1080p')!;
  const ranking = qualityRanking(hd);

  it('ranks by profile order, grouped qualities equal', () => {
    expect(ranking.rankOf('Remux-1080p')).toBeGreaterThan(ranking.rankOf('Bluray-1080p'));
    expect(ranking.rankOf('Bluray-1080p')).toBeGreaterThan(ranking.rankOf('WEBDL-1080p'));
    expect(ranking.rankOf('WEBDL-1080p')).toBe(ranking.rankOf('WEBRip-1080p'));
    expect(ranking.itemName('WEBRip-1080p')).toBe('WEB 1080p');
    expect(ranking.cutoffRank).toBe(ranking.rankOf('Bluray-1080p'));
  });

  it('knows what is wanted, and that unlisted qualities are not', () => {
    expect(ranking.isAllowed('WEBRip-1080p')).toBe(true);
    expect(ranking.isAllowed('Bluray-720p')).toBe(false);
    const partial = qualityRanking({
      items: [{ kind: 'quality', quality: 'DVD', allowed: true }],
      cutoff: 'DVD',
    });
    expect(partial.rankOf('CAM')).toBe(0);
    expect(partial.isAllowed('CAM')).toBe(false);
  });

  it('reads series-style remux names as the movie quality', () => {
    expect(movieQualityName('Bluray-2160p Remux')).toBe('Remux-2160p');
    expect(ranking.rankOf('Bluray-1080p Remux')).toBe(ranking.rankOf('Remux-1080p'));
  });
});

describe('belowCutoff', () => {
  const [first, second] = defaultQualityProfiles();
  const profiles = [
    { id: 1, items: first!.items, cutoff: 'HDTV-1080p' },
    { id: 2, items: second!.items, cutoff: 'Bluray-1080p' },
  ];
  const below = belowCutoff(profiles);

  it.each([
    [1, 'HDTV-720p', true],
    [1, 'HDTV-1080p', false],
    [1, 'Bluray-1080p', false],
    [2, 'HDTV-1080p', true],
    [2, 'WEBDL-1080p', true],
    [2, 'Bluray-1080p', false],
    [2, 'Bluray-1080p Remux', false],
    [2, 'CAM', true],
    [3, 'CAM', false],
  ])('profile %i, %s below its cutoff: %s', (profileId, quality, expected) => {
    expect(below(profileId, quality)).toBe(expected);
  });
});

describe('defaults', () => {
  it('seed a coherent profile set listing every quality once', () => {
    const profiles = defaultQualityProfiles();
    expect(profiles.map((p) => p.name)).toEqual([
      'Any',
      'SD',
      'HD-720p',
      'HD-1080p',
      'Ultra-HD',
      'HD - 720p/1080p',
    ]);
    for (const profile of profiles) {
      expect(profileProblems(profile)).toEqual([]);
      const listed = profile.items.flatMap((item) =>
        item.kind === 'group' ? item.qualities : [item.quality],
      );
      expect([...listed].sort()).toEqual([...QUALITY_NAMES].sort());
    }
  });

  it('define sizes for every quality with min ≤ preferred ≤ max', () => {
    const definitions = defaultQualityDefinitions();
    expect(definitions.map((d) => d.quality)).toEqual(QUALITY_NAMES);
    for (const d of definitions) {
      if (d.preferredSize !== null) expect(d.preferredSize).toBeGreaterThanOrEqual(d.minSize);
      if (d.maxSize !== null) expect(d.maxSize).toBeGreaterThanOrEqual(d.preferredSize ?? d.minSize);
    }
  });

  it('cover every movie quality name the parser announces', () => {
    const names = [
      'Movie.2020.1080p.BluRay.x264-G', 'Movie.2020.2160p.UHD.BluRay.REMUX.HEVC-G', 'Movie.2020.HDCAM.x264-G',
      'Movie.2020.720p.WEBRip.x264-G', 'Movie.2020.DVDRip.XviD-G', 'Movie.2020.COMPLETE.BLURAY-G', 'Movie.2020.TS.x264-G',
      'Movie.2020.DVDSCR.x264-G', 'Movie.2020.480p.WEB-DL.x264-G', 'Movie.2020.1080p.HDTV.x264-G', 'Movie.2020-G',
    ]; // prettier-ignore
    for (const name of names)
      expect(QUALITY_NAMES).toContain(movieQualityName(parseRelease(name).quality.name));
  });
});

describe('profileProblems', () => {
  const base = defaultQualityProfiles()[3]!;
  it.each([
    ['a cutoff not in the profile', { ...base, cutoff: 'Nope' }, /not in the profile/],
    ['an unwanted cutoff', { ...base, cutoff: 'Bluray-720p' }, /not a wanted quality/],
    [
      'a quality listed twice',
      { ...base, items: [...base.items, { kind: 'quality' as const, quality: 'DVD', allowed: false }] },
      /"DVD" is listed twice/,
    ],
    [
      'nothing wanted',
      { ...base, items: base.items.map((item) => ({ ...item, allowed: false })) },
      /no quality is wanted/,
    ],
    [
      'a format scored twice',
      {
        ...base,
        formatScores: [
          { customFormatId: 1, score: 1 },
          { customFormatId: 1, score: 2 },
        ],
      },
      /scored twice/,
    ],
  ])('finds %s', (_name, profile, problem) => {
    expect(profileProblems(profile).join('; ')).toMatch(problem);
  });
});
