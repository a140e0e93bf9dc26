// Owns the catalog's filesystem side effects, behind small interfaces the services take: checking a
// root folder (exists, is a folder, really writable), its free space (statfs), moving a movie's
// folder when its path changes, and deleting a movie's folder by moving it to the recycle bin.
import { randomUUID } from 'node:crypto';
import { cp, mkdir, rename, rm, stat, statfs, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BadRequestError, ConflictError } from '../shared/errors.js';

export interface DiskSpace {
  free: number;
  total: number;
}

export type FolderCheck = { ok: true } | { ok: false; reason: string };

export interface LibraryFolders {
  /** Whether `folder` exists, is a folder and a file can be written in it. */
  check(folder: string): Promise<FolderCheck>;
  diskSpace(folder: string): Promise<DiskSpace>;
  exists(target: string): Promise<boolean>;
  /** Moves a folder to a path that must not exist yet; across filesystems it copies, then removes. */
  moveFolder(from: string, to: string): Promise<void>;
}

/** Deletes a movie's folder the recoverable way. */
export interface FileDeleter {
  /** Moves `folder` (inside `rootFolder`) out of the library; returns where it went. */
  deleteFolder(folder: string, rootFolder: string): Promise<string>;
}

export class NodeLibraryFolders implements LibraryFolders {
  async check(folder: string): Promise<FolderCheck> {
    let stats;
    try {
      stats = await stat(folder);
    } catch (error) {
      return { ok: false, reason: `${folder} does not exist or cannot be read (${codeOf(error)})` };
    }
    if (!stats.isDirectory()) return { ok: false, reason: `${folder} is not a folder` };
    // A real write, not access(W_OK): that says yes to root on a read-only NFS export.
    const probe = path.join(folder, `.omniarr-write-test-${randomUUID()}`);
    try {
      await writeFile(probe, '');
      await unlink(probe);
    } catch (error) {
      return { ok: false, reason: `${folder} is not writable (${codeOf(error)})` };
    }
    return { ok: true };
  }

  async diskSpace(folder: string): Promise<DiskSpace> {
    const stats = await statfs(folder);
    return { free: stats.bavail * stats.bsize, total: stats.blocks * stats.bsize };
  }

  async exists(target: string): Promise<boolean> {
    try {
      await stat(target);
      return true;
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return false;
      throw error;
    }
  }

  async moveFolder(from: string, to: string): Promise<void> {
    if (await this.exists(to)) throw new ConflictError(`${to} already exists; not moving ${from} over it`);
    await mkdir(path.dirname(to), { recursive: true });
    try {
      await rename(from, to);
      return;
    } catch (error) {
      if (codeOf(error) !== 'EXDEV') throw error;
    }
    // Across filesystems: copy everything first, remove the source only once the copy is whole.
    try {
      await cp(from, to, { recursive: true, errorOnExist: true, force: false, preserveTimestamps: true });
    } catch (error) {
      await rm(to, { recursive: true, force: true });
      throw error;
    }
    await rm(from, { recursive: true, force: true });
  }
}

/** Moves deleted movie folders into a recycle bin, keeping their path below the root folder. */
export class RecycleBinFileDeleter implements FileDeleter {
  private readonly recycleBin: string;

  constructor(
    recycleBin: string,
    private readonly folders: LibraryFolders = new NodeLibraryFolders(),
    private readonly now: () => Date = () => new Date(),
  ) {
    if (!path.isAbsolute(recycleBin))
      throw new BadRequestError(`recycle bin ${recycleBin} must be an absolute path`);
    this.recycleBin = path.resolve(recycleBin);
  }

  async deleteFolder(folder: string, rootFolder: string): Promise<string> {
    const source = path.resolve(folder);
    const relative = path.relative(path.resolve(rootFolder), source);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new BadRequestError(`${folder} is not inside the root folder ${rootFolder}; not deleting it`);
    }
    const fromBin = path.relative(this.recycleBin, source);
    if (!fromBin.startsWith('..') && !path.isAbsolute(fromBin)) {
      throw new BadRequestError(`${folder} is inside the recycle bin`);
    }
    const target = await this.freeName(path.join(this.recycleBin, relative));
    await this.folders.moveFolder(source, target);
    return target;
  }

  private async freeName(wanted: string): Promise<string> {
    if (!(await this.folders.exists(wanted))) return wanted;
    const stamp = this.now().toISOString().replace(/[:.]/g, '-');
    for (let attempt = 1; ; attempt += 1) {
      const candidate = `${wanted} (deleted ${stamp}${attempt > 1 ? ` ${attempt}` : ''})`;
      if (!(await this.folders.exists(candidate))) return candidate;
    }
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String(error);
}
