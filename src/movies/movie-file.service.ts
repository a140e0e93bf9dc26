// Owns deleting a movie's file on the user's word: the file goes to the recycle bin (never straight
// to nothing), the record goes, the movie is wanted again, and the history says so.
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { HistoryRepository } from '../history/history.repository.js';
import type { Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/errors.js';
import type { FileDeleter } from './library-folders.js';
import type { MovieFileRepository } from './movie-file.repository.js';
import type { MovieRepository } from './movie.repository.js';

export class MovieFileService {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      movies: Pick<MovieRepository, 'findById'>;
      files: Pick<MovieFileRepository, 'listByMovie' | 'delete'>;
      history: Pick<HistoryRepository, 'add'>;
      deleter: FileDeleter;
      clock: Clock;
    },
  ) {}

  async deleteFiles(movieId: number): Promise<{ recycled: string[] }> {
    const { deps } = this;
    const movie = await deps.movies.findById(movieId);
    if (!movie) throw new NotFoundError(`movie ${movieId} not found`);
    const files = await deps.files.listByMovie(movieId);
    if (files.length === 0) throw new NotFoundError(`"${movie.title}" has no file`);
    const recycled: string[] = [];
    for (const file of files) {
      // Moved first: if that fails, the record stays and nothing is lost.
      recycled.push(
        await deps.deleter.deleteFolder(path.join(movie.path, file.relativePath), movie.rootFolderPath),
      );
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (trx) => {
        await deps.files.delete(file.id, trx);
        await deps.history.add(
          {
            movieId,
            event: 'deleted',
            sourceTitle: file.sceneName ?? file.relativePath,
            qualityName: file.qualityName,
            trackedDownloadId: null,
            data: { path: file.relativePath, recycledTo: recycled.at(-1), reason: 'deleted by the user' },
          },
          now,
          trx,
        );
      });
    }
    return { recycled };
  }
}
