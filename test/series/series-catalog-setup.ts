// The series catalog wired as the app wires it, for tests that need series in a real database: a
// library folder on disk registered as a root folder, the real repository and service, and deleted
// files going to a recycle bin beside the library. The test gives the metadata source, the clock and
// any other dependency the service takes.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { NodeLibraryFolders, RecycleBinFileDeleter } from '../../src/movies/library-folders.js';
import { RootFolderRepository } from '../../src/movies/root-folder.repository.js';
import { SeriesRepository } from '../../src/series/series.repository.js';
import { SeriesService, type SeriesServiceDeps } from '../../src/series/series.service.js';
import { NOW } from './series-metadata.js';

export interface TestSeriesCatalog {
  service: SeriesService;
  repository: SeriesRepository;
  rootFolders: RootFolderRepository;
  /** The registered root folder, `<dir>/tv`. */
  library: string;
  /** What the service was built with, for another service over the same catalog. */
  deps: SeriesServiceDeps;
}

export async function openSeriesCatalog(
  db: Kysely<Database>,
  dir: string,
  deps: Omit<SeriesServiceDeps, 'series' | 'rootFolders' | 'folders' | 'fileDeleter'>,
): Promise<TestSeriesCatalog> {
  const library = path.join(dir, 'tv');
  mkdirSync(library, { recursive: true });
  const rootFolders = new RootFolderRepository(db);
  await rootFolders.insert(library, NOW);
  const repository = new SeriesRepository(db);
  const folders = new NodeLibraryFolders();
  const all: SeriesServiceDeps = {
    series: repository,
    rootFolders,
    folders,
    fileDeleter: new RecycleBinFileDeleter(path.join(dir, 'recycle'), folders),
    ...deps,
  };
  return { service: new SeriesService(all), repository, rootFolders, library, deps: all };
}
