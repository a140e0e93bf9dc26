import { describe, expect, it } from 'vitest';
import type { MediaInfo } from './media-probe.js';
import {
  classifyDuration,
  type ContentSample,
  type ExpectedMedia,
  formatDuration,
  type RejectionReason,
  verifyMediaFile,
} from './verification.js';

const min = 60;

function info(overrides: Partial<MediaInfo> = {}): MediaInfo {
  return {
    container: 'mkv',
    formatName: 'matroska,webm',
    durationSeconds: 120 * min,
    sizeBytes: 4e9,
    bitRate: 4e6,
    video: {
      codec: 'h264',
      profile: 'High',
      width: 1920,
      height: 1080,
      bitDepth: 8,
      dynamicRange: 'SDR',
      framesPerSecond: 24,
      encoder: undefined,
    },
    audio: [],
    subtitles: [],
    warnings: [],
    ...overrides,
  };
}

function content(zeroWindows: number, total = 16): ContentSample {
  return {
    sizeBytes: 4e9,
    windows: Array.from({ length: total }, (_, i) => ({
      offset: i * 1e8,
      length: 65536,
      allZero: i < zeroWindows,
    })),
  };
}

describe('classifyDuration', () => {
  const cases: Array<[string, number, ExpectedMedia, 'feature' | 'sample']> = [
    ['a 2-minute sample of a 2-hour movie', 2 * min, { kind: 'movie', runtimeSeconds: 120 * min }, 'sample'],
    [
      'a 10-minute "sample" of a 2-hour movie',
      10 * min,
      { kind: 'movie', runtimeSeconds: 120 * min },
      'sample',
    ],
    ['the movie itself', 118 * min, { kind: 'movie', runtimeSeconds: 120 * min }, 'feature'],
    [
      'a theatrical cut 30 % shorter than the listed extended runtime',
      84 * min,
      { kind: 'movie', runtimeSeconds: 120 * min },
      'feature',
    ],
    ['CD1 of a two-part rip', 60 * min, { kind: 'movie', runtimeSeconds: 120 * min }, 'feature'],
    ['CD1 of a three-part rip', 41 * min, { kind: 'movie', runtimeSeconds: 120 * min }, 'feature'],
    [
      'a 22-minute episode listed at 30 minutes',
      22 * min,
      { kind: 'episode', runtimeSeconds: 30 * min },
      'feature',
    ],
    [
      'a 42-minute episode listed at 60 minutes',
      42 * min,
      { kind: 'episode', runtimeSeconds: 60 * min },
      'feature',
    ],
    [
      'a 25-minute show wrongly listed at 60 minutes',
      25 * min,
      { kind: 'episode', runtimeSeconds: 60 * min },
      'feature',
    ],
    [
      'a 45-second sample of a 22-minute episode',
      45,
      { kind: 'episode', runtimeSeconds: 22 * min },
      'sample',
    ],
    ['a 3-minute webisode', 3 * min, { kind: 'episode', runtimeSeconds: 5 * min }, 'feature'],
    ['a 20-second sample of a 3-minute webisode', 20, { kind: 'episode', runtimeSeconds: 3 * min }, 'sample'],
    ['a 2-minute webisode with no known runtime', 2 * min, { kind: 'episode' }, 'feature'],
    ['a 30-second clip with no known runtime', 30, { kind: 'episode', runtimeSeconds: 0 }, 'sample'],
    ['a 4-minute movie file with no known runtime', 4 * min, { kind: 'movie' }, 'sample'],
    ['a 95-minute movie with no known runtime', 95 * min, { kind: 'movie' }, 'feature'],
  ];
  it.each(cases)('%s', (_name, duration, expected, kind) => {
    expect(classifyDuration(duration, expected).kind).toBe(kind);
  });

  it('explains a sample with the numbers', () => {
    const result = classifyDuration(90, { kind: 'movie', runtimeSeconds: 120 * min });
    expect(result).toMatchObject({
      kind: 'sample',
      message: 'runs 1m 30s, 1.3 % of the expected 2h 00m: a sample',
    });
  });

  it('warns about a file far longer than the runtime but keeps it', () => {
    const result = classifyDuration(100 * min, { kind: 'episode', runtimeSeconds: 22 * min });
    expect(result.kind).toBe('feature');
    expect(result.kind === 'feature' && result.warning).toMatch(/longer than expected/);
  });
});

describe('verifyMediaFile', () => {
  const movie: ExpectedMedia = { kind: 'movie', runtimeSeconds: 120 * min };
  const cases: Array<[string, Parameters<typeof verifyMediaFile>[0], RejectionReason | 'accepted', string?]> =
    [
      ['a healthy movie', { probe: { ok: true, info: info() }, content: content(0) }, 'accepted'],
      ['one odd zero region', { probe: { ok: true, info: info() }, content: content(1) }, 'accepted'],
      [
        'two zero regions',
        { probe: { ok: true, info: info() }, content: content(2) },
        'zero_filled',
        'fail_download',
      ],
      [
        'a one-window file that is all zeros',
        { probe: { ok: true, info: info() }, content: content(1, 1) },
        'zero_filled',
      ],
      [
        'a header promising more than the file holds',
        {
          probe: { ok: true, info: info({ warnings: ['[matroska,webm @ 0x1] File ended prematurely'] }) },
          content: content(0),
        },
        'truncated',
        'fail_download',
      ],
      [
        'no video track',
        { probe: { ok: true, info: info({ video: undefined }) }, content: content(0) },
        'not_video',
      ],
      [
        'a still image',
        { probe: { ok: true, info: info({ formatName: 'png_pipe' }) }, content: content(0) },
        'not_video',
      ],
      [
        'no duration',
        { probe: { ok: true, info: info({ durationSeconds: 0 }) }, content: content(0) },
        'not_video',
      ],
      [
        'a sample',
        { probe: { ok: true, info: info({ durationSeconds: 60 }) }, content: content(0) },
        'sample',
        'skip',
      ],
      [
        'zero-filled per ffprobe',
        { probe: { ok: false, failure: 'zero_filled', message: 'z' }, content: undefined },
        'zero_filled',
      ],
      [
        'an empty file',
        { probe: { ok: false, failure: 'empty_file', message: 'e' }, content: undefined },
        'zero_filled',
      ],
      [
        'not media',
        { probe: { ok: false, failure: 'not_media', message: 'n' }, content: undefined },
        'unreadable',
        'fail_download',
      ],
      [
        'gone',
        { probe: { ok: false, failure: 'not_found', message: 'g' }, content: undefined },
        'missing',
        'retry',
      ],
      [
        'ffprobe too slow',
        { probe: { ok: false, failure: 'timeout', message: 't' }, content: undefined },
        'probe_unavailable',
        'retry',
      ],
      [
        'no ffprobe',
        { probe: { ok: false, failure: 'ffprobe_missing', message: 'm' }, content: undefined },
        'probe_unavailable',
        'retry',
      ],
    ];
  it.each(cases)('%s', (_name, evidence, expected, action) => {
    const verdict = verifyMediaFile(evidence, movie);
    if (expected === 'accepted') {
      expect(verdict.status).toBe('accepted');
      return;
    }
    expect(verdict).toMatchObject({ status: 'rejected', reason: expected });
    if (action) expect(verdict).toMatchObject({ action });
  });

  it('checks the bytes before trusting a header-only duration', () => {
    // The header of a zeroed-body file still claims two hours: the zero windows must win.
    const verdict = verifyMediaFile({ probe: { ok: true, info: info() }, content: content(15) }, movie);
    expect(verdict).toMatchObject({ reason: 'zero_filled' });
    expect(verdict.status === 'rejected' && verdict.message).toMatch(/^15 of 16 regions/);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [59.6, '1m 00s'],
    [3599, '59m 59s'],
    [7200, '2h 00m'],
    [7322, '2h 02m'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('verifyMediaFile on a file ffprobe cannot read', () => {
  it('names zeros as the cause when the bytes show them', () => {
    const evidence = {
      probe: { ok: false as const, failure: 'not_media' as const, message: 'n' },
      content: content(12),
    };
    expect(verifyMediaFile(evidence, { kind: 'movie' })).toMatchObject({ reason: 'zero_filled' });
  });
});
