// Delay profiles on SQLite and PostgreSQL: the seeded default, create/update/delete with the tag
// rules, reordering, and which profile a series gets by its tags.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DelayProfileRepository } from '../../src/profiles/delay-profile.repository.js';
import { DelayProfileService } from '../../src/profiles/delay-profile.service.js';
import { BadRequestError, NotFoundError } from '../../src/shared/errors.js';
import { ManualClock } from '../support/clock.js';
import { dialects, openTestDatabase, type TestDatabase } from '../support/databases.js';

const profile = (overrides: Partial<Parameters<DelayProfileService['create']>[0]> = {}) => ({
  preferredProtocol: 'usenet' as const,
  usenetDelay: 0,
  torrentDelay: 60,
  bypassIfHighestQuality: false,
  tags: ['anime'],
  ...overrides,
});

describe.each(dialects)('delay profiles on %s', (dialect) => {
  let database: TestDatabase;
  let service: DelayProfileService;
  const clock = new ManualClock();

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    service = new DelayProfileService(new DelayProfileRepository(database.handle.db), clock);
  });
  afterAll(() => database.cleanup());
  beforeEach(async () => {
    await database.handle.db.deleteFrom('delay_profiles').where('is_default', '=', 0).execute();
  });

  it('starts with one default profile: no tags, no delay, torrent preferred, never deletable', async () => {
    const [only, ...rest] = await service.list();
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      isDefault: true,
      tags: [],
      usenetDelay: 0,
      torrentDelay: 0,
      preferredProtocol: 'torrent',
    });
    await expect(service.delete(only!.id)).rejects.toThrow(BadRequestError);
    await expect(service.update(only!.id, profile({ tags: ['x'] }))).rejects.toThrow(/takes no tags/);
    const edited = await service.update(only!.id, profile({ tags: [], torrentDelay: 30 }));
    expect(edited).toMatchObject({ isDefault: true, torrentDelay: 30, preferredProtocol: 'usenet' });
    await service.update(only!.id, profile({ tags: [], torrentDelay: 0, preferredProtocol: 'torrent' }));
  });

  it('creates tagged profiles before the default, normalising tags; refuses one without tags', async () => {
    const anime = await service.create(profile({ tags: [' Anime ', 'anime', 'JP'] }));
    const kids = await service.create(profile({ tags: ['kids'], torrentDelay: 5 }));
    expect(anime.tags).toEqual(['anime', 'jp']);
    expect((await service.list()).map((entry) => entry.id)).toEqual([
      anime.id,
      kids.id,
      expect.any(Number) as number,
    ]);
    expect((await service.list()).at(-1)?.isDefault).toBe(true);
    await expect(service.create(profile({ tags: [] }))).rejects.toThrow(/at least one tag/);
    await expect(service.create(profile({ tags: ['   '] }))).rejects.toThrow(/at least one tag/);
  });

  it('updates, deletes and answers 404 for a profile that is not there', async () => {
    const created = await service.create(profile());
    const updated = await service.update(created.id, profile({ usenetDelay: 120, tags: ['news'] }));
    expect(updated).toMatchObject({ id: created.id, usenetDelay: 120, tags: ['news'], isDefault: false });
    await service.delete(created.id);
    await expect(service.get(created.id)).rejects.toThrow(NotFoundError);
    await expect(service.delete(created.id)).rejects.toThrow(NotFoundError);
    await expect(service.update(created.id, profile())).rejects.toThrow(NotFoundError);
  });

  it('reorders: first without "after", after another one otherwise; the default stays last', async () => {
    const a = await service.create(profile({ tags: ['a'] }));
    const b = await service.create(profile({ tags: ['b'] }));
    const c = await service.create(profile({ tags: ['c'] }));
    const ids = async () => (await service.list()).filter((p) => !p.isDefault).map((p) => p.id);

    await service.reorder(c.id, undefined);
    expect(await ids()).toEqual([c.id, a.id, b.id]);
    await service.reorder(c.id, b.id);
    expect(await ids()).toEqual([a.id, b.id, c.id]);
    await service.reorder(a.id, b.id);
    expect(await ids()).toEqual([b.id, a.id, c.id]);

    const defaultId = (await service.list()).find((p) => p.isDefault)!.id;
    await expect(service.reorder(defaultId, undefined)).rejects.toThrow(/always last/);
    await expect(service.reorder(a.id, defaultId)).rejects.toThrow(BadRequestError);
    await expect(service.reorder(a.id, a.id)).rejects.toThrow(BadRequestError);
    expect((await service.list()).at(-1)?.id).toBe(defaultId);
  });

  it("gives a series the first profile by order sharing one of its tags, else the default's delay", async () => {
    const defaultId = (await service.list()).find((p) => p.isDefault)!.id;
    await service.update(defaultId, profile({ tags: [], torrentDelay: 1, usenetDelay: 2 }));
    const anime = await service.create(profile({ tags: ['anime'], torrentDelay: 60 }));
    await service.create(profile({ tags: ['anime', 'kids'], torrentDelay: 90 }));

    expect(await service.forSeries({ tags: ['kids'] })).toEqual({
      usenetDelayMinutes: 0,
      torrentDelayMinutes: 90,
      preferredProtocol: 'usenet',
      bypassIfHighestQuality: false,
    });
    expect((await service.forSeries({ tags: ['kids', 'anime'] })).torrentDelayMinutes).toBe(60);
    expect((await service.forSeries({ tags: ['Anime'] })).torrentDelayMinutes).toBe(60);
    expect(await service.forSeries({ tags: ['drama'] })).toMatchObject({
      torrentDelayMinutes: 1,
      usenetDelayMinutes: 2,
    });
    expect((await service.forSeries({ tags: [] })).torrentDelayMinutes).toBe(1);

    await service.reorder(anime.id, (await service.list())[1]!.id);
    expect((await service.forSeries({ tags: ['anime'] })).torrentDelayMinutes).toBe(90);
    await service.update(
      defaultId,
      profile({ tags: [], torrentDelay: 0, usenetDelay: 0, preferredProtocol: 'torrent' }),
    );
  });
});
