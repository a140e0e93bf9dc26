// Owns reading a media file's technical facts (duration, container, video/audio/subtitle tracks, HDR)
// through ffprobe, and naming why a file could not be read (missing, empty, zero-filled, not media).
//
//   interface MediaProbe { probe(file, signal?): Promise<MediaInfo> }   throws MediaProbeError
//   class FfprobeMediaProbe implements MediaProbe     constructor({ ffprobePath?, timeoutMs? })
//   mapFfprobeOutput(raw: FfprobeOutput, stderr): MediaInfo             pure, exported for tests
//
// ffprobe runs as a child process with a timeout, only the `file` protocol allowed (a playlist
// disguised as .mkv must not make us fetch URLs), and its JSON is validated before use.
import { execFile } from 'node:child_process';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { DomainError, type ErrorCode } from '../shared/errors.js';
import { type FfprobeOutput, ffprobeOutputSchema, type FfprobeStream } from './ffprobe.types.js';

export type DynamicRange = 'SDR' | 'HDR10' | 'HLG' | 'DV' | 'DV HDR10' | 'DV HLG';

export interface VideoTrack {
  /** ffprobe's codec name: h264, hevc, av1, mpeg4, vp9, … */
  codec: string;
  profile: string | undefined;
  width: number;
  height: number;
  bitDepth: number | undefined;
  dynamicRange: DynamicRange;
  framesPerSecond: number | undefined;
  /** The encoder named in the stream's tags (e.g. "libx264"), when the muxer kept it. */
  encoder: string | undefined;
}

export interface AudioTrack {
  /** ffprobe's codec name: aac, ac3, eac3, dts, truehd, flac, opus, … */
  codec: string;
  /** e.g. "DTS-HD MA", "LC"; undefined when ffprobe names none. */
  profile: string | undefined;
  channels: number;
  channelLayout: string | undefined;
  /** ISO 639-2 code as tagged; undefined when untagged or "und". */
  language: string | undefined;
  isDefault: boolean;
}

export interface SubtitleTrack {
  codec: string;
  language: string | undefined;
  forced: boolean;
}

export interface MediaInfo {
  /** Short container name: mkv, mp4, avi, ts, wmv, … (ffprobe's first name when unknown). */
  container: string;
  /** ffprobe's full format name, e.g. "matroska,webm". */
  formatName: string;
  /** 0 when the file states no duration. */
  durationSeconds: number;
  sizeBytes: number | undefined;
  bitRate: number | undefined;
  /** The main video track (cover art is not one); undefined for audio-only or image files. */
  video: VideoTrack | undefined;
  audio: AudioTrack[];
  subtitles: SubtitleTrack[];
  /** What ffprobe complained about while reading (e.g. "File ended prematurely"). */
  warnings: string[];
}

export type ProbeFailure =
  | 'not_found'
  | 'not_a_file'
  | 'empty_file'
  | 'zero_filled'
  | 'not_media'
  | 'timeout'
  | 'ffprobe_missing'
  | 'ffprobe_failed';

/** Failures that say something about the file; the others are about our ability to read it. */
const fileFailures: ReadonlySet<ProbeFailure> = new Set([
  'not_found',
  'not_a_file',
  'empty_file',
  'zero_filled',
  'not_media',
]);

export class MediaProbeError extends DomainError {
  readonly code: ErrorCode;

  constructor(
    readonly file: string,
    readonly failure: ProbeFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${message}`, { failure }, options);
    this.code = fileFailures.has(failure) ? 'bad_request' : 'unavailable';
  }

  /** True when the file itself is at fault (as opposed to ffprobe missing or timing out). */
  get isFileProblem(): boolean {
    return fileFailures.has(this.failure);
  }
}

export interface MediaProbe {
  probe(file: string, signal?: AbortSignal): Promise<MediaInfo>;
}

export interface FfprobeOptions {
  ffprobePath?: string;
  /** Whole-probe budget; a corrupt file can make ffprobe wander, NFS can be slow. Default 30 s. */
  timeoutMs?: number;
}

// ffmpeg's AVERROR_INVALIDDATA (the bytes are no format it knows) and AVERROR_EOF (the file ends
// before the header does): both are the file's fault.
const AVERROR_INVALIDDATA = -1094995529;
const AVERROR_EOF = -541478725;

export class FfprobeMediaProbe implements MediaProbe {
  private readonly ffprobePath: string;
  private readonly timeoutMs: number;

  constructor(options: FfprobeOptions = {}) {
    this.ffprobePath = options.ffprobePath ?? 'ffprobe';
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async probe(file: string, signal?: AbortSignal): Promise<MediaInfo> {
    const absolute = path.resolve(file);
    const stats = await stat(absolute).catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) throw new MediaProbeError(absolute, 'not_found', 'file does not exist');
      throw error;
    });
    if (!stats.isFile()) throw new MediaProbeError(absolute, 'not_a_file', 'not a regular file');
    if (stats.size === 0) throw new MediaProbeError(absolute, 'empty_file', 'file is empty (0 bytes)');

    const { stdout, stderr, exitError } = await this.run(absolute, signal);
    const parsed = ffprobeOutputSchema.safeParse(parseJson(stdout));
    if (!parsed.success) {
      throw new MediaProbeError(
        absolute,
        'ffprobe_failed',
        `ffprobe printed unexpected output: ${firstLine(stderr)}`,
        {
          cause: parsed.error,
        },
      );
    }
    const output = parsed.data;
    if (output.error || exitError) {
      const code = output.error?.code;
      if (code === AVERROR_INVALIDDATA || code === AVERROR_EOF) {
        if (await startsWithZeros(absolute)) {
          throw new MediaProbeError(
            absolute,
            'zero_filled',
            'file holds only zeros where its header should be',
          );
        }
        const why =
          code === AVERROR_EOF ? 'the file ends inside its own header' : 'not a media file ffprobe can read';
        throw new MediaProbeError(absolute, 'not_media', why);
      }
      const reason = output.error?.string ?? firstLine(stderr) ?? exitError?.message ?? 'unknown error';
      throw new MediaProbeError(absolute, 'ffprobe_failed', `ffprobe failed: ${reason}`, {
        cause: exitError,
      });
    }
    if (!output.format || !output.streams) {
      throw new MediaProbeError(absolute, 'ffprobe_failed', 'ffprobe printed no format or streams');
    }
    return mapFfprobeOutput(output, stderr);
  }

  private run(
    file: string,
    signal?: AbortSignal,
  ): Promise<{ stdout: string; stderr: string; exitError?: Error }> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const args = [
      '-v',
      'error',
      '-hide_banner',
      '-protocol_whitelist',
      'file',
      '-print_format',
      'json',
      '-show_error',
      '-show_format',
      '-show_streams',
      '-i',
      `file:${file}`,
    ];
    return new Promise((resolve, reject) => {
      execFile(
        this.ffprobePath,
        args,
        { signal: combined, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (!error) return resolve({ stdout, stderr });
          if (isErrno(error, 'ENOENT') && stdout === '') {
            return reject(
              new MediaProbeError(file, 'ffprobe_missing', `ffprobe not found at "${this.ffprobePath}"`),
            );
          }
          if (error.name === 'AbortError') {
            const message = timeout.aborted
              ? `ffprobe did not answer within ${this.timeoutMs} ms`
              : 'probe cancelled';
            return reject(new MediaProbeError(file, 'timeout', message, { cause: error }));
          }
          // A non-zero exit still prints the JSON error object; the caller reads it.
          resolve({ stdout, stderr, exitError: error });
        },
      );
    });
  }
}

export function mapFfprobeOutput(output: FfprobeOutput, stderr = ''): MediaInfo {
  const format = output.format ?? { format_name: 'unknown' };
  const streams = output.streams ?? [];
  const videoStream = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const formatDuration = toNumber(format.duration);
  const streamDurations = streams.map(streamDuration).filter((d): d is number => d !== undefined);
  return {
    container: shortContainerName(format.format_name),
    formatName: format.format_name,
    durationSeconds: formatDuration ?? (streamDurations.length > 0 ? Math.max(...streamDurations) : 0),
    sizeBytes: toNumber(format.size),
    bitRate: toNumber(format.bit_rate),
    video: videoStream ? mapVideo(videoStream) : undefined,
    audio: streams.filter((s) => s.codec_type === 'audio').map(mapAudio),
    subtitles: streams
      .filter((s) => s.codec_type === 'subtitle')
      .map((s) => ({
        codec: s.codec_name ?? 'unknown',
        language: language(s),
        forced: s.disposition?.forced === 1,
      })),
    warnings: stderr
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== ''),
  };
}

function mapVideo(stream: FfprobeStream): VideoTrack {
  return {
    codec: stream.codec_name ?? 'unknown',
    profile: stream.profile,
    width: stream.width ?? 0,
    height: stream.height ?? 0,
    bitDepth: bitDepth(stream),
    dynamicRange: dynamicRange(stream),
    framesPerSecond: frameRate(stream.avg_frame_rate) ?? frameRate(stream.r_frame_rate),
    encoder: tag(stream, 'encoder'),
  };
}

function mapAudio(stream: FfprobeStream): AudioTrack {
  return {
    codec: stream.codec_name ?? 'unknown',
    profile: stream.profile,
    channels: stream.channels ?? 0,
    channelLayout: stream.channel_layout,
    language: language(stream),
    isDefault: stream.disposition?.default === 1,
  };
}

function dynamicRange(stream: FfprobeStream): DynamicRange {
  const transfer = stream.color_transfer;
  const dolbyVision = (stream.side_data_list ?? []).some((d) =>
    /dovi|dolby vision/i.test(d.side_data_type ?? ''),
  );
  if (dolbyVision) {
    if (transfer === 'smpte2084') return 'DV HDR10';
    if (transfer === 'arib-std-b67') return 'DV HLG';
    return 'DV';
  }
  if (transfer === 'smpte2084') return 'HDR10';
  if (transfer === 'arib-std-b67') return 'HLG';
  return 'SDR';
}

function bitDepth(stream: FfprobeStream): number | undefined {
  const raw = toNumber(stream.bits_per_raw_sample);
  if (raw) return raw;
  const pixelFormat = stream.pix_fmt;
  if (!pixelFormat) return undefined;
  const explicit = /p(\d{1,2})(?:le|be)$/.exec(pixelFormat);
  if (explicit?.[1]) return Number(explicit[1]);
  // Formats without a depth suffix (yuv420p, nv12, yuvj420p, …) are 8 bits per component.
  return /^(yuvj?4\d\dp|nv12|nv21|gray)$/.test(pixelFormat) ? 8 : undefined;
}

function streamDuration(stream: FfprobeStream): number | undefined {
  const direct = toNumber(stream.duration);
  if (direct !== undefined) return direct;
  // Matroska keeps per-stream durations only as a "HH:MM:SS.nnnnnnnnn" tag.
  const tagged = tag(stream, 'duration');
  const match = tagged ? /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(tagged) : null;
  if (!match) return undefined;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

const containers: Array<[RegExp, string]> = [
  [/^matroska/, 'mkv'],
  [/^mov,mp4/, 'mp4'],
  [/^avi$/, 'avi'],
  [/^mpegts$/, 'ts'],
  [/^asf$/, 'wmv'],
  [/^flv$/, 'flv'],
  [/^mpeg$/, 'mpeg'],
  [/^ogg$/, 'ogg'],
];

function shortContainerName(formatName: string): string {
  for (const [pattern, name] of containers) if (pattern.test(formatName)) return name;
  return formatName.split(',')[0] ?? formatName;
}

function language(stream: FfprobeStream): string | undefined {
  const value = tag(stream, 'language')?.toLowerCase();
  return value && value !== 'und' ? value : undefined;
}

/** Tags are case-insensitive in practice: mkv writes DURATION, mp4 writes duration. */
function tag(stream: FfprobeStream, name: string): string | undefined {
  for (const [key, value] of Object.entries(stream.tags ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}

function frameRate(value: string | undefined): number | undefined {
  const match = value ? /^(\d+)\/(\d+)$/.exec(value) : null;
  if (!match || Number(match[2]) === 0) return undefined;
  return Number(match[1]) / Number(match[2]);
}

function toNumber(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string | undefined {
  return text.split('\n').find((line) => line.trim() !== '');
}

async function startsWithZeros(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return bytesRead > 0 && buffer.subarray(0, bytesRead).every((byte) => byte === 0);
  } finally {
    await handle.close();
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
