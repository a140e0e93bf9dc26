// Owns the SQL of quality definitions, quality profiles and custom formats. JSON columns are re-checked
// with the API's zod schemas on the way out, so a hand-edited row fails loudly instead of deciding
// releases with garbage.
import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import type { CustomFormatsTable, QualityProfilesTable } from './profile.tables.js';
import {
  customFormatConditionSchema,
  profileItemSchema,
  type CustomFormat,
  type CustomFormatInput,
  type FormatScore,
  type QualityDefinition,
  type QualityProfile,
  type QualityProfileInput,
} from './profile.schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

const itemsJson = z.array(profileItemSchema);
const conditionsJson = z.array(customFormatConditionSchema);

function parseJson<T>(schema: z.ZodType<T>, text: string, what: string): T {
  const result = schema.safeParse(JSON.parse(text));
  if (!result.success) throw new Error(`stored ${what} is invalid: ${z.prettifyError(result.error)}`);
  return result.data;
}

export class ProfileRepository {
  constructor(private readonly db: Kysely<Database>) {}

  // Quality definitions

  async listQualityDefinitions(): Promise<QualityDefinition[]> {
    const rows = await this.db.selectFrom('quality_definitions').selectAll().orderBy('id').execute();
    return rows.map((row) => ({
      quality: row.quality,
      title: row.title,
      minSize: row.min_size,
      preferredSize: row.preferred_size,
      maxSize: row.max_size,
    }));
  }

  /** Inserts the definitions whose quality has none yet; returns how many were added. */
  async insertMissingQualityDefinitions(definitions: QualityDefinition[], now: number): Promise<number> {
    let added = 0;
    for (const definition of definitions) {
      const inserted = await this.db
        .insertInto('quality_definitions')
        .values({
          quality: definition.quality,
          title: definition.title,
          min_size: definition.minSize,
          preferred_size: definition.preferredSize,
          max_size: definition.maxSize,
          updated_at: now,
        })
        .onConflict((conflict) => conflict.column('quality').doNothing())
        .executeTakeFirst();
      added += Number(inserted.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  async updateQualityDefinition(definition: QualityDefinition, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('quality_definitions')
      .set({
        title: definition.title,
        min_size: definition.minSize,
        preferred_size: definition.preferredSize,
        max_size: definition.maxSize,
        updated_at: now,
      })
      .where('quality', '=', definition.quality)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  // Quality profiles

  async listProfiles(): Promise<QualityProfile[]> {
    const rows = await this.db.selectFrom('quality_profiles').selectAll().orderBy('id').execute();
    const scores = await this.db.selectFrom('quality_profile_format_scores').selectAll().execute();
    return rows.map((row) =>
      toProfile(
        row,
        scores.filter((score) => Number(score.quality_profile_id) === Number(row.id)),
      ),
    );
  }

  async findProfile(id: number): Promise<QualityProfile | undefined> {
    const row = await this.db
      .selectFrom('quality_profiles')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const scores = await this.db
      .selectFrom('quality_profile_format_scores')
      .selectAll()
      .where('quality_profile_id', '=', id)
      .execute();
    return toProfile(row, scores);
  }

  async findProfileIdByName(name: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('quality_profiles')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? Number(row.id) : undefined;
  }

  async countProfiles(): Promise<number> {
    const row = await this.db
      .selectFrom('quality_profiles')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Inserts a profile unless one has the name already (then returns undefined). */
  async insertProfile(profile: QualityProfileInput, now: number): Promise<number | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('quality_profiles')
        .values({ ...profileColumns(profile), created_at: now, updated_at: now })
        .onConflict((conflict) => conflict.column('name').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return undefined;
      const id = Number(inserted.id);
      await writeScores(trx, id, profile.formatScores);
      return id;
    });
  }

  async updateProfile(id: number, profile: QualityProfileInput, now: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('quality_profiles')
        .set({ ...profileColumns(profile), updated_at: now })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await trx.deleteFrom('quality_profile_format_scores').where('quality_profile_id', '=', id).execute();
      await writeScores(trx, id, profile.formatScores);
      return true;
    });
  }

  async deleteProfile(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('quality_profiles').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  // Custom formats

  async listCustomFormats(): Promise<CustomFormat[]> {
    const rows = await this.db.selectFrom('custom_formats').selectAll().orderBy('id').execute();
    return rows.map(toCustomFormat);
  }

  async findCustomFormat(id: number): Promise<CustomFormat | undefined> {
    const row = await this.db
      .selectFrom('custom_formats')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toCustomFormat(row) : undefined;
  }

  async findCustomFormatIdByName(name: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('custom_formats')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? Number(row.id) : undefined;
  }

  async insertCustomFormat(format: CustomFormatInput, now: number): Promise<number | undefined> {
    const inserted = await this.db
      .insertInto('custom_formats')
      .values({ ...formatColumns(format), created_at: now, updated_at: now })
      .onConflict((conflict) => conflict.column('name').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted ? Number(inserted.id) : undefined;
  }

  async updateCustomFormat(id: number, format: CustomFormatInput, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('custom_formats')
      .set({ ...formatColumns(format), updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Deletes the format; the profiles' scores for it go with it (foreign key cascade). */
  async deleteCustomFormat(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('custom_formats').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

async function writeScores(executor: Executor, profileId: number, scores: FormatScore[]): Promise<void> {
  // A zero score is the same as no score: keep the table to the formats that matter.
  const rows = scores
    .filter((entry) => entry.score !== 0)
    .map((entry) => ({
      quality_profile_id: profileId,
      custom_format_id: entry.customFormatId,
      score: entry.score,
    }));
  if (rows.length > 0) await executor.insertInto('quality_profile_format_scores').values(rows).execute();
}

function profileColumns(profile: QualityProfileInput) {
  return {
    name: profile.name,
    upgrade_allowed: profile.upgradeAllowed ? 1 : 0,
    items: JSON.stringify(profile.items),
    cutoff: profile.cutoff,
    min_format_score: profile.minFormatScore,
    cutoff_format_score: profile.cutoffFormatScore,
    min_upgrade_format_score: profile.minUpgradeFormatScore,
  };
}

function formatColumns(format: CustomFormatInput) {
  return {
    name: format.name,
    include_when_renaming: format.includeWhenRenaming ? 1 : 0,
    conditions: JSON.stringify(format.conditions),
  };
}

function toProfile(
  row: Selectable<QualityProfilesTable>,
  scores: { custom_format_id: number; score: number }[],
): QualityProfile {
  return {
    id: Number(row.id),
    name: row.name,
    upgradeAllowed: row.upgrade_allowed === 1,
    items: parseJson(itemsJson, row.items, `items of quality profile ${row.id}`),
    cutoff: row.cutoff,
    minFormatScore: row.min_format_score,
    cutoffFormatScore: row.cutoff_format_score,
    minUpgradeFormatScore: row.min_upgrade_format_score,
    formatScores: scores
      .map((score) => ({ customFormatId: Number(score.custom_format_id), score: score.score }))
      .sort((a, b) => a.customFormatId - b.customFormatId),
  };
}

function toCustomFormat(row: Selectable<CustomFormatsTable>): CustomFormat {
  return {
    id: Number(row.id),
    name: row.name,
    includeWhenRenaming: row.include_when_renaming === 1,
    conditions: parseJson(conditionsJson, row.conditions, `conditions of custom format ${row.id}`),
  };
}
