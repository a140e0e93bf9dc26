// The settings store on SQLite and PostgreSQL: a section never saved reads as its defaults; a save is
// read back as saved (by this process at once, by another replica once its copy is a minute old); a
// stored value an older version wrote falls back field by field, with one warning naming the fields.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { namingSection } from '../../src/settings/naming-settings.js';
import { releaseRulesSection } from '../../src/settings/release-settings.js';
import { SettingsRepository } from '../../src/settings/settings.repository.js';
import { SettingsStore } from '../../src/settings/settings.service.js';
import { BadRequestError } from '../../src/shared/errors.js';
import { ManualClock } from '../support/clock.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';

interface Warning {
  fields: string[];
  message: string;
}

describe.each(dialects)('settings store on %s', (dialect) => {
  let database: TestDatabase;
  let repository: SettingsRepository;
  let clock: ManualClock;
  let warnings: Warning[];

  const store = () =>
    new SettingsStore({
      settings: repository,
      clock,
      logger: {
        warn: (fields: { fields: string[] }, message: string) =>
          void warnings.push({ fields: fields.fields, message }),
      } as never,
    });

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    repository = new SettingsRepository(database.handle.db);
  });
  afterAll(() => database.cleanup());
  beforeEach(async () => {
    await database.handle.db.deleteFrom('settings').execute();
    clock = new ManualClock();
    warnings = [];
  });

  it('reads the defaults while a section was never saved', async () => {
    expect(await store().get(releaseRulesSection)).toEqual({
      minimumSeeders: 1,
      usenetRetentionDays: 0,
      minimumAgeMinutes: 0,
      requiredTerms: [],
      ignoredTerms: [],
      preferredProtocol: null,
    });
    const naming = await store().get(namingSection);
    expect(naming).toMatchObject({
      renameEpisodes: true,
      standardEpisodeFormat: '{Series Title} - S{season:00}E{episode:00} - {Episode Title} {Quality Full}',
      seasonFolderFormat: 'Season {season:00}',
      multiEpisodeStyle: 'extend',
      renameMovies: true,
      movieFolderFormat: '{Movie Title} ({Release Year})',
      colonReplacement: 'smart',
    });
    expect(warnings).toEqual([]);
  });

  it('saves a section, fills in the defaults of what was left out, and reads it back', async () => {
    const saved = await store().save(releaseRulesSection, {
      minimumSeeders: 5,
      requiredTerms: ['/\\b(?:NTb|FLUX)\\b/', 'x265'],
    });
    expect(saved).toMatchObject({ minimumSeeders: 5, usenetRetentionDays: 0, ignoredTerms: [] });
    expect(await store().get(releaseRulesSection)).toEqual(saved);
    // Saving again replaces the row (no duplicate key).
    await store().save(releaseRulesSection, { minimumSeeders: 0 });
    expect(await store().get(releaseRulesSection)).toMatchObject({ minimumSeeders: 0, requiredTerms: [] });
    const rows = await database.handle.db.selectFrom('settings').selectAll().execute();
    expect(rows.map((row) => row.key)).toEqual(['releases']);
  });

  it('refuses a wrong value, naming each field, and stores nothing', async () => {
    const settings = store();
    const error = await settings
      .save(namingSection, { standardEpisodeFormat: '{Series Title} - E{episode:00}', minimumSeeders: 3 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).details).toEqual({
      fields: { standardEpisodeFormat: expect.stringMatching(/needs \{season:00\}/) as unknown },
    });
    const regex = await settings
      .save(releaseRulesSection, { ignoredTerms: ['/(unclosed/'] })
      .catch((caught: unknown) => caught);
    expect((regex as BadRequestError).details).toEqual({
      fields: { 'ignoredTerms.0': expect.stringMatching(/not a valid regular expression/) as unknown },
    });
    expect(await database.handle.db.selectFrom('settings').selectAll().execute()).toEqual([]);
  });

  it('sees its own save at once and another replica’s once its copy is a minute old', async () => {
    const mine = store();
    const replica = store();
    expect((await replica.get(releaseRulesSection)).minimumSeeders).toBe(1);
    await mine.save(releaseRulesSection, { minimumSeeders: 7 });
    expect((await mine.get(releaseRulesSection)).minimumSeeders).toBe(7);
    clock.advance(59_000);
    expect((await replica.get(releaseRulesSection)).minimumSeeders).toBe(1);
    clock.advance(1_000);
    expect((await replica.get(releaseRulesSection)).minimumSeeders).toBe(7);
  });

  it('keeps a save made while an older read was under way', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const settings = new SettingsStore({
      settings: {
        find: async (key) => {
          const text = await repository.find(key);
          await gate;
          return text;
        },
        put: (key, value, now) => repository.put(key, value, now),
      },
      clock,
      logger: { warn: () => {} } as never,
    });
    const slowRead = settings.get(releaseRulesSection);
    await settings.save(releaseRulesSection, { minimumSeeders: 9 });
    release();
    expect((await slowRead).minimumSeeders).toBe(9);
    expect((await settings.get(releaseRulesSection)).minimumSeeders).toBe(9);
  });

  it('falls back field by field when a stored value no longer parses, warning once', async () => {
    await repository.put(
      'naming',
      JSON.stringify({
        renameEpisodes: false,
        standardEpisodeFormat: '{Series.Title}.S{season:00}E{episode:00}',
        // A token this version does not know, a style it dropped, a field it never had.
        seasonFolderFormat: 'Season {season:00} {Season Label}',
        multiEpisodeStyle: 'interleave',
        retiredField: 1,
      }),
      clock.now(),
    );
    const settings = store();
    const value = await settings.get(namingSection);
    expect(value).toMatchObject({
      renameEpisodes: false,
      standardEpisodeFormat: '{Series.Title}.S{season:00}E{episode:00}',
      seasonFolderFormat: 'Season {season:00}',
      multiEpisodeStyle: 'extend',
    });
    expect(value).not.toHaveProperty('retiredField');
    expect(warnings).toEqual([
      {
        fields: ['multiEpisodeStyle', 'seasonFolderFormat'],
        message: expect.stringContaining('defaults') as unknown,
      },
    ]);
    clock.advance(60_000);
    await settings.get(namingSection);
    expect(warnings).toHaveLength(1);
  });

  it('reads the defaults when the stored text is not a JSON object', async () => {
    await repository.put('releases', '{"minimumSeeders": 3,', clock.now());
    expect(await store().get(releaseRulesSection)).toMatchObject({ minimumSeeders: 1, requiredTerms: [] });
    await repository.put('releases', '[1, 2]', clock.now());
    expect((await store().get(releaseRulesSection)).minimumSeeders).toBe(1);
    expect(warnings.map((warning) => warning.fields)).toEqual([
      expect.arrayContaining(['minimumSeeders', 'requiredTerms']),
      expect.arrayContaining(['minimumSeeders', 'requiredTerms']),
    ]);
  });
});
