// FileVerifier end to end on real files: real ffprobe, real bytes on disk.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfprobeMediaProbe } from '../../src/imports/media-probe.js';
import { FileVerifier, sampleContent } from '../../src/imports/verification.js';
import { makeCorruptFile, makeVideo, makeZeroFilledFile } from '../support/media.js';

let dir: string;
const verifier = new FileVerifier(new FfprobeMediaProbe({ timeoutMs: 10_000 }));
const movie = { kind: 'movie' as const, runtimeSeconds: 7200 };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'omniarr-verify-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileVerifier on real files', () => {
  it('accepts a real 2-hour movie of realistic bulk and returns its media info', async () => {
    const file = path.join(dir, 'Movie.2020.1080p.mkv');
    await makeVideo(file, { durationSeconds: 7190, minSizeBytes: 8 * 1024 * 1024 });
    const { verdict, info } = await verifier.verify(file, movie);
    expect(verdict).toMatchObject({ status: 'accepted', warnings: [] });
    expect(info?.durationSeconds).toBeCloseTo(7190, 0);
    expect(info?.sizeBytes).toBeGreaterThan(8 * 1024 * 1024);
  });

  it('skips a real 60-second sample of that movie', async () => {
    const file = path.join(dir, 'sample.mkv');
    await makeVideo(file, { durationSeconds: 60 });
    const { verdict } = await verifier.verify(file, movie);
    expect(verdict).toMatchObject({ status: 'rejected', reason: 'sample', action: 'skip' });
  });

  it('accepts a 22-minute episode listed at 30 minutes', async () => {
    const file = path.join(dir, 'Show.S01E01.mkv');
    await makeVideo(file, { durationSeconds: 22 * 60 });
    const { verdict } = await verifier.verify(file, { kind: 'episode', runtimeSeconds: 30 * 60 });
    expect(verdict.status).toBe('accepted');
  });

  it.each([
    [
      'a zero-filled file',
      'zero.mkv',
      (f: string) => makeZeroFilledFile(f, 700 * 1024 * 1024),
      'zero_filled',
    ],
    ['random garbage', 'garbage.mkv', (f: string) => makeCorruptFile(f, { kind: 'garbage' }), 'unreadable'],
    [
      'a truncated mkv',
      'truncated.mkv',
      (f: string) => makeCorruptFile(f, { kind: 'truncated' }),
      'truncated',
    ],
    [
      'a real header over a zeroed body',
      'zeroed.mkv',
      (f: string) => makeCorruptFile(f, { kind: 'zeroed-body', bytes: 16 * 1024 * 1024 }),
      'zero_filled',
    ],
  ])('fails the download for %s', async (_name, name, make, reason) => {
    const file = path.join(dir, name);
    await make(file);
    const { verdict } = await verifier.verify(file, movie);
    expect(verdict).toMatchObject({ status: 'rejected', reason, action: 'fail_download' });
  });
});

describe('sampleContent', () => {
  it('reads evenly spaced windows including the first and the last byte', async () => {
    const file = path.join(dir, 'sparse.bin');
    await makeZeroFilledFile(file, 10 * 1024 * 1024);
    const sample = await sampleContent(file, { windows: 5, windowBytes: 1024 });
    expect(sample.sizeBytes).toBe(10 * 1024 * 1024);
    expect(sample.windows.map((w) => w.offset)).toEqual([0, 2621184, 5242368, 7863552, 10484736]);
    expect(sample.windows.every((w) => w.allZero && w.length === 1024)).toBe(true);
  });

  it('covers a file smaller than one window once', async () => {
    const file = path.join(dir, 'tiny.mkv');
    await makeVideo(file, { durationSeconds: 5, audio: [] });
    const sample = await sampleContent(file);
    expect(sample.windows).toHaveLength(1);
    expect(sample.windows[0]).toMatchObject({ offset: 0, length: sample.sizeBytes, allZero: false });
  });
});
