// Owns delay profiles: how long a release of each protocol waits before it may be grabbed, which
// protocol is preferred, and which series a profile is for (by tag). A series uses the first profile,
// in order, sharing a tag with it; else the default profile, which has no tags and always exists.
import type { DelayProfile } from '../decisions/episode-decision.types.js';
import { normaliseTags } from '../movies/movie.service.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError, NotFoundError } from '../shared/errors.js';
import type {
  DelayProfileFields,
  DelayProfileRecord,
  DelayProfileRepository,
} from './delay-profile.repository.js';
import type { DelayProfileInput } from './delay-profile.schema.js';

/** The profile a series with these tags uses; `profiles` in their order, the default among them. */
export function delayProfileFor(
  profiles: readonly DelayProfileRecord[],
  seriesTags: readonly string[],
): DelayProfileRecord {
  const tags = new Set(seriesTags.map((tag) => tag.toLowerCase()));
  const tagged = profiles.find((profile) => !profile.isDefault && profile.tags.some((tag) => tags.has(tag)));
  const chosen = tagged ?? profiles.find((profile) => profile.isDefault);
  // Seeded by the migration and never deletable: its absence is a broken database, not a user error.
  if (!chosen) throw new Error('the default delay profile is missing');
  return chosen;
}

/** The delay profile as the decision engine reads it. */
export function toDelayProfile(profile: DelayProfileRecord): DelayProfile {
  return {
    usenetDelayMinutes: profile.usenetDelay,
    torrentDelayMinutes: profile.torrentDelay,
    preferredProtocol: profile.preferredProtocol,
    bypassIfHighestQuality: profile.bypassIfHighestQuality,
  };
}

export class DelayProfileService {
  constructor(
    private readonly repository: DelayProfileRepository,
    private readonly clock: Clock,
  ) {}

  list(): Promise<DelayProfileRecord[]> {
    return this.repository.list();
  }

  async get(id: number): Promise<DelayProfileRecord> {
    const profile = await this.repository.findById(id);
    if (!profile) throw new NotFoundError(`delay profile ${id} not found`);
    return profile;
  }

  async create(input: DelayProfileInput): Promise<DelayProfileRecord> {
    const fields = this.fieldsOf(input, false);
    return this.get(await this.repository.insert(fields, this.clock.now()));
  }

  async update(id: number, input: DelayProfileInput): Promise<DelayProfileRecord> {
    const current = await this.get(id);
    await this.repository.update(id, this.fieldsOf(input, current.isDefault), this.clock.now());
    return this.get(id);
  }

  async delete(id: number): Promise<void> {
    const current = await this.get(id);
    if (current.isDefault) throw new BadRequestError('the default delay profile cannot be deleted');
    await this.repository.delete(id);
  }

  /** Moves a profile to just after `afterId` (or first, without it); the default stays last. */
  async reorder(id: number, afterId: number | undefined): Promise<DelayProfileRecord[]> {
    const moved = await this.get(id);
    if (moved.isDefault) throw new BadRequestError('the default delay profile is always last');
    const others = (await this.repository.list()).filter(
      (profile) => !profile.isDefault && profile.id !== id,
    );
    let at = 0;
    if (afterId !== undefined) {
      at = others.findIndex((profile) => profile.id === afterId) + 1;
      if (at === 0) throw new BadRequestError(`delay profile ${afterId} is not one ${id} can follow`);
    }
    const ids = others.map((profile) => profile.id);
    ids.splice(at, 0, id);
    await this.repository.setOrder(ids, this.clock.now());
    return this.repository.list();
  }

  /** The delay a series with these tags gets (one small query: there are a handful of profiles). */
  async forSeries(series: { tags: readonly string[] }): Promise<DelayProfile> {
    return toDelayProfile(delayProfileFor(await this.repository.list(), series.tags));
  }

  private fieldsOf(input: DelayProfileInput, isDefault: boolean): DelayProfileFields {
    const tags = normaliseTags(input.tags);
    if (isDefault && tags.length > 0) {
      throw new BadRequestError('the default delay profile applies to every series: it takes no tags');
    }
    if (!isDefault && tags.length === 0) {
      throw new BadRequestError('a delay profile other than the default needs at least one tag');
    }
    return {
      preferredProtocol: input.preferredProtocol,
      usenetDelay: input.usenetDelay,
      torrentDelay: input.torrentDelay,
      bypassIfHighestQuality: input.bypassIfHighestQuality,
      tags,
    };
  }
}
