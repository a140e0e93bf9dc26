// Builders for decision-engine tests and the benchmark: an indexer release as a Torznab feed would
// give it, a movie, and a full DecisionInput with Radarr-like defaults, each overridable per test.
import type { CandidateRelease, DecisionInput, DecisionMovie } from '../../src/decisions/decision.types.js';
import { defaultDecisionSettings } from '../../src/decisions/decision.types.js';
import type { IndexerRelease } from '../../src/indexers/indexer.js';
import { parseRelease } from '../../src/parser/index.js';
import { defaultQualityDefinitions, defaultQualityProfiles } from '../../src/profiles/default-profiles.js';
import type { QualityProfile } from '../../src/profiles/profile.schema.js';
import { indexerRelease as baseRelease } from '../support/releases.js';

export const GB = 1024 ** 3;
export const NOW = Date.UTC(2026, 0, 1);

let guidCounter = 0;

export function indexerRelease(title: string, overrides: Partial<IndexerRelease> = {}): IndexerRelease {
  guidCounter += 1;
  return baseRelease({
    guid: `guid-${guidCounter}`,
    title,
    indexer: 'Tracker',
    downloadUrl: `http://127.0.0.1/download/${guidCounter}`,
    infoHash: guidCounter.toString(16).padStart(40, '0'),
    size: 8 * GB,
    publishDate: new Date(NOW - 2 * 24 * 3600 * 1000),
    seeders: 50,
    leechers: 3,
    peers: 53,
    grabs: 100,
    files: 1,
    categories: [2040],
    ...overrides,
  });
}

export function candidate(title: string, overrides: Partial<IndexerRelease> = {}): CandidateRelease {
  const release = indexerRelease(title, overrides);
  return { release, parsed: parseRelease(release.title) };
}

export function movie(overrides: Partial<DecisionMovie> = {}): DecisionMovie {
  return {
    id: 1,
    title: 'The Matrix',
    originalTitle: 'The Matrix',
    alternativeTitles: ['Matrix'],
    year: 1999,
    imdbId: 'tt0133093',
    tmdbId: 603,
    runtimeMinutes: 136,
    availability: 'released',
    minimumAvailability: 'released',
    monitored: true,
    qualityProfileId: 4,
    ...overrides,
  };
}

/** A seeded default profile by name ("Any", "HD-1080p", "Ultra-HD", …), with an id. */
export function defaultProfile(name: string, overrides: Partial<QualityProfile> = {}): QualityProfile {
  const index = defaultQualityProfiles().findIndex((profile) => profile.name === name);
  const profile = defaultQualityProfiles()[index];
  if (!profile) throw new Error(`no default profile ${name}`);
  return { ...profile, id: index + 1, ...overrides };
}

export function decisionInput(overrides: Partial<DecisionInput> = {}): DecisionInput {
  return {
    releases: [],
    movie: movie(),
    profile: defaultProfile('HD-1080p'),
    customFormats: [],
    qualityDefinitions: defaultQualityDefinitions(),
    movieFile: null,
    queue: [],
    blocklist: [],
    grabbedGuids: [],
    settings: defaultDecisionSettings,
    indexerPriorities: {},
    now: NOW,
    ...overrides,
  };
}
