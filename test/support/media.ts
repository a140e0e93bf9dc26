// Makes REAL media files for tests with ffmpeg: any duration (a 2-hour movie in well under a second,
// thanks to tiny frames at a very low frame rate), chosen codecs, audio and subtitle tracks, HDR
// signalling and an exact minimum size; plus the broken files an importer must refuse (zero-filled,
// garbage, truncated, a real header over a zeroed body).
//
//   makeVideo(path, options): Promise<void>
//   makeZeroFilledFile(path, bytes): Promise<void>          sparse: costs no disk
//   makeCorruptFile(path, { kind }): Promise<void>
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type TestVideoCodec = 'h264' | 'hevc' | 'mpeg4' | 'vp9';
export type TestAudioCodec = 'aac' | 'ac3' | 'eac3' | 'flac' | 'opus' | 'mp3';

export interface TestAudioTrack {
  codec: TestAudioCodec;
  channels: 1 | 2 | 6 | 8;
  language?: string;
}

export interface MakeVideoOptions {
  durationSeconds: number;
  /** Defaults to a tiny 64x36: resolution costs encoding time, and most tests only read the header. */
  width?: number;
  height?: number;
  codec?: TestVideoCodec;
  /** 10 needs hevc or vp9. */
  bitDepth?: 8 | 10;
  /** HDR signalling in the stream's colour metadata (hevc, 10 bit). */
  hdr?: 'hdr10' | 'hlg';
  /** Audio tracks; default one stereo AAC track in English. Pass [] for none. */
  audio?: TestAudioTrack[];
  /** Subtitle tracks by language (SubRip; mkv only). */
  subtitles?: string[];
  /**
   * Grow the file to at least this many bytes with a random (incompressible) attachment, so a
   * "right size for the runtime" release can be real. mkv only.
   */
  minSizeBytes?: number;
}

function videoEncoder(codec: TestVideoCodec, hdr: MakeVideoOptions['hdr']): string[] {
  switch (codec) {
    case 'h264':
      return ['-c:v', 'libx264', '-preset', 'ultrafast'];
    case 'hevc': {
      const params = ['log-level=error'];
      if (hdr) {
        params.push('colorprim=bt2020', 'colormatrix=bt2020nc');
        params.push(`transfer=${hdr === 'hdr10' ? 'smpte2084' : 'arib-std-b67'}`);
      }
      if (hdr === 'hdr10') {
        params.push('hdr10=1', 'max-cll=1000,400');
        params.push('master-display=G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,1)');
      }
      return ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', params.join(':')];
    }
    case 'mpeg4':
      return ['-c:v', 'mpeg4'];
    case 'vp9':
      return ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8'];
  }
}

const audioEncoders: Record<TestAudioCodec, string> = {
  aac: 'aac',
  ac3: 'ac3',
  eac3: 'eac3',
  flac: 'flac',
  opus: 'libopus',
  mp3: 'libmp3lame',
};

const channelLayouts: Record<TestAudioTrack['channels'], string> = {
  1: 'mono',
  2: 'stereo',
  6: '5.1',
  8: '7.1',
};

export async function makeVideo(file: string, options: MakeVideoOptions): Promise<void> {
  const { durationSeconds } = options;
  if (!(durationSeconds > 0))
    throw new Error(`makeVideo: durationSeconds must be > 0, got ${durationSeconds}`);
  const width = options.width ?? 64;
  const height = options.height ?? 36;
  const codec = options.codec ?? 'h264';
  const bitDepth = options.bitDepth ?? (options.hdr ? 10 : 8);
  const audio = options.audio ?? [{ codec: 'aac', channels: 2, language: 'eng' }];
  const subtitles = options.subtitles ?? [];
  const container = path.extname(file).slice(1).toLowerCase();
  if ((subtitles.length > 0 || options.minSizeBytes) && container !== 'mkv') {
    throw new Error('makeVideo: subtitles and minSizeBytes need an .mkv file');
  }
  if (options.hdr && codec !== 'hevc') throw new Error('makeVideo: hdr needs codec hevc');

  // At most ~120 frames whatever the duration: encoding cost stays flat, the container still
  // records the full duration because the frames really are spread over it.
  const frames = Math.max(2, Math.min(120, Math.ceil(durationSeconds)));
  const rate = `${frames * 1000}/${Math.round(durationSeconds * 1000)}`;

  await mkdir(path.dirname(file), { recursive: true });
  const scratch = await mkdtemp(path.join(tmpdir(), 'omniarr-media-'));
  try {
    const args = ['-hide_banner', '-loglevel', 'error', '-y'];
    args.push('-f', 'lavfi', '-i', `color=c=black:s=${width}x${height}:r=${rate}`);
    for (const track of audio) {
      // One second of audio is enough for every probe; a 2-hour audio track would cost seconds.
      args.push('-f', 'lavfi', '-t', '1', '-i', `anullsrc=r=48000:cl=${channelLayouts[track.channels]}`);
    }
    for (const [index] of subtitles.entries()) {
      const srt = path.join(scratch, `${index}.srt`);
      await writeFile(srt, '1\n00:00:00,000 --> 00:00:01,000\nHello\n');
      args.push('-i', srt);
    }
    args.push('-t', String(durationSeconds));
    const inputs = 1 + audio.length + subtitles.length;
    for (let i = 0; i < inputs; i++) args.push('-map', String(i));

    args.push(...videoEncoder(codec, options.hdr));
    args.push('-pix_fmt', bitDepth === 10 ? 'yuv420p10le' : 'yuv420p');
    for (const [index, track] of audio.entries()) {
      args.push(`-c:a:${index}`, audioEncoders[track.codec]);
      if (track.language) args.push(`-metadata:s:a:${index}`, `language=${track.language}`);
    }
    for (const [index, language] of subtitles.entries()) {
      args.push(`-c:s:${index}`, 'srt', `-metadata:s:s:${index}`, `language=${language}`);
    }
    if (options.minSizeBytes) {
      const filler = path.join(scratch, 'filler.bin');
      await writeIncompressible(filler, options.minSizeBytes);
      args.push('-attach', filler, '-metadata:s:t', 'mimetype=application/octet-stream');
    }
    args.push(file);
    await run('ffmpeg', args, { timeout: 120_000 });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A sparse file of `bytes` zeros: what a client leaves when a download "completes" with no data. */
export async function makeZeroFilledFile(file: string, bytes: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, '');
  await truncate(file, bytes);
}

export type CorruptKind =
  /** Random bytes: no container at all. */
  | 'garbage'
  /** The first KiB of a real 2-hour mkv: the header promises more than the file holds. */
  | 'truncated'
  /** A real mkv header followed by zeros (a torrent with only its first piece, or a zeroed body). */
  | 'zeroed-body';

export async function makeCorruptFile(
  file: string,
  options: { kind?: CorruptKind; bytes?: number } = {},
): Promise<void> {
  const kind = options.kind ?? 'garbage';
  const bytes = options.bytes ?? 1024 * 1024;
  await mkdir(path.dirname(file), { recursive: true });
  if (kind === 'garbage') {
    await writeIncompressible(file, bytes);
    return;
  }
  const scratch = await mkdtemp(path.join(tmpdir(), 'omniarr-media-'));
  try {
    const real = path.join(scratch, 'real.mkv');
    await makeVideo(real, {
      durationSeconds: 7200,
      minSizeBytes: kind === 'zeroed-body' ? bytes : undefined,
    });
    const keep = kind === 'truncated' ? 1024 : 4096;
    const source = await open(real, 'r');
    const head = Buffer.alloc(keep);
    try {
      await source.read(head, 0, keep, 0);
    } finally {
      await source.close();
    }
    await writeFile(file, head);
    if (kind === 'zeroed-body') await truncate(file, Math.max(bytes, (await stat(real)).size));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function writeIncompressible(file: string, bytes: number): Promise<void> {
  // One random MiB repeated: incompressible enough for any codec, cheap to produce for gigabytes.
  const block = randomBytes(Math.min(bytes, 1024 * 1024));
  const handle = await open(file, 'w');
  try {
    for (let written = 0; written < bytes; written += block.length) {
      await handle.write(block, 0, Math.min(block.length, bytes - written));
    }
  } finally {
    await handle.close();
  }
}
