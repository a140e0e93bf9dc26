// The import plan (pure): which files of a download are taken for which episodes, which files on disk
// they supersede (and when), and why every other file is left.
import { describe, expect, it } from 'vitest';
import type { CandidateFile } from '../../src/imports/candidates.js';
import { planEpisodeImport, type EpisodeImportPlanInput } from '../../src/imports/episode-import.service.js';
import { defaultQualityProfiles } from '../../src/profiles/default-profiles.js';
import { qualityRanking } from '../../src/profiles/quality-ranking.js';
import type { Episode, EpisodeFile } from '../../src/series/series.js';

function episode(id: number, episodeNumber: number, episodeFileId: number | null = null): Episode {
  return {
    id,
    seriesId: 1,
    seasonNumber: 1,
    episodeNumber,
    absoluteNumber: null,
    airDate: null,
    airDateUtc: null,
    title: `Episode ${episodeNumber}`,
    overview: '',
    runtime: null,
    monitored: true,
    episodeFileId,
    removedUpstream: false,
  };
}

function onDisk(id: number, episodeIds: number[], qualityName = 'HDTV-720p'): EpisodeFile {
  return {
    id,
    seriesId: 1,
    seasonNumber: 1,
    relativePath: `Season 01/${id}.mkv`,
    size: 1,
    qualityName,
    revision: { version: 1, real: 0, isRepack: false },
    mediaInfo: null,
    releaseGroup: null,
    sceneName: null,
    languages: [],
    dateAdded: 0,
    episodeIds,
  };
}

function candidate(relativePath: string): CandidateFile {
  return {
    path: `/downloads/pack/${relativePath}`,
    relativePath,
    sizeBytes: 1,
    verdict: { status: 'accepted', durationSeconds: 1320, warnings: [] },
    info: undefined,
  };
}

function plan(overrides: Partial<EpisodeImportPlanInput>) {
  return planEpisodeImport({
    series: { title: 'Show', seriesType: 'standard' },
    episodes: [episode(11, 1), episode(12, 2), episode(13, 3)],
    existing: [],
    ranking: qualityRanking(defaultQualityProfiles()[0]!),
    quality: { name: 'Bluray-1080p', revision: { version: 1, real: 0, repack: false } },
    grabbedEpisodeIds: [11, 12, 13],
    grabbedSeasonPack: true,
    contentPath: '/downloads/pack',
    accepted: [],
    ...overrides,
  });
}

const summary = (result: ReturnType<typeof plan>) => ({
  files: result.files.map((file) => ({
    file: file.candidate.relativePath,
    episodes: file.episodes.map((e) => e.id),
    replaces: file.replaces.map((f) => f.id),
    previous: file.previous.map((f) => f.id),
    inGrab: file.inGrab,
  })),
  notTaken: result.notTaken,
});

describe('planEpisodeImport', () => {
  it('recycles a two-episode file on disk only with the file that completes its replacement', () => {
    const result = plan({
      episodes: [episode(11, 1, 7), episode(12, 2, 7), episode(13, 3)],
      existing: [onDisk(7, [11, 12])],
      accepted: [candidate('Show.S01E01.mkv'), candidate('Show.S01E02.mkv'), candidate('Show.S01E03.mkv')],
    });
    expect(summary(result).files).toEqual([
      { file: 'Show.S01E01.mkv', episodes: [11], replaces: [], previous: [7], inGrab: true },
      { file: 'Show.S01E02.mkv', episodes: [12], replaces: [7], previous: [7], inGrab: true },
      { file: 'Show.S01E03.mkv', episodes: [13], replaces: [], previous: [], inGrab: true },
    ]);
  });

  it('keeps a file on disk that still holds an episode the download does not bring', () => {
    const result = plan({
      episodes: [episode(11, 1, 7), episode(12, 2, 7)],
      existing: [onDisk(7, [11, 12])],
      accepted: [candidate('Show.S01E01.mkv')],
    });
    expect(summary(result).files).toEqual([
      { file: 'Show.S01E01.mkv', episodes: [11], replaces: [], previous: [7], inGrab: true },
    ]);
  });

  it('leaves a second file for an episode already taken, and a file for an unknown episode', () => {
    const result = plan({
      accepted: [
        candidate('a/Show.S01E01.720p.mkv'),
        candidate('b/Show.S01E01.1080p.mkv'),
        candidate('Show.S01E07.mkv'),
      ],
    });
    expect(summary(result)).toEqual({
      files: [{ file: 'a/Show.S01E01.720p.mkv', episodes: [11], replaces: [], previous: [], inGrab: true }],
      notTaken: [
        'b/Show.S01E01.1080p.mkv: S01E01 is already imported from a/Show.S01E01.720p.mkv',
        'Show.S01E07.mkv: S01E07 is not in the catalog: season 1 has 3 episodes',
      ],
    });
  });

  it('reads the folder when the file name says nothing, but never a season pack’s folder', () => {
    const single = plan({ accepted: [candidate('Show.S01E02.720p-GRP/abc.mkv')] });
    expect(summary(single).files.map((f) => f.episodes)).toEqual([[12]]);
    const pack = plan({
      contentPath: '/downloads/Show.S01.720p-GRP',
      accepted: [candidate('x.mkv'), candidate('y.mkv')].map((c) => ({
        ...c,
        relativePath: `Show.S01.720p-GRP/${c.relativePath}`,
      })),
    });
    expect(pack.files).toEqual([]);
    expect(pack.notTaken).toHaveLength(2);
  });

  it('takes the only file of a single-episode grab for the grabbed episode, not so for a pack', () => {
    const single = plan({
      grabbedSeasonPack: false,
      grabbedEpisodeIds: [13],
      accepted: [candidate('obfuscated.mkv')],
    });
    expect(summary(single).files.map((f) => f.episodes)).toEqual([[13]]);
    const pack = plan({ accepted: [candidate('obfuscated.mkv')] });
    expect(pack.files).toEqual([]);
  });

  it('takes an episode beyond the grab only where it fills a gap or upgrades', () => {
    const result = plan({
      grabbedEpisodeIds: [11],
      episodes: [episode(11, 1), episode(12, 2, 8), episode(13, 3, 9)],
      existing: [onDisk(8, [12], 'Bluray-1080p'), onDisk(9, [13], 'HDTV-720p')],
      accepted: [candidate('Show.S01E01.mkv'), candidate('Show.S01E02.mkv'), candidate('Show.S01E03.mkv')],
    });
    expect(summary(result)).toEqual({
      files: [
        { file: 'Show.S01E01.mkv', episodes: [11], replaces: [], previous: [], inGrab: true },
        { file: 'Show.S01E03.mkv', episodes: [13], replaces: [9], previous: [9], inGrab: false },
      ],
      notTaken: [
        'Show.S01E02.mkv: S01E02: not in the grab, and no better than the Bluray-1080p file on disk',
      ],
    });
  });
});
