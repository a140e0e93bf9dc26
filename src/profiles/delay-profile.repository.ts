// Owns the SQL of delay profiles. Tags are JSON, re-checked on the way out so a hand-edited row fails
// loudly instead of delaying the wrong series.
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import type { DelayProfilesTable } from './delay-profile.tables.js';

export interface DelayProfileRecord {
  id: number;
  preferredProtocol: 'usenet' | 'torrent';
  /** Minutes. */
  usenetDelay: number;
  /** Minutes. */
  torrentDelay: number;
  bypassIfHighestQuality: boolean;
  tags: string[];
  order: number;
  isDefault: boolean;
}

export type DelayProfileFields = Omit<DelayProfileRecord, 'id' | 'order' | 'isDefault'>;

const tagsJson = z.array(z.string());

function toRecord(row: Selectable<DelayProfilesTable>): DelayProfileRecord {
  const tags = tagsJson.safeParse(JSON.parse(row.tags));
  if (!tags.success) throw new Error(`stored tags of delay profile ${row.id} are invalid`);
  return {
    id: row.id,
    preferredProtocol: row.preferred_protocol,
    usenetDelay: row.usenet_delay,
    torrentDelay: row.torrent_delay,
    bypassIfHighestQuality: row.bypass_if_highest_quality === 1,
    tags: tags.data,
    order: row.sort_order,
    isDefault: row.is_default === 1,
  };
}

function columns(fields: DelayProfileFields) {
  return {
    preferred_protocol: fields.preferredProtocol,
    usenet_delay: fields.usenetDelay,
    torrent_delay: fields.torrentDelay,
    bypass_if_highest_quality: fields.bypassIfHighestQuality ? 1 : 0,
    tags: JSON.stringify(fields.tags),
  };
}

export class DelayProfileRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every profile in the order they are tried, the default last. */
  async list(): Promise<DelayProfileRecord[]> {
    const rows = await this.db
      .selectFrom('delay_profiles')
      .selectAll()
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async findById(id: number): Promise<DelayProfileRecord | undefined> {
    const row = await this.db
      .selectFrom('delay_profiles')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Adds a profile after every other one but the default. */
  async insert(fields: DelayProfileFields, now: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { last } = await trx
        .selectFrom('delay_profiles')
        .select((eb) => eb.fn.max('sort_order').as('last'))
        .where('is_default', '=', 0)
        .executeTakeFirstOrThrow();
      const { id } = await trx
        .insertInto('delay_profiles')
        .values({
          ...columns(fields),
          sort_order: Number(last ?? 0) + 1,
          is_default: 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    });
  }

  async update(id: number, fields: DelayProfileFields, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('delay_profiles')
      .set({ ...columns(fields), updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Deletes a profile that is not the default one. */
  async delete(id: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('delay_profiles')
      .where('id', '=', id)
      .where('is_default', '=', 0)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Numbers the given (non-default) profiles 1, 2, 3… in this order. */
  async setOrder(ids: readonly number[], now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const [index, id] of ids.entries()) {
        await trx
          .updateTable('delay_profiles')
          .set({ sort_order: index + 1, updated_at: now })
          .where('id', '=', id)
          .where('is_default', '=', 0)
          .execute();
      }
    });
  }
}
