// Owns the SQL of episode_files and the episodes that point at them: the importer records each library
// file here (one row for a multi-episode file, every episode it holds linked to it), and the catalog,
// the decisions and the wanted pages read them. Recording the same file twice (an import rerun after a
// crash) returns the first record. Every write takes an executor, so it can join a transaction.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { MediaInfo } from '../imports/media-probe.js';
import type { EpisodeFile } from './series.js';
import type { EpisodeFilesTable } from './series.tables.js';

type Executor = Kysely<Database> | Transaction<Database>;

export type NewEpisodeFile = Omit<EpisodeFile, 'id' | 'episodeIds'>;

export class EpisodeFileRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Records a file (or finds this series' record of the same relative path) and points `episodeIds`
   * at it; episodes of another series are left alone. Returns the file with every episode on it.
   */
  async add(
    file: NewEpisodeFile,
    episodeIds: readonly number[],
    executor: Executor = this.db,
  ): Promise<EpisodeFile> {
    const inserted = await executor
      .insertInto('episode_files')
      .values({
        series_id: file.seriesId,
        season_number: file.seasonNumber,
        relative_path: file.relativePath,
        size: file.size,
        quality_name: file.qualityName,
        revision: JSON.stringify(file.revision),
        media_info: file.mediaInfo === null ? null : JSON.stringify(file.mediaInfo),
        release_group: file.releaseGroup,
        scene_name: file.sceneName,
        languages: JSON.stringify(file.languages),
        date_added: file.dateAdded,
      })
      .onConflict((conflict) => conflict.columns(['series_id', 'relative_path']).doNothing())
      .returningAll()
      .executeTakeFirst();
    const row =
      inserted ??
      (await executor
        .selectFrom('episode_files')
        .selectAll()
        .where('series_id', '=', file.seriesId)
        .where('relative_path', '=', file.relativePath)
        .executeTakeFirstOrThrow());
    if (episodeIds.length > 0) {
      await executor
        .updateTable('episodes')
        .set({ episode_file_id: row.id })
        .where('id', 'in', [...episodeIds])
        .where('series_id', '=', file.seriesId)
        .execute();
    }
    return toEpisodeFile(row, await this.episodeIdsOf(row.id, executor));
  }

  async findById(id: number, executor: Executor = this.db): Promise<EpisodeFile | undefined> {
    const row = await executor
      .selectFrom('episode_files')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toEpisodeFile(row, await this.episodeIdsOf(id, executor)) : undefined;
  }

  /** Every file of a series with the episodes on each, in path order. */
  async listBySeries(seriesId: number, executor: Executor = this.db): Promise<EpisodeFile[]> {
    const rows = await executor
      .selectFrom('episode_files')
      .selectAll()
      .where('series_id', '=', seriesId)
      .orderBy('relative_path')
      .orderBy('id')
      .execute();
    if (rows.length === 0) return [];
    const episodes = await executor
      .selectFrom('episodes')
      .select(['id', 'episode_file_id'])
      .where('series_id', '=', seriesId)
      .where('episode_file_id', 'is not', null)
      .orderBy('season_number')
      .orderBy('episode_number')
      .execute();
    const byFile = groupByFile(episodes);
    return rows.map((row) => toEpisodeFile(row, byFile.get(row.id) ?? []));
  }

  /** Deletes the record; its episodes have no file any more (they are wanted again if monitored). */
  async delete(id: number, executor: Executor = this.db): Promise<boolean> {
    await executor
      .updateTable('episodes')
      .set({ episode_file_id: null })
      .where('episode_file_id', '=', id)
      .execute();
    const result = await executor.deleteFrom('episode_files').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  private async episodeIdsOf(fileId: number, executor: Executor): Promise<number[]> {
    const rows = await executor
      .selectFrom('episodes')
      .select('id')
      .where('episode_file_id', '=', fileId)
      .orderBy('season_number')
      .orderBy('episode_number')
      .execute();
    return rows.map((row) => row.id);
  }
}

function groupByFile(rows: ReadonlyArray<{ id: number; episode_file_id: number | null }>) {
  const byFile = new Map<number, number[]>();
  for (const row of rows) {
    if (row.episode_file_id === null) continue;
    const ids = byFile.get(row.episode_file_id) ?? [];
    ids.push(row.id);
    byFile.set(row.episode_file_id, ids);
  }
  return byFile;
}

function toEpisodeFile(row: Selectable<EpisodeFilesTable>, episodeIds: number[]): EpisodeFile {
  return {
    id: row.id,
    seriesId: row.series_id,
    seasonNumber: row.season_number,
    relativePath: row.relative_path,
    size: row.size,
    qualityName: row.quality_name,
    revision: JSON.parse(row.revision) as EpisodeFile['revision'],
    mediaInfo: row.media_info === null ? null : (JSON.parse(row.media_info) as MediaInfo),
    releaseGroup: row.release_group,
    sceneName: row.scene_name,
    languages: JSON.parse(row.languages) as string[],
    dateAdded: row.date_added,
    episodeIds,
  };
}
