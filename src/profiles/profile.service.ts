// Owns the rules of quality definitions, quality profiles and custom formats: what makes a profile
// coherent (each quality once, a wanted cutoff, scores for formats that exist), unique names, no
// deleting a profile that movies use, and the defaults a new install is seeded with.
import type { Clock } from '../shared/clock.js';
import { BadRequestError, ConflictError, NotFoundError } from '../shared/errors.js';
import { defaultQualityDefinitions, defaultQualityProfiles } from './default-profiles.js';
import type {
  CustomFormat,
  CustomFormatInput,
  QualityDefinition,
  QualityDefinitionUpdate,
  QualityProfile,
  QualityProfileInput,
} from './profile.schema.js';
import type { ProfileRepository } from './profile.repository.js';
import { isKnownQuality } from './qualities.js';
import { itemName, itemQualities } from './quality-ranking.js';

export interface ProfileServiceOptions {
  /** Whether any movie (or later, series) uses the profile; the composition root wires the catalog in. */
  isProfileInUse?: (profileId: number) => Promise<boolean>;
}

/** Everything the decision engine needs from this module for one movie's profile. */
export interface ProfileDecisionContext {
  profile: QualityProfile;
  customFormats: CustomFormat[];
  qualityDefinitions: QualityDefinition[];
}

export interface SeedReport {
  qualityDefinitions: number;
  qualityProfiles: string[];
}

export class ProfileService {
  private isProfileInUse: (profileId: number) => Promise<boolean>;

  constructor(
    private readonly repository: ProfileRepository,
    private readonly clock: Clock,
    options: ProfileServiceOptions = {},
  ) {
    this.isProfileInUse = options.isProfileInUse ?? (() => Promise.resolve(false));
  }

  /** For a catalog built after this service: the hook that guards profile deletion. */
  setProfileInUseCheck(check: (profileId: number) => Promise<boolean>): void {
    this.isProfileInUse = check;
  }

  /**
   * Adds a definition for every quality that has none, and the default profiles when there are no
   * profiles at all (so a user who deleted one default does not see it come back at the next start).
   * Safe to run at every start, and by two replicas at once.
   */
  async seedDefaults(): Promise<SeedReport> {
    const now = this.clock.now();
    const qualityDefinitions = await this.repository.insertMissingQualityDefinitions(
      defaultQualityDefinitions(),
      now,
    );
    const qualityProfiles: string[] = [];
    if ((await this.repository.countProfiles()) === 0) {
      for (const profile of defaultQualityProfiles()) {
        if ((await this.repository.insertProfile(profile, now)) !== undefined)
          qualityProfiles.push(profile.name);
      }
    }
    return { qualityDefinitions, qualityProfiles };
  }

  // Quality definitions

  listQualityDefinitions(): Promise<QualityDefinition[]> {
    return this.repository.listQualityDefinitions();
  }

  async getQualityDefinition(quality: string): Promise<QualityDefinition> {
    const found = (await this.repository.listQualityDefinitions()).find((d) => d.quality === quality);
    if (!found) throw new NotFoundError(`quality definition "${quality}" not found`);
    return found;
  }

  async updateQualityDefinition(
    quality: string,
    update: QualityDefinitionUpdate,
  ): Promise<QualityDefinition> {
    if (!isKnownQuality(quality)) throw new NotFoundError(`quality definition "${quality}" not found`);
    const { minSize, preferredSize, maxSize } = update;
    const problems: string[] = [];
    if (maxSize !== null && minSize > maxSize) problems.push('minSize is above maxSize');
    if (preferredSize !== null && preferredSize < minSize) problems.push('preferredSize is below minSize');
    if (preferredSize !== null && maxSize !== null && preferredSize > maxSize)
      problems.push('preferredSize is above maxSize');
    if (problems.length > 0)
      throw new BadRequestError(`invalid sizes for ${quality}: ${problems.join('; ')}`);
    const definition = { quality, ...update };
    if (!(await this.repository.updateQualityDefinition(definition, this.clock.now()))) {
      throw new NotFoundError(`quality definition "${quality}" not found (defaults not seeded yet?)`);
    }
    return definition;
  }

  // Quality profiles

  listProfiles(): Promise<QualityProfile[]> {
    return this.repository.listProfiles();
  }

  async getProfile(id: number): Promise<QualityProfile> {
    const profile = await this.repository.findProfile(id);
    if (!profile) throw new NotFoundError(`quality profile ${id} not found`);
    return profile;
  }

  async createProfile(input: QualityProfileInput): Promise<QualityProfile> {
    await this.assertCoherent(input);
    const id = await this.repository.insertProfile(input, this.clock.now());
    if (id === undefined) throw new ConflictError(`a quality profile named "${input.name}" exists already`);
    return this.getProfile(id);
  }

  async updateProfile(id: number, input: QualityProfileInput): Promise<QualityProfile> {
    await this.getProfile(id);
    await this.assertCoherent(input);
    const sameName = await this.repository.findProfileIdByName(input.name);
    if (sameName !== undefined && sameName !== id) {
      throw new ConflictError(`a quality profile named "${input.name}" exists already`);
    }
    if (!(await this.repository.updateProfile(id, input, this.clock.now()))) {
      throw new NotFoundError(`quality profile ${id} not found`);
    }
    return this.getProfile(id);
  }

  async deleteProfile(id: number): Promise<void> {
    const profile = await this.getProfile(id);
    if (await this.isProfileInUse(id)) {
      throw new ConflictError(
        `quality profile "${profile.name}" is used; give its movies another profile first`,
      );
    }
    if (!(await this.repository.deleteProfile(id)))
      throw new NotFoundError(`quality profile ${id} not found`);
  }

  /** The profile with the formats and definitions it is judged with. */
  async decisionContext(profileId: number): Promise<ProfileDecisionContext> {
    const [profile, customFormats, qualityDefinitions] = await Promise.all([
      this.getProfile(profileId),
      this.repository.listCustomFormats(),
      this.repository.listQualityDefinitions(),
    ]);
    return { profile, customFormats, qualityDefinitions };
  }

  private async assertCoherent(input: QualityProfileInput): Promise<void> {
    const problems = profileProblems(input);
    const known = new Set((await this.repository.listCustomFormats()).map((format) => format.id));
    for (const { customFormatId } of input.formatScores) {
      if (!known.has(customFormatId)) problems.push(`custom format ${customFormatId} does not exist`);
    }
    if (problems.length > 0) {
      throw new BadRequestError(`quality profile "${input.name}" is not valid: ${problems.join('; ')}`, {
        problems,
      });
    }
  }

  // Custom formats

  listCustomFormats(): Promise<CustomFormat[]> {
    return this.repository.listCustomFormats();
  }

  async getCustomFormat(id: number): Promise<CustomFormat> {
    const format = await this.repository.findCustomFormat(id);
    if (!format) throw new NotFoundError(`custom format ${id} not found`);
    return format;
  }

  async createCustomFormat(input: CustomFormatInput): Promise<CustomFormat> {
    const id = await this.repository.insertCustomFormat(input, this.clock.now());
    if (id === undefined) throw new ConflictError(`a custom format named "${input.name}" exists already`);
    return this.getCustomFormat(id);
  }

  async updateCustomFormat(id: number, input: CustomFormatInput): Promise<CustomFormat> {
    await this.getCustomFormat(id);
    const sameName = await this.repository.findCustomFormatIdByName(input.name);
    if (sameName !== undefined && sameName !== id) {
      throw new ConflictError(`a custom format named "${input.name}" exists already`);
    }
    await this.repository.updateCustomFormat(id, input, this.clock.now());
    return this.getCustomFormat(id);
  }

  /** Deleting a format drops its score from every profile. */
  async deleteCustomFormat(id: number): Promise<void> {
    if (!(await this.repository.deleteCustomFormat(id)))
      throw new NotFoundError(`custom format ${id} not found`);
  }
}

/** What is wrong with a profile's own shape (pure; the format ids are checked against the database). */
export function profileProblems(input: QualityProfileInput): string[] {
  const problems: string[] = [];
  const seenQualities = new Set<string>();
  const seenGroups = new Set<string>();
  for (const item of input.items) {
    if (item.kind === 'group') {
      if (seenGroups.has(item.name)) problems.push(`group "${item.name}" is listed twice`);
      if (isKnownQuality(item.name)) problems.push(`group "${item.name}" is named like a quality`);
      seenGroups.add(item.name);
    }
    for (const quality of itemQualities(item)) {
      if (seenQualities.has(quality)) problems.push(`quality "${quality}" is listed twice`);
      seenQualities.add(quality);
    }
  }
  const cutoff = input.items.find((item) => itemName(item) === input.cutoff);
  if (!cutoff) problems.push(`cutoff "${input.cutoff}" is not in the profile`);
  else if (!cutoff.allowed) problems.push(`cutoff "${input.cutoff}" is not a wanted quality`);
  if (!input.items.some((item) => item.allowed)) problems.push('no quality is wanted');
  const scored = new Set<number>();
  for (const { customFormatId } of input.formatScores) {
    if (scored.has(customFormatId)) problems.push(`custom format ${customFormatId} is scored twice`);
    scored.add(customFormatId);
  }
  return problems;
}
