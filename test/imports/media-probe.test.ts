// FfprobeMediaProbe against real files made with ffmpeg, and against the broken files an importer meets.
import { createServer } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfprobeMediaProbe, MediaProbeError, type ProbeFailure } from '../../src/imports/media-probe.js';
import { makeCorruptFile, makeVideo, makeZeroFilledFile } from '../support/media.js';

let dir: string;
const probe = new FfprobeMediaProbe({ timeoutMs: 10_000 });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'omniarr-probe-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failureOf(file: string, mediaProbe = probe): Promise<ProbeFailure> {
  const error = await mediaProbe.probe(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof MediaProbeError)) throw new Error(`expected MediaProbeError, got ${String(error)}`);
  return error.failure;
}

describe('FfprobeMediaProbe on real files', () => {
  it('reads a 2-hour 1080p movie with two audio tracks and subtitles', async () => {
    const file = path.join(dir, 'movie.mkv');
    const started = performance.now();
    await makeVideo(file, {
      durationSeconds: 7200,
      width: 1920,
      height: 1080,
      audio: [
        { codec: 'ac3', channels: 6, language: 'eng' },
        { codec: 'aac', channels: 2, language: 'fre' },
      ],
      subtitles: ['eng', 'spa'],
    });
    expect(performance.now() - started).toBeLessThan(5000);

    const info = await probe.probe(file);
    expect(info.container).toBe('mkv');
    expect(info.durationSeconds).toBeGreaterThan(7199);
    expect(info.durationSeconds).toBeLessThan(7201);
    expect(info.video).toMatchObject({
      codec: 'h264',
      width: 1920,
      height: 1080,
      bitDepth: 8,
      dynamicRange: 'SDR',
    });
    expect(info.audio.map((a) => [a.codec, a.channels, a.language])).toEqual([
      ['ac3', 6, 'eng'],
      ['aac', 2, 'fre'],
    ]);
    expect(info.subtitles.map((s) => s.language)).toEqual(['eng', 'spa']);
    expect(info.warnings).toEqual([]);
  });

  it('reads 10-bit HEVC with HDR10 and HLG signalling', async () => {
    const hdr10 = path.join(dir, 'hdr10.mkv');
    const hlg = path.join(dir, 'hlg.mkv');
    await makeVideo(hdr10, {
      durationSeconds: 60,
      codec: 'hevc',
      hdr: 'hdr10',
      width: 128,
      height: 72,
      audio: [],
    });
    await makeVideo(hlg, {
      durationSeconds: 60,
      codec: 'hevc',
      hdr: 'hlg',
      width: 128,
      height: 72,
      audio: [],
    });
    const [a, b] = await Promise.all([probe.probe(hdr10), probe.probe(hlg)]);
    expect(a.video).toMatchObject({ codec: 'hevc', bitDepth: 10, dynamicRange: 'HDR10' });
    expect(b.video).toMatchObject({ codec: 'hevc', bitDepth: 10, dynamicRange: 'HLG' });
    expect(a.audio).toEqual([]);
  });

  it('reads mp4 and avi containers', async () => {
    const mp4 = path.join(dir, 'clip.mp4');
    const avi = path.join(dir, 'clip.avi');
    await makeVideo(mp4, { durationSeconds: 1320 });
    await makeVideo(avi, { durationSeconds: 30, codec: 'mpeg4', audio: [{ codec: 'mp3', channels: 2 }] });
    const [a, b] = await Promise.all([probe.probe(mp4), probe.probe(avi)]);
    expect(a.container).toBe('mp4');
    expect(a.durationSeconds).toBeCloseTo(1320, 0);
    expect(a.audio[0]).toMatchObject({ codec: 'aac', language: 'eng' });
    expect(b.container).toBe('avi');
    expect(b.video?.codec).toBe('mpeg4');
    expect(b.audio[0]).toMatchObject({ codec: 'mp3', language: undefined });
  });

  it('names why a broken file cannot be read', async () => {
    const zero = path.join(dir, 'zero.mkv');
    const garbage = path.join(dir, 'garbage.mkv');
    const empty = path.join(dir, 'empty.mkv');
    const text = path.join(dir, 'readme.mkv');
    await makeZeroFilledFile(zero, 50 * 1024 * 1024);
    await makeCorruptFile(garbage);
    await writeFile(empty, '');
    await writeFile(text, 'this is not a movie\n');
    expect(await failureOf(zero)).toBe('zero_filled');
    expect(await failureOf(garbage)).toBe('not_media');
    expect(await failureOf(empty)).toBe('empty_file');
    expect(await failureOf(text)).toBe('not_media');
    expect(await failureOf(path.join(dir, 'missing.mkv'))).toBe('not_found');
    expect(await failureOf(dir)).toBe('not_a_file');
  });

  it('reports a truncated file through its warnings rather than trusting the header', async () => {
    const truncated = path.join(dir, 'truncated.mkv');
    await makeCorruptFile(truncated, { kind: 'truncated' });
    const info = await probe.probe(truncated);
    expect(info.durationSeconds).toBeGreaterThan(7000); // the header's promise …
    expect(info.warnings.join('\n')).toMatch(/ended prematurely/i); // … which the data does not keep
  });

  it('never follows a playlist disguised as a video to the network', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const playlist = path.join(dir, 'playlist.mkv');
      await writeFile(
        playlist,
        `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:${port}/a.ts\n#EXT-X-ENDLIST\n`,
      );
      expect(await failureOf(playlist)).toBe('not_media');
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it('reports a missing ffprobe and a timeout as our problem, not the file’s', async () => {
    const file = path.join(dir, 'ok.mkv');
    await makeVideo(file, { durationSeconds: 10 });
    const missing = new FfprobeMediaProbe({ ffprobePath: path.join(dir, 'no-such-ffprobe') });
    expect(await failureOf(file, missing)).toBe('ffprobe_missing');

    // A stand-in "ffprobe" that never answers.
    const bin = path.join(dir, 'bin');
    await mkdir(bin, { recursive: true });
    const slow = path.join(bin, 'ffprobe');
    await writeFile(slow, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    const hanging = new FfprobeMediaProbe({ ffprobePath: slow, timeoutMs: 200 });
    const started = performance.now();
    const error = await hanging.probe(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaProbeError);
    expect((error as MediaProbeError).failure).toBe('timeout');
    expect((error as MediaProbeError).isFileProblem).toBe(false);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
