// CandidateFinder over real download folders: real ffmpeg files, real symlinks, real ffprobe.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidateFinder } from '../../src/imports/candidates.js';
import { FfprobeMediaProbe } from '../../src/imports/media-probe.js';
import { FileVerifier } from '../../src/imports/verification.js';
import { NotFoundError } from '../../src/shared/errors.js';
import { makeCorruptFile, makeVideo, makeZeroFilledFile } from '../support/media.js';

let dir: string;
const finder = new CandidateFinder(new FileVerifier(new FfprobeMediaProbe({ timeoutMs: 10_000 })));
const movie = { kind: 'movie' as const, runtimeSeconds: 7200 };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'omniarr-candidates-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CandidateFinder', () => {
  it('finds the movie in a cluttered download and says why everything else was left out', async () => {
    const download = path.join(dir, 'Heat.1995.1080p.BluRay.x264-GRP');
    const outside = path.join(dir, 'elsewhere', 'secret.mkv');
    await Promise.all([
      makeVideo(path.join(download, 'Heat.1995.1080p.BluRay.x264-GRP.mkv'), { durationSeconds: 7100 }),
      makeVideo(path.join(download, 'heat-sample.mkv'), { durationSeconds: 60 }),
      makeVideo(path.join(download, 'teaser.mkv'), { durationSeconds: 90 }),
      makeVideo(path.join(download, 'Sample', 'heat.sample.mkv'), { durationSeconds: 60 }),
      makeVideo(path.join(download, 'Extras', 'Making Of.mkv'), { durationSeconds: 1800 }),
      makeVideo(path.join(download, 'Heat-trailer.mkv'), { durationSeconds: 120 }),
      makeVideo(path.join(download, '_UNPACK_Heat', 'Heat.mkv'), { durationSeconds: 7100 }),
      makeVideo(outside, { durationSeconds: 7100 }),
    ]);
    await writeFile(path.join(download, 'Heat.1995.1080p.BluRay.x264-GRP.nfo'), 'info');
    await writeFile(path.join(download, 'CD2.mkv.part'), 'half');
    await symlink(outside, path.join(download, 'link-out.mkv'));
    await symlink(
      path.join(download, 'Heat.1995.1080p.BluRay.x264-GRP.mkv'),
      path.join(download, 'link-in.mkv'),
    );
    await symlink(download, path.join(download, 'loop'));
    await symlink(path.join(dir, 'nowhere.mkv'), path.join(download, 'broken.mkv'));

    const { candidates, skipped } = await finder.find(download, movie);
    expect(candidates.map((c) => [c.relativePath, c.verdict.status])).toEqual([
      ['Heat.1995.1080p.BluRay.x264-GRP.mkv', 'accepted'],
    ]);
    expect(candidates[0]?.info?.durationSeconds).toBeCloseTo(7100, 0);
    expect(Object.fromEntries(skipped.map((s) => [s.relativePath, s.reason]))).toEqual({
      _UNPACK_Heat: 'partial',
      'broken.mkv': 'symlink_outside',
      'CD2.mkv.part': 'partial',
      Extras: 'extras_folder',
      'Heat-trailer.mkv': 'extra',
      'Heat.1995.1080p.BluRay.x264-GRP.nfo': 'not_video',
      'heat-sample.mkv': 'sample',
      'link-in.mkv': 'symlink_duplicate',
      'link-out.mkv': 'symlink_outside',
      loop: 'symlink_folder',
      Sample: 'sample_folder',
      'teaser.mkv': 'sample',
    });
    expect(skipped.find((s) => s.relativePath === 'teaser.mkv')?.message).toMatch(
      /^runs 1m 30s, 1\.3 % of the expected/,
    );
  });

  it('keeps a full-length file even when its name says sample', async () => {
    const download = path.join(dir, 'odd');
    await makeVideo(path.join(download, 'sample.mkv'), { durationSeconds: 7000 });
    const { candidates } = await finder.find(download, movie);
    expect(candidates.map((c) => c.relativePath)).toEqual(['sample.mkv']);
  });

  it('hands a zero-filled main file on as a candidate that fails the download; a broken "sample" is only skipped', async () => {
    const download = path.join(dir, 'Zeroed.2020.1080p');
    await makeZeroFilledFile(path.join(download, 'Zeroed.2020.1080p.mkv'), 3 * 1024 ** 3);
    await makeCorruptFile(path.join(download, 'zeroed.2020.sample.mkv'));
    const { candidates, skipped } = await finder.find(download, movie);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]?.verdict).toMatchObject({
      status: 'rejected',
      reason: 'zero_filled',
      action: 'fail_download',
    });
    expect(skipped).toMatchObject([{ relativePath: 'zeroed.2020.sample.mkv', reason: 'sample' }]);
  });

  it('takes a single-file download as it is, and finds a season of short episodes', async () => {
    const single = path.join(dir, 'Heat.1995.mkv');
    await makeVideo(single, { durationSeconds: 7000 });
    const one = await finder.find(single, movie);
    expect(one.candidates.map((c) => [c.path, c.relativePath])).toEqual([[single, '']]);

    const season = path.join(dir, 'Show.S01.1080p');
    await Promise.all(
      [1, 2, 3].map((n) => makeVideo(path.join(season, `Show.S01E0${n}.mkv`), { durationSeconds: 22 * 60 })),
    );
    await makeVideo(path.join(season, 'Show.S01E01.sample.mkv'), { durationSeconds: 40 });
    const listing = await finder.find(season, { kind: 'episode', runtimeSeconds: 30 * 60 });
    expect(listing.candidates.map((c) => c.relativePath)).toEqual([
      'Show.S01E01.mkv',
      'Show.S01E02.mkv',
      'Show.S01E03.mkv',
    ]);
    expect(listing.skipped.map((s) => s.reason)).toEqual(['sample']);
  });

  it('stops at a depth and entry limit and says so', async () => {
    const deep = path.join(dir, 'deep');
    await mkdir(path.join(deep, 'a', 'b', 'c'), { recursive: true });
    const shallow = new CandidateFinder(new FileVerifier(new FfprobeMediaProbe()), {
      maxDepth: 1,
      maxEntries: 100,
    });
    const { skipped } = await shallow.find(deep, movie);
    expect(skipped).toMatchObject([{ relativePath: path.join('a', 'b'), reason: 'too_deep' }]);
  });

  it('says clearly when the download is not there', async () => {
    await expect(finder.find(path.join(dir, 'gone'), movie)).rejects.toBeInstanceOf(NotFoundError);
  });
});
