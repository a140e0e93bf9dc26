// Owns the SQL of movie_files: the importer records each library file here, and the catalog reads
// them. Recording the same file twice (an import rerun after a crash) returns the first record.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { MovieFile, QualityRevision } from './movie.js';
import type { Executor } from './movie.repository.js';
import type { MovieFilesTable } from './movie.tables.js';

export type NewMovieFile = Omit<MovieFile, 'id'>;

export class MovieFileRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records a file; when this movie already has a record for the same relative path, returns that one. */
  async add(file: NewMovieFile, executor: Executor = this.db): Promise<MovieFile> {
    const inserted = await executor
      .insertInto('movie_files')
      .values({
        movie_id: file.movieId,
        relative_path: file.relativePath,
        size: file.size,
        quality_name: file.qualityName,
        revision: JSON.stringify(file.revision),
        media_info:
          file.mediaInfo === null || file.mediaInfo === undefined ? null : JSON.stringify(file.mediaInfo),
        release_group: file.releaseGroup,
        original_file_name: file.originalFileName,
        scene_name: file.sceneName,
        edition: file.edition,
        languages: JSON.stringify(file.languages),
        date_added: file.dateAdded,
      })
      .onConflict((conflict) => conflict.columns(['movie_id', 'relative_path']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return toMovieFile(inserted);
    const existing = await executor
      .selectFrom('movie_files')
      .selectAll()
      .where('movie_id', '=', file.movieId)
      .where('relative_path', '=', file.relativePath)
      .executeTakeFirstOrThrow();
    return toMovieFile(existing);
  }

  async findById(id: number): Promise<MovieFile | undefined> {
    const row = await this.db.selectFrom('movie_files').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toMovieFile(row) : undefined;
  }

  async listByMovie(movieId: number): Promise<MovieFile[]> {
    const rows = await this.db
      .selectFrom('movie_files')
      .selectAll()
      .where('movie_id', '=', movieId)
      .orderBy('id')
      .execute();
    return rows.map(toMovieFile);
  }

  async delete(id: number, executor: Executor = this.db): Promise<boolean> {
    const result = await executor.deleteFrom('movie_files').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toMovieFile(row: Selectable<MovieFilesTable>): MovieFile {
  return {
    id: row.id,
    movieId: row.movie_id,
    relativePath: row.relative_path,
    size: row.size,
    qualityName: row.quality_name,
    revision: JSON.parse(row.revision) as QualityRevision,
    mediaInfo: row.media_info === null ? null : (JSON.parse(row.media_info) as unknown),
    releaseGroup: row.release_group,
    originalFileName: row.original_file_name,
    sceneName: row.scene_name,
    edition: row.edition,
    languages: JSON.parse(row.languages) as string[],
    dateAdded: row.date_added,
  };
}
