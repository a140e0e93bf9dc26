// Checks every library (movies, series) makes on what a user asks for: the root folder is one that was
// registered, and the quality profile exists. One place, so both give the same answer and message.
import path from 'node:path';
import { BadRequestError } from '../shared/errors.js';

/** The registered root folder `wanted` names (absolute, normalised), or a 400 saying what to do. */
export async function registeredRootFolder(
  rootFolders: { list(): Promise<ReadonlyArray<{ path: string }>> },
  wanted: string,
): Promise<string> {
  if (!path.isAbsolute(wanted)) throw new BadRequestError(`root folder ${wanted} must be an absolute path`);
  const resolved = path.resolve(wanted);
  const roots = await rootFolders.list();
  if (!roots.some((root) => root.path === resolved)) {
    throw new BadRequestError(`${resolved} is not a root folder; add it under /api/v1/rootfolders first`);
  }
  return resolved;
}

/** A 400 unless `id` names a quality profile (any positive id when no check is given). */
export async function assertQualityProfile(
  id: number,
  exists: ((id: number) => Promise<boolean>) | undefined,
): Promise<void> {
  if (!Number.isInteger(id) || id <= 0) throw new BadRequestError(`not a quality profile id: ${id}`);
  if (exists && !(await exists(id))) throw new BadRequestError(`no quality profile with id ${id}`);
}
