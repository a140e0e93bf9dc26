// Owns putting a downloaded file into the library without ever leaving a half file under a library
// name and without ever overwriting a library file by accident.
//
//   class FileTransfer  constructor({ recycleBin?, clock? })
//     transfer(request: TransferRequest): Promise<TransferResult>
//     removeLeftovers(dir, olderThanMs): Promise<string[]>     sweep temporaries of crashed runs
//   probeHardlinks(dirA, dirB): Promise<HardlinkProbe>           for health checks and `omniarr doctor`
//   temporaryPathFor(destination): string, isTransferTemporary(fileName): boolean
//
// The steps, each safe to crash after:
//   1. stage: hardlink the source to a temporary name in the destination folder (same filesystem), or
//      copy it there and fsync (EXDEV, or hardlinks unsupported, or copies asked for);
//   2. recycle: only now move the files this one supersedes (an upgrade) to the recycle bin;
//   3. place: link the temporary to the final name (fails if a file appeared there), drop the
//      temporary, fsync the folder; 4. for a move, remove the source last.
// The temporary's name derives from the destination, so a rerun finds and reuses (hardlink) or
// discards (partial copy) what a crashed run left; a rerun after step 3 sees the job already done.
import { createHash, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import {
  copyFile,
  link,
  lstat,
  mkdir,
  open,
  readdir,
  realpath,
  rename,
  stat,
  unlink,
  utimes,
} from 'node:fs/promises';
import path from 'node:path';
import { type Clock, systemClock } from '../shared/clock.js';
import { BadRequestError, ConflictError, NotFoundError } from '../shared/errors.js';

export type TransferMode = 'hardlink' | 'copy' | 'move';

export interface TransferRequest {
  source: string;
  /** The final library path. Its folder is created when missing. */
  destination: string;
  /** The library root folder: the destination must lie inside it; recycled files keep their path below it. */
  libraryRoot: string;
  /** The download client no longer needs the source (usenet, or seeding finished): move it. */
  allowMove?: boolean;
  /** Copy even where a hardlink would work (the user turned hardlinks off). */
  preferCopy?: boolean;
  /** Library files this import supersedes (an upgrade); recycled only once the new file is staged. */
  replaces?: string[];
}

export interface RecycledFile {
  from: string;
  /** Where it went in the recycle bin; undefined when no bin is configured and it was deleted. */
  to: string | undefined;
}

export interface TransferResult {
  mode: TransferMode;
  destination: string;
  sizeBytes: number;
  /** Source and destination are on different filesystems (EXDEV): the file was copied. */
  crossDevice: boolean;
  /** An earlier, interrupted run had already placed this very file; nothing was written. */
  alreadyInPlace: boolean;
  recycled: RecycledFile[];
}

export interface FileTransferOptions {
  /** Where superseded library files go; without one they are deleted once the new file is in place. */
  recycleBin?: string;
  clock?: Clock;
}

const temporaryName = /^\.omniarr-[0-9a-f]{16}\.partial$/;

/** The staging name for a destination: hidden, not a video extension, short enough for any name. */
export function temporaryPathFor(destination: string): string {
  const digest = createHash('sha256').update(path.basename(destination)).digest('hex').slice(0, 16);
  return path.join(path.dirname(destination), `.omniarr-${digest}.partial`);
}

export function isTransferTemporary(fileName: string): boolean {
  return temporaryName.test(fileName);
}

export class FileTransfer {
  private readonly recycleBin: string | undefined;
  private readonly clock: Clock;

  constructor(options: FileTransferOptions = {}) {
    this.recycleBin = options.recycleBin ? path.resolve(options.recycleBin) : undefined;
    this.clock = options.clock ?? systemClock;
  }

  async transfer(request: TransferRequest): Promise<TransferResult> {
    const root = path.resolve(request.libraryRoot);
    const destination = path.resolve(request.destination);
    assertInside(root, destination, 'destination');
    const replaces = (request.replaces ?? []).map((file) => path.resolve(file));
    for (const file of replaces) assertInside(root, file, 'file to replace');

    const source = await realpath(request.source).catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) throw new NotFoundError(`source file ${request.source} does not exist`);
      throw error;
    });
    const sourceStats = await stat(source);
    if (!sourceStats.isFile()) throw new BadRequestError(`source ${request.source} is not a regular file`);
    if (source === destination)
      throw new BadRequestError(`source and destination are the same file: ${source}`);
    await mkdir(path.dirname(destination), { recursive: true });

    const existing = await statOrUndefined(destination);
    if (existing) {
      // The incoming file itself (a rerun after a crash), linked or copied: finish, write nothing.
      if (sameFile(existing, sourceStats) || (await looksIdentical(source, destination))) {
        return this.finishAlreadyPlaced(request, source, destination, sourceStats.size, replaces, root);
      }
      if (!replaces.includes(destination)) {
        throw new ConflictError(
          `${destination} already exists and is not the file being imported; refusing to overwrite it`,
        );
      }
    }

    const temporary = temporaryPathFor(destination);
    const staged = await this.stage(source, sourceStats, temporary, request.preferCopy === true);
    const recycled = await this.recycleAll(replaces, root, sourceStats);
    try {
      await placeWithoutOverwriting(temporary, destination);
    } catch (error) {
      await unlinkIfPresent(temporary);
      throw error;
    }
    await syncDirectory(path.dirname(destination));
    if (request.allowMove) await unlink(source);

    return {
      mode: request.allowMove ? 'move' : staged.linked ? 'hardlink' : 'copy',
      destination,
      sizeBytes: sourceStats.size,
      crossDevice: staged.crossDevice,
      alreadyInPlace: false,
      recycled,
    };
  }

  /** Deletes our temporaries in `dir` untouched for `olderThanMs` (ctime: a new link counts as a touch). */
  async removeLeftovers(dir: string, olderThanMs: number): Promise<string[]> {
    const removed: string[] = [];
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    });
    const cutoff = this.clock.now() - olderThanMs;
    for (const entry of entries) {
      if (!entry.isFile() || !isTransferTemporary(entry.name)) continue;
      const file = path.join(dir, entry.name);
      const stats = await statOrUndefined(file);
      if (stats && stats.ctimeMs <= cutoff) {
        await unlinkIfPresent(file);
        removed.push(file);
      }
    }
    return removed;
  }

  private async finishAlreadyPlaced(
    request: TransferRequest,
    source: string,
    destination: string,
    sizeBytes: number,
    replaces: string[],
    root: string,
  ): Promise<TransferResult> {
    // A crash between placing and recording: finish the remaining steps, write nothing new.
    const placed = await stat(destination);
    const recycled = await this.recycleAll(
      replaces.filter((file) => file !== destination),
      root,
      placed,
    );
    await unlinkIfPresent(temporaryPathFor(destination));
    const sourceStats = await stat(source);
    const linked = sameFile(placed, sourceStats);
    if (request.allowMove) await unlink(source);
    return {
      mode: request.allowMove ? 'move' : linked ? 'hardlink' : 'copy',
      destination,
      sizeBytes,
      crossDevice: placed.dev !== sourceStats.dev,
      alreadyInPlace: true,
      recycled,
    };
  }

  private async stage(
    source: string,
    sourceStats: Awaited<ReturnType<typeof stat>>,
    temporary: string,
    preferCopy: boolean,
  ): Promise<{ linked: boolean; crossDevice: boolean }> {
    const leftover = await statOrUndefined(temporary);
    if (leftover && sameFile(leftover, sourceStats) && !preferCopy)
      return { linked: true, crossDevice: false };
    // A leftover copy may be partial: never trust it.
    if (leftover) await unlink(temporary);

    let crossDevice = false;
    if (!preferCopy) {
      try {
        await link(source, temporary);
        return { linked: true, crossDevice: false };
      } catch (error) {
        if (isErrno(error, 'EXDEV')) crossDevice = true;
        else if (!cannotHardlink(error)) throw error;
      }
    }
    try {
      // FICLONE: an instant copy-on-write clone where the filesystem offers one (btrfs, XFS), else a copy.
      await copyFile(source, temporary, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
      await syncFile(temporary);
      const copied = await stat(temporary);
      if (copied.size !== sourceStats.size) {
        throw new Error(`copy of ${source} has ${copied.size} bytes instead of ${sourceStats.size}`);
      }
    } catch (error) {
      await unlinkIfPresent(temporary);
      throw error;
    }
    return { linked: false, crossDevice };
  }

  private async recycleAll(
    files: string[],
    root: string,
    incoming: Awaited<ReturnType<typeof stat>>,
  ): Promise<RecycledFile[]> {
    const recycled: RecycledFile[] = [];
    for (const file of files) {
      const stats = await statOrUndefined(file);
      // Gone already (an earlier run recycled it), or it is the incoming file itself: nothing to do.
      if (!stats || sameFile(stats, incoming)) continue;
      recycled.push({ from: file, to: await this.recycle(file, root) });
    }
    return recycled;
  }

  private async recycle(file: string, root: string): Promise<string | undefined> {
    if (!this.recycleBin) {
      await unlink(file);
      return undefined;
    }
    const target = await this.freeRecycleName(path.join(this.recycleBin, path.relative(root, file)));
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await rename(file, target);
    } catch (error) {
      if (!isErrno(error, 'EXDEV')) throw error;
      const temporary = temporaryPathFor(target);
      await unlinkIfPresent(temporary);
      await copyFile(file, temporary, constants.COPYFILE_EXCL);
      await syncFile(temporary);
      await placeWithoutOverwriting(temporary, target);
      await unlink(file);
    }
    await syncDirectory(path.dirname(target));
    // The bin is emptied by age: age counts from recycling, not from the file's last change.
    const now = new Date(this.clock.now());
    await utimes(target, now, now);
    return target;
  }

  private async freeRecycleName(wanted: string): Promise<string> {
    if (!(await statOrUndefined(wanted))) return wanted;
    const extension = path.extname(wanted);
    const stem = wanted.slice(0, wanted.length - extension.length);
    const stamp = new Date(this.clock.now())
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')
      .replace(/[:]/g, '-');
    for (let attempt = 0; ; attempt++) {
      const candidate = `${stem} (recycled ${stamp}${attempt > 0 ? ` ${attempt + 1}` : ''})${extension}`;
      if (!(await statOrUndefined(candidate))) return candidate;
    }
  }
}

export interface HardlinkProbe {
  /** Both folders report the same device id. */
  sameDevice: boolean;
  /** A hardlink from one to the other really worked (two bind mounts of one disk can still refuse). */
  hardlinks: boolean;
  message: string;
}

/** Tries a real hardlink from `fromDir` to `toDir` (e.g. downloads → library) and cleans up. */
export async function probeHardlinks(fromDir: string, toDir: string): Promise<HardlinkProbe> {
  const [a, b] = await Promise.all([stat(fromDir), stat(toDir)]);
  const sameDevice = a.dev === b.dev;
  const id = randomUUID();
  const probeFile = path.join(fromDir, `.omniarr-linkprobe-${id}`);
  const linked = path.join(toDir, `.omniarr-linkprobe-${id}`);
  await (await open(probeFile, 'wx')).close();
  try {
    await link(probeFile, linked);
    const [x, y] = await Promise.all([stat(probeFile), stat(linked)]);
    if (!sameFile(x, y)) throw new Error('hardlink probe: the link is not the same file');
    return {
      sameDevice,
      hardlinks: true,
      message: `${fromDir} and ${toDir} share a filesystem: imports are hardlinks`,
    };
  } catch (error) {
    if (isErrno(error, 'EXDEV')) {
      return {
        sameDevice,
        hardlinks: false,
        message: `${fromDir} and ${toDir} are on different filesystems (EXDEV): imports are copies and use twice the space; mount one /data root holding both`,
      };
    }
    if (cannotHardlink(error)) {
      return {
        sameDevice,
        hardlinks: false,
        message: `the filesystem of ${toDir} does not support hardlinks: imports are copies`,
      };
    }
    throw error;
  } finally {
    await unlinkIfPresent(linked);
    await unlinkIfPresent(probeFile);
  }
}

async function placeWithoutOverwriting(temporary: string, destination: string): Promise<void> {
  try {
    // link() refuses an existing name (EEXIST), unlike rename(): the no-overwrite guarantee is atomic.
    await link(temporary, destination);
    await unlink(temporary);
    return;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) {
      throw new ConflictError(`${destination} appeared while importing; refusing to overwrite it`);
    }
    if (!cannotHardlink(error)) throw error;
  }
  // Filesystems without hardlinks (some SMB/FUSE mounts): check, then rename.
  if (await statOrUndefined(destination)) {
    throw new ConflictError(`${destination} appeared while importing; refusing to overwrite it`);
  }
  await rename(temporary, destination);
}

/** Same size and the same bytes in 16 windows spread over the file: an earlier run's copy of it. */
async function looksIdentical(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a), stat(b)]);
  if (x.size !== y.size) return false;
  const windowBytes = Math.min(64 * 1024, x.size);
  const windows = 16;
  let left: FileHandle | undefined;
  let right: FileHandle | undefined;
  try {
    left = await open(a, 'r');
    right = await open(b, 'r');
    const bufferA = Buffer.alloc(windowBytes);
    const bufferB = Buffer.alloc(windowBytes);
    for (let i = 0; i < windows; i++) {
      const offset = Math.floor(((x.size - windowBytes) * i) / (windows - 1));
      await left.read(bufferA, 0, windowBytes, offset);
      await right.read(bufferB, 0, windowBytes, offset);
      if (!bufferA.equals(bufferB)) return false;
    }
    return true;
  } finally {
    await left?.close();
    await right?.close();
  }
}

function assertInside(root: string, file: string, what: string): void {
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new BadRequestError(`${what} ${file} is not inside the library root ${root}`);
  }
}

function sameFile(
  a: { dev: number | bigint; ino: number | bigint },
  b: { dev: number | bigint; ino: number | bigint },
) {
  return a.dev === b.dev && a.ino === b.ino;
}

async function statOrUndefined(file: string) {
  try {
    return await lstat(file);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

async function unlinkIfPresent(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename durable. Some filesystems cannot fsync a folder; that is not worth failing over. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!isErrno(error, 'EINVAL') && !isErrno(error, 'EISDIR') && !isErrno(error, 'ENOTSUP')) throw error;
  } finally {
    await handle?.close();
  }
}

function cannotHardlink(error: unknown): boolean {
  return (
    isErrno(error, 'EPERM') ||
    isErrno(error, 'ENOTSUP') ||
    isErrno(error, 'EOPNOTSUPP') ||
    isErrno(error, 'EMLINK')
  );
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
