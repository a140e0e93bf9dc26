// Owns finding the video files worth importing in a finished download (one file or a folder), and
// saying why every other file was left out, so "import blocked" always comes with reasons.
//
//   classifyByName(relativePath, kind, isFolder): NameRule | undefined    pure name rules
//   class CandidateFinder  constructor(verifier: Verifier, options?)
//     find(contentPath, expected: ExpectedMedia, signal?): Promise<CandidateListing>
//
// Left out by name: partial and temporary files (.!qB, .part, _UNPACK_*, our own staging files),
// hidden files, extras/featurettes/sample folders, Jellyfin-style extra suffixes (-trailer), disc
// structures and archives. Left out by content: samples, by the verification rule (real duration
// against the expected runtime). Symlinks are never followed out of the download, nor into folders.
import type { Dirent } from 'node:fs';
import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError } from '../shared/errors.js';
import type { MediaInfo } from './media-probe.js';
import { isTransferTemporary } from './transfer.js';
import type { ExpectedMedia, FileVerification, MediaKind, Verdict } from './verification.js';

export type SkipReason =
  | 'partial'
  | 'hidden'
  | 'not_video'
  | 'extras_folder'
  | 'sample_folder'
  | 'extra'
  | 'sample'
  | 'disc_image'
  | 'archive'
  | 'symlink_outside'
  | 'symlink_folder'
  | 'symlink_duplicate'
  | 'too_deep'
  | 'too_many_files';

export interface SkippedFile {
  path: string;
  /** Relative to the download's content path ("" when the content path is the file itself). */
  relativePath: string;
  reason: SkipReason;
  message: string;
}

export interface CandidateFile {
  path: string;
  relativePath: string;
  sizeBytes: number;
  /** Accepted, or rejected for a reason that concerns the whole download (corrupt, zero-filled, …). */
  verdict: Verdict;
  info: MediaInfo | undefined;
}

export interface CandidateListing {
  candidates: CandidateFile[];
  skipped: SkippedFile[];
}

export interface Verifier {
  verify(file: string, expected: ExpectedMedia, signal?: AbortSignal): Promise<FileVerification>;
}

export const videoExtensions: ReadonlySet<string> = new Set([
  '.mkv', '.mp4', '.m4v', '.avi', '.mov', '.wmv', '.mpg', '.mpeg', '.ts', '.m2ts', '.mts',
  '.webm', '.flv', '.ogm', '.ogv', '.divx', '.xvid', '.vob', '.3gp', '.asf', '.rmvb', '.strm',
]); // prettier-ignore

const partialSuffixes = /\.(!qb|part|partial|crdownload|tmp|!ut|bc!|aria2|download|filepart|dctmp)$/i;
const unpackFolder = /^(_unpack_|_failed_|_admin_|\.incomplete|incomplete)/i;
const discImages = /\.(iso|img|mdf|nrg)$/i;
const discFolders = /^(video_ts|bdmv|audio_ts|hvdvd_ts)$/i;
const archives = /\.(rar|r\d{2}|zip|7z|\d{3}|tar|gz)$/i;
const sampleFolders = /^samples?$/i;
const extrasFolders =
  /^(extras?|featurettes?|behind the scenes|deleted scenes|interviews|scenes|shorts|trailers?|others?|bonus|bonus features)$/i;
// Jellyfin's extra suffixes; the distinctive words may follow any separator, the plain ones only '-'.
const extraSuffix =
  /(?:[-._ ](?:trailer|featurette)|-(?:behindthescenes|deleted|deletedscene|interview|scene|short|extra|other))$/i;
const sampleWord = /(?:^|[-._ [(])sample(?:[-._ \])]|$)/i;

export interface NameRule {
  reason: SkipReason;
  message: string;
}

/** The name-only rules, for a file or a folder at `relativePath` inside the download. */
export function classifyByName(
  relativePath: string,
  kind: MediaKind,
  isFolder: boolean,
): NameRule | undefined {
  const name = path.basename(relativePath);
  if (isFolder) {
    if (unpackFolder.test(name))
      return { reason: 'partial', message: `"${name}" is a download client's unpack or incomplete folder` };
    if (discFolders.test(name))
      return {
        reason: 'disc_image',
        message: `"${name}" is a disc structure; only video files are imported`,
      };
    if (sampleFolders.test(name)) return { reason: 'sample_folder', message: `"${name}" holds samples` };
    // TV keeps specials in "Specials" (season 0); movies have no such folder, so it is not listed.
    if (extrasFolders.test(name))
      return { reason: 'extras_folder', message: `"${name}" holds extras, not the ${kind}` };
    if (name.startsWith('.')) return { reason: 'hidden', message: `"${name}" is a hidden folder` };
    return undefined;
  }
  if (isTransferTemporary(name)) return { reason: 'partial', message: `"${name}" is an import in progress` };
  if (partialSuffixes.test(name))
    return { reason: 'partial', message: `"${name}" is still being downloaded or written` };
  if (name.startsWith('.')) return { reason: 'hidden', message: `"${name}" is a hidden file` };
  if (discImages.test(name))
    return { reason: 'disc_image', message: `"${name}" is a disc image; only video files are imported` };
  if (archives.test(name))
    return { reason: 'archive', message: `"${name}" is an archive; it needs unpacking first` };
  const extension = path.extname(name).toLowerCase();
  if (!videoExtensions.has(extension))
    return { reason: 'not_video', message: `"${name}" is not a video file` };
  const stem = name.slice(0, name.length - extension.length);
  if (extraSuffix.test(stem))
    return { reason: 'extra', message: `"${name}" is named as an extra (trailer, featurette, …)` };
  return undefined;
}

export interface CandidateFinderOptions {
  maxDepth?: number;
  maxEntries?: number;
}

interface FoundFile {
  path: string;
  relativePath: string;
  sizeBytes: number;
}

export class CandidateFinder {
  private readonly maxDepth: number;
  private readonly maxEntries: number;

  constructor(
    private readonly verifier: Verifier,
    options: CandidateFinderOptions = {},
  ) {
    this.maxDepth = options.maxDepth ?? 6;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  async find(contentPath: string, expected: ExpectedMedia, signal?: AbortSignal): Promise<CandidateListing> {
    const root = await realpath(contentPath).catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) throw new NotFoundError(`download content ${contentPath} does not exist`);
      throw error;
    });
    const skipped: SkippedFile[] = [];
    const files: FoundFile[] = [];
    const rootStats = await stat(root);
    if (rootStats.isDirectory()) {
      await this.walk(root, root, 0, expected.kind, files, skipped);
    } else {
      const rule = classifyByName(path.basename(root), expected.kind, false);
      if (rule) skipped.push({ path: root, relativePath: '', ...rule });
      else files.push({ path: root, relativePath: '', sizeBytes: rootStats.size });
    }

    const candidates: CandidateFile[] = [];
    for (const file of files) {
      signal?.throwIfAborted();
      const { verdict, info } = await this.verifier.verify(file.path, expected, signal);
      const namedSample = sampleWord.test(path.basename(file.path, path.extname(file.path)));
      if (verdict.status === 'rejected' && (verdict.reason === 'sample' || namedSample)) {
        // A broken file named "sample" says nothing about the download: skip it, do not fail on it.
        const message =
          verdict.reason === 'sample' ? verdict.message : `named as a sample and ${verdict.message}`;
        skipped.push({ path: file.path, relativePath: file.relativePath, reason: 'sample', message });
        continue;
      }
      candidates.push({ ...file, verdict, info });
    }
    const byPath = (a: { relativePath: string }, b: { relativePath: string }) =>
      a.relativePath.localeCompare(b.relativePath);
    return { candidates: candidates.sort(byPath), skipped: skipped.sort(byPath) };
  }

  private async walk(
    root: string,
    dir: string,
    depth: number,
    kind: MediaKind,
    files: FoundFile[],
    skipped: SkippedFile[],
  ): Promise<void> {
    const entries: Dirent[] = [];
    for await (const entry of await opendir(dir)) entries.push(entry);
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const relativePath = path.relative(root, full);
      if (files.length + skipped.length >= this.maxEntries) {
        skipped.push({
          path: full,
          relativePath,
          reason: 'too_many_files',
          message: `more than ${this.maxEntries} entries; the rest were not read`,
        });
        return;
      }
      if (entry.isSymbolicLink()) {
        await this.symlink(root, full, relativePath, kind, skipped);
      } else if (entry.isDirectory()) {
        const rule = classifyByName(relativePath, kind, true);
        if (rule) skipped.push({ path: full, relativePath, ...rule });
        else if (depth + 1 > this.maxDepth) {
          skipped.push({
            path: full,
            relativePath,
            reason: 'too_deep',
            message: `deeper than ${this.maxDepth} folders`,
          });
        } else await this.walk(root, full, depth + 1, kind, files, skipped);
      } else if (entry.isFile()) {
        const rule = classifyByName(relativePath, kind, false);
        if (rule) skipped.push({ path: full, relativePath, ...rule });
        else files.push({ path: full, relativePath, sizeBytes: (await lstat(full)).size });
      } else {
        skipped.push({
          path: full,
          relativePath,
          reason: 'not_video',
          message: `"${entry.name}" is not a regular file`,
        });
      }
    }
  }

  private async symlink(
    root: string,
    link: string,
    relativePath: string,
    kind: MediaKind,
    skipped: SkippedFile[],
  ): Promise<void> {
    const target = await realpath(link).catch(() => undefined);
    const inside =
      target !== undefined &&
      !path.relative(root, target).startsWith('..') &&
      !path.isAbsolute(path.relative(root, target));
    if (!target || !inside) {
      skipped.push({
        path: link,
        relativePath,
        reason: 'symlink_outside',
        message: `"${relativePath}" links outside the download (or nowhere)`,
      });
      return;
    }
    const targetStats = await stat(target);
    if (targetStats.isDirectory()) {
      skipped.push({
        path: link,
        relativePath,
        reason: 'symlink_folder',
        message: `"${relativePath}" links to a folder; links are not followed into folders`,
      });
      return;
    }
    const rule = classifyByName(relativePath, kind, false);
    if (rule) skipped.push({ path: link, relativePath, ...rule });
    // The target lies inside the download and is listed in its own right: import it once.
    else
      skipped.push({
        path: link,
        relativePath,
        reason: 'symlink_duplicate',
        message: `"${relativePath}" is a link to ${path.relative(root, target)}, which is listed itself`,
      });
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
