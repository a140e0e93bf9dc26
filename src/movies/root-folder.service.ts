// Owns the rules of root folders: a root folder must exist and be writable when added, never nests
// inside another, reports its free space live, and cannot be removed while movies live in it.
import path from 'node:path';
import type { Clock } from '../shared/clock.js';
import { BadRequestError, ConflictError, NotFoundError } from '../shared/errors.js';
import type { LibraryFolders } from './library-folders.js';
import type { RootFolder, RootFolderWithSpace } from './movie.js';
import { isUniqueViolation, type MovieRepository } from './movie.repository.js';
import type { RootFolderRepository } from './root-folder.repository.js';

export interface RootFolderServiceDeps {
  rootFolders: RootFolderRepository;
  movies: MovieRepository;
  /** Other libraries in the same root folders (series); a folder in use by any of them stays. */
  series?: { countByRootFolder(): Promise<Map<string, number>> };
  folders: LibraryFolders;
  clock: Clock;
}

export class RootFolderService {
  constructor(private readonly deps: RootFolderServiceDeps) {}

  async add(folderPath: string): Promise<RootFolderWithSpace> {
    const { rootFolders, folders, clock } = this.deps;
    if (!path.isAbsolute(folderPath))
      throw new BadRequestError(`root folder ${folderPath} must be an absolute path`);
    const wanted = path.resolve(folderPath);
    for (const existing of await rootFolders.list()) {
      if (existing.path === wanted)
        throw new ConflictError(`${wanted} is already a root folder`, { rootFolderId: existing.id });
      if (nested(existing.path, wanted)) {
        throw new ConflictError(`${wanted} overlaps the root folder ${existing.path}`, {
          rootFolderId: existing.id,
        });
      }
    }
    const check = await folders.check(wanted);
    if (!check.ok) throw new BadRequestError(check.reason);
    let added: RootFolder;
    try {
      added = await rootFolders.insert(wanted, clock.now());
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`${wanted} is already a root folder`);
      throw error;
    }
    return this.withSpace(added, 0);
  }

  async list(): Promise<RootFolderWithSpace[]> {
    const [roots, counts] = await Promise.all([
      this.deps.rootFolders.list(),
      this.deps.movies.countByRootFolder(),
    ]);
    return Promise.all(roots.map((root) => this.withSpace(root, counts.get(root.path) ?? 0)));
  }

  async get(id: number): Promise<RootFolderWithSpace> {
    const root = await this.deps.rootFolders.findById(id);
    if (!root) throw new NotFoundError(`no root folder with id ${id}`);
    const counts = await this.deps.movies.countByRootFolder();
    return this.withSpace(root, counts.get(root.path) ?? 0);
  }

  /** Forgets the root folder (its files stay on disk); refused while movies live in it. */
  async delete(id: number): Promise<void> {
    const root = await this.deps.rootFolders.findById(id);
    if (!root) throw new NotFoundError(`no root folder with id ${id}`);
    const count = (await this.deps.movies.countByRootFolder()).get(root.path) ?? 0;
    if (count > 0) {
      throw new ConflictError(
        `${root.path} holds ${count} movie${count === 1 ? '' : 's'}; move or delete them first`,
        { movieCount: count },
      );
    }
    const seriesCount = (await this.deps.series?.countByRootFolder())?.get(root.path) ?? 0;
    if (seriesCount > 0) {
      throw new ConflictError(`${root.path} holds ${seriesCount} series; move or delete them first`, {
        seriesCount,
      });
    }
    await this.deps.rootFolders.delete(id);
  }

  private async withSpace(root: RootFolder, movieCount: number): Promise<RootFolderWithSpace> {
    try {
      const space = await this.deps.folders.diskSpace(root.path);
      return { ...root, accessible: true, freeSpace: space.free, totalSpace: space.total, movieCount };
    } catch {
      // An unmounted share must not break the list: it shows as inaccessible instead.
      return { ...root, accessible: false, freeSpace: null, totalSpace: null, movieCount };
    }
  }
}

function nested(a: string, b: string): boolean {
  const inside = (root: string, target: string) => {
    const relative = path.relative(root, target);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  };
  return inside(a, b) || inside(b, a);
}
