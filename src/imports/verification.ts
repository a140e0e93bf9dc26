// Owns the importer's verdict on one downloaded file: is it a real, complete video, and is it the
// feature or only a sample? The rules are pure (`verifyMediaFile`, `classifyDuration`) over facts the
// side-effect half gathers (`FileVerifier`: ffprobe + a few byte windows read from the file).
//
//   verifyMediaFile(evidence: VerificationEvidence, expected: ExpectedMedia, rules?): Verdict    pure
//   classifyDuration(durationSeconds, expected, rules?): DurationClass                        pure
//   sampleContent(file, { windows?, windowBytes? }): Promise<ContentSample>
//   class FileVerifier  constructor(probe: MediaProbe, sampler?)
//     verify(file, expected, signal?): Promise<FileVerification>   (verdict + media info when read)
//
// A sample is decided from the file's REAL duration against the expected runtime, never from its size:
// size says nothing about a 22-minute episode of a show listed at 30 minutes.
import { open } from 'node:fs/promises';
import { type MediaInfo, type MediaProbe, MediaProbeError, type ProbeFailure } from './media-probe.js';

export type MediaKind = 'movie' | 'episode';

export interface ExpectedMedia {
  kind: MediaKind;
  /** Runtime from the metadata provider; undefined or 0 when it does not know. */
  runtimeSeconds?: number | undefined;
}

export interface ByteWindow {
  offset: number;
  length: number;
  allZero: boolean;
}

export interface ContentSample {
  sizeBytes: number;
  windows: ByteWindow[];
}

export type ProbeOutcome =
  { ok: true; info: MediaInfo } | { ok: false; failure: ProbeFailure; message: string };

export interface VerificationEvidence {
  probe: ProbeOutcome;
  /** Undefined when the bytes were not read (the file is missing, or we could not judge it). */
  content: ContentSample | undefined;
}

export interface SampleRules {
  /** A file shorter than this share of the expected runtime is a sample. */
  sampleBelowRuntimeRatio: number;
  /** With no known runtime, a file shorter than this (seconds) is a sample. */
  unknownRuntimeSampleBelow: Record<MediaKind, number>;
  /** Longer than this share of the runtime earns a warning (wrong file? several episodes?). */
  warnAboveRuntimeRatio: number;
  /** Two independent 64 KiB runs of zeros do not occur in compressed video; one might, rarely. */
  maxZeroWindows: number;
}

// Why a quarter: samples are 1–5 % of a runtime; real files run 60–110 % of the listed runtime (TV
// listings round 22 minutes up to 30, 42 up to 60) and a movie split in CD1/CD2/CD3 is ≥ 33 % per part.
export const defaultSampleRules: SampleRules = {
  sampleBelowRuntimeRatio: 0.25,
  unknownRuntimeSampleBelow: { movie: 300, episode: 60 },
  warnAboveRuntimeRatio: 3,
  maxZeroWindows: 1,
};

export type RejectionReason =
  'missing' | 'unreadable' | 'zero_filled' | 'truncated' | 'not_video' | 'sample' | 'probe_unavailable';

/**
 * What the importer should do with a rejected file:
 * - `skip`: ignore this file (a sample), the download may hold the real one;
 * - `fail_download`: the download is bad (corrupt, zero-filled): mark failed, blocklist, search again;
 * - `retry`: we could not judge (ffprobe missing or too slow, file not there yet): try later.
 */
export type RejectionAction = 'skip' | 'fail_download' | 'retry';

export type Verdict =
  | { status: 'accepted'; durationSeconds: number; warnings: string[] }
  | { status: 'rejected'; reason: RejectionReason; action: RejectionAction; message: string };

export type DurationClass =
  | { kind: 'feature'; ratio: number | undefined; warning: string | undefined }
  | { kind: 'sample'; ratio: number | undefined; message: string };

export function classifyDuration(
  durationSeconds: number,
  expected: ExpectedMedia,
  rules: SampleRules = defaultSampleRules,
): DurationClass {
  const runtime = expected.runtimeSeconds;
  if (!runtime || runtime <= 0) {
    const floor = rules.unknownRuntimeSampleBelow[expected.kind];
    if (durationSeconds < floor) {
      return {
        kind: 'sample',
        ratio: undefined,
        message: `runs ${formatDuration(durationSeconds)}; with no known runtime, a ${expected.kind} under ${formatDuration(floor)} is taken for a sample`,
      };
    }
    return { kind: 'feature', ratio: undefined, warning: undefined };
  }
  const ratio = durationSeconds / runtime;
  const share = `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)} % of the expected ${formatDuration(runtime)}`;
  if (ratio < rules.sampleBelowRuntimeRatio) {
    return { kind: 'sample', ratio, message: `runs ${formatDuration(durationSeconds)}, ${share}: a sample` };
  }
  const warning =
    ratio > rules.warnAboveRuntimeRatio
      ? `runs ${formatDuration(durationSeconds)}, ${share}: longer than expected`
      : undefined;
  return { kind: 'feature', ratio, warning };
}

// ffprobe phrases that mean the data stops before the container says it should.
const truncationWarnings = /ended prematurely|partial file|truncated/i;
// Demuxers that read still images or raw streams: a frame, not a film.
const imageFormats = /^(image2|.*_pipe|gif|apng|webp)$/;

export function verifyMediaFile(
  evidence: VerificationEvidence,
  expected: ExpectedMedia,
  rules: SampleRules = defaultSampleRules,
): Verdict {
  const { probe, content } = evidence;
  if (!probe.ok && probe.failure !== 'not_media') return rejectProbeFailure(probe.failure, probe.message);

  // Zeros first: "unreadable" is true of a zeroed body too, but "zero-filled" tells the user why.
  if (content) {
    const zero = content.windows.filter((w) => w.allZero).length;
    const everyWindow = content.windows.length > 0 && zero === content.windows.length;
    if (zero > rules.maxZeroWindows || everyWindow) {
      return reject(
        'zero_filled',
        'fail_download',
        `${zero} of ${content.windows.length} regions sampled across the file are all zeros: an incomplete or zero-filled download`,
      );
    }
  }
  if (!probe.ok) return rejectProbeFailure(probe.failure, probe.message);
  const info = probe.info;
  const truncation = info.warnings.find((w) => truncationWarnings.test(w));
  if (truncation) {
    return reject(
      'truncated',
      'fail_download',
      `the file stops before its container says it ends (${truncation})`,
    );
  }
  if (!info.video || imageFormats.test(info.formatName)) {
    return reject('not_video', 'fail_download', `no video track in this ${info.container} file`);
  }
  if (!(info.durationSeconds > 0)) {
    return reject('not_video', 'fail_download', 'the file states no duration');
  }

  const duration = classifyDuration(info.durationSeconds, expected, rules);
  if (duration.kind === 'sample') return reject('sample', 'skip', duration.message);

  const warnings: string[] = [];
  if (duration.warning) warnings.push(duration.warning);
  if (content && content.windows.some((w) => w.allZero)) {
    warnings.push('one sampled region is all zeros; the file played as a whole, so it is accepted');
  }
  return { status: 'accepted', durationSeconds: info.durationSeconds, warnings };
}

function rejectProbeFailure(failure: ProbeFailure, message: string): Verdict {
  switch (failure) {
    case 'not_found':
    case 'not_a_file':
      return reject('missing', 'retry', message);
    case 'empty_file':
    case 'zero_filled':
      return reject('zero_filled', 'fail_download', message);
    case 'not_media':
      return reject('unreadable', 'fail_download', message);
    case 'timeout':
    case 'ffprobe_missing':
    case 'ffprobe_failed':
      return reject('probe_unavailable', 'retry', message);
  }
}

function reject(reason: RejectionReason, action: RejectionAction, message: string): Verdict {
  return { status: 'rejected', reason, action, message };
}

export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

export interface SampleContentOptions {
  windows?: number;
  windowBytes?: number;
}

/**
 * Reads `windows` evenly spaced windows (first and last included) and notes which are all zeros.
 * 16 × 64 KiB = 1 MiB read per file, whatever its size: cheap even over NFS.
 */
export async function sampleContent(
  file: string,
  options: SampleContentOptions = {},
): Promise<ContentSample> {
  const count = Math.max(1, options.windows ?? 16);
  const windowBytes = options.windowBytes ?? 64 * 1024;
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const windows: ByteWindow[] = [];
    if (size === 0) return { sizeBytes: 0, windows };
    const length = Math.min(windowBytes, size);
    const span = size - length;
    const offsets = new Set<number>();
    for (let i = 0; i < count; i++) offsets.add(count === 1 ? 0 : Math.floor((span * i) / (count - 1)));
    const buffer = Buffer.alloc(length);
    for (const offset of offsets) {
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      windows.push({
        offset,
        length: bytesRead,
        allZero: buffer.subarray(0, bytesRead).every((b) => b === 0),
      });
    }
    return { sizeBytes: size, windows };
  } finally {
    await handle.close();
  }
}

export interface FileVerification {
  verdict: Verdict;
  /** The media facts, when ffprobe could read the file: store them with the movie file. */
  info: MediaInfo | undefined;
}

export class FileVerifier {
  constructor(
    private readonly probe: MediaProbe,
    private readonly sampler: (file: string) => Promise<ContentSample> = sampleContent,
    private readonly rules: SampleRules = defaultSampleRules,
  ) {}

  async verify(file: string, expected: ExpectedMedia, signal?: AbortSignal): Promise<FileVerification> {
    let outcome: ProbeOutcome;
    try {
      outcome = { ok: true, info: await this.probe.probe(file, signal) };
    } catch (error) {
      if (!(error instanceof MediaProbeError)) throw error;
      outcome = { ok: false, failure: error.failure, message: error.message };
    }
    // A file ffprobe cannot read is still sampled: a zeroed body deserves a precise reason.
    const readable = outcome.ok || outcome.failure === 'not_media';
    const content = readable ? await this.sampler(file) : undefined;
    return {
      verdict: verifyMediaFile({ probe: outcome, content }, expected, this.rules),
      info: outcome.ok ? outcome.info : undefined,
    };
  }
}
