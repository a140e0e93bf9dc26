// The profile service and its repository on SQLite and PostgreSQL: seeding (idempotent, concurrent),
// definitions, profiles with custom-format scores, custom formats, and the rules that guard them.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileRepository } from '../../src/profiles/profile.repository.js';
import type { CustomFormatInput, QualityProfileInput } from '../../src/profiles/profile.schema.js';
import { ProfileService } from '../../src/profiles/profile.service.js';
import { QUALITY_NAMES } from '../../src/profiles/qualities.js';
import { BadRequestError, ConflictError, NotFoundError } from '../../src/shared/errors.js';
import { ManualClock } from '../support/clock.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';

const hdr: CustomFormatInput = {
  name: 'HDR',
  includeWhenRenaming: true,
  conditions: [
    { type: 'releaseTitle', name: 'HDR', pattern: '\\bHDR(10)?\\b', negate: false, required: false },
    { type: 'size', name: 'big', minGb: 1.5, maxGb: 80, negate: false, required: true },
  ],
};

describe.each(dialects)('profiles on %s', (dialect) => {
  let database: TestDatabase;
  let repository: ProfileRepository;
  let service: ProfileService;
  let inUse: Set<number>;

  beforeEach(async () => {
    database = await openTestDatabase(dialect);
    repository = new ProfileRepository(database.handle.db);
    inUse = new Set();
    service = new ProfileService(repository, new ManualClock(), {
      isProfileInUse: (id) => Promise.resolve(inUse.has(id)),
    });
  });
  afterEach(() => database.cleanup());

  it('seeds definitions and the default profiles once, even when two starts race', async () => {
    const [a, b] = await Promise.all([service.seedDefaults(), service.seedDefaults()]);
    expect(a.qualityDefinitions + b.qualityDefinitions).toBe(QUALITY_NAMES.length);
    expect(new Set([...a.qualityProfiles, ...b.qualityProfiles]).size).toBe(6);
    expect(await service.seedDefaults()).toEqual({ qualityDefinitions: 0, qualityProfiles: [] });
    const profiles = await service.listProfiles();
    expect(profiles.map((p) => p.name)).toEqual(
      expect.arrayContaining(['Any', 'HD-1080p', 'Ultra-HD', 'HD - 720p/1080p']),
    );
    expect(profiles).toHaveLength(6);

    // A user who deleted a default profile does not get it back at the next start.
    const sd = profiles.find((p) => p.name === 'SD')!;
    await service.deleteProfile(sd.id);
    await service.seedDefaults();
    expect((await service.listProfiles()).map((p) => p.name)).not.toContain('SD');
  });

  it('stores fractional sizes exactly and validates them', async () => {
    await service.seedDefaults();
    expect(await service.getQualityDefinition('HDTV-720p')).toEqual({
      quality: 'HDTV-720p',
      title: 'HDTV-720p',
      minSize: 17.1,
      preferredSize: 1995,
      maxSize: 2000,
    });
    const updated = { title: 'HDTV 720p', minSize: 20.25, preferredSize: 45.5, maxSize: null };
    await service.updateQualityDefinition('HDTV-720p', updated);
    expect(await service.getQualityDefinition('HDTV-720p')).toEqual({ quality: 'HDTV-720p', ...updated });
    await expect(
      service.updateQualityDefinition('HDTV-720p', {
        title: 'x',
        minSize: 50,
        preferredSize: 40,
        maxSize: 60,
      }),
    ).rejects.toBeInstanceOf(BadRequestError);
    await expect(service.getQualityDefinition('VHS')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps a profile with its format scores, and drops a score with its format', async () => {
    await service.seedDefaults();
    const format = await service.createCustomFormat(hdr);
    expect(format).toEqual({ id: format.id, ...hdr });
    const other = await service.createCustomFormat({ ...hdr, name: 'Other' });
    const base = await service.getProfile(
      (await service.listProfiles()).find((p) => p.name === 'Ultra-HD')!.id,
    );
    const input: QualityProfileInput = {
      ...base,
      name: 'UHD HDR',
      minFormatScore: -10,
      cutoffFormatScore: 500,
      formatScores: [
        { customFormatId: format.id, score: 250 },
        { customFormatId: other.id, score: -30 },
      ],
    };
    const created = await service.createProfile(input);
    expect(created).toEqual({ ...input, id: created.id });

    await service.deleteCustomFormat(other.id);
    expect((await service.getProfile(created.id)).formatScores).toEqual([
      { customFormatId: format.id, score: 250 },
    ]);

    const renamed = await service.updateProfile(created.id, { ...input, name: 'UHD', formatScores: [] });
    expect(renamed).toMatchObject({ name: 'UHD', formatScores: [] });
  });

  it('refuses incoherent profiles, unknown formats and duplicate names', async () => {
    await service.seedDefaults();
    const [any] = await service.listProfiles();
    const input: QualityProfileInput = { ...any!, name: 'Mine' };
    await expect(service.createProfile({ ...input, cutoff: 'BR-DISK' })).rejects.toThrow(
      /not a wanted quality/,
    );
    await expect(
      service.createProfile({ ...input, formatScores: [{ customFormatId: 999, score: 1 }] }),
    ).rejects.toThrow(/custom format 999 does not exist/);
    await expect(service.createProfile({ ...input, name: 'Any' })).rejects.toBeInstanceOf(ConflictError);
    const mine = await service.createProfile(input);
    await expect(service.updateProfile(mine.id, { ...input, name: 'HD-1080p' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await service.createCustomFormat(hdr);
    await expect(service.createCustomFormat(hdr)).rejects.toBeInstanceOf(ConflictError);
    await expect(service.updateProfile(12345, input)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses to delete a profile in use', async () => {
    await service.seedDefaults();
    const [any] = await service.listProfiles();
    inUse.add(any!.id);
    await expect(service.deleteProfile(any!.id)).rejects.toThrow(/"Any" is used/);
    inUse.clear();
    await service.deleteProfile(any!.id);
    await expect(service.getProfile(any!.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('gives the decision engine a profile with every format and definition', async () => {
    await service.seedDefaults();
    const format = await service.createCustomFormat(hdr);
    const [any] = await service.listProfiles();
    const context = await service.decisionContext(any!.id);
    expect(context.profile.id).toBe(any!.id);
    expect(context.customFormats.map((f) => f.id)).toEqual([format.id]);
    expect(context.qualityDefinitions).toHaveLength(QUALITY_NAMES.length);
  });

  it('fails loudly on a hand-broken row instead of deciding with garbage', async () => {
    const format = await service.createCustomFormat(hdr);
    await sql`update custom_formats set conditions = ${'[{"type":"colour"}]'} where id = ${format.id}`.execute(
      database.handle.db,
    );
    await expect(service.getCustomFormat(format.id)).rejects.toThrow(/stored conditions of custom format/);
  });
});
