// Builders for TV decision-engine tests: a standard series ("The Show", 2020, 45-min episodes) with a
// special, two fully aired seasons of eight episodes and a third half aired on TV_NOW, episode files,
// and a full EpisodeDecisionInput with Sonarr-like defaults, each overridable per test.
import { defaultDecisionSettings, type CandidateRelease } from '../../src/decisions/decision.types.js';
import type {
  DecisionEpisode,
  DecisionEpisodeFile,
  DecisionSeries,
  EpisodeDecisionInput,
} from '../../src/decisions/episode-decision.types.js';
import type { IndexerRelease } from '../../src/indexers/indexer.js';
import { cleanTitle, parseRelease } from '../../src/parser/index.js';
import { defaultQualityDefinitions } from '../../src/profiles/default-profiles.js';
import { defaultProfile, GB, indexerRelease } from './fixtures.js';

export const TV_NOW = Date.UTC(2026, 0, 15, 12);
export const DAY = 24 * 3600 * 1000;

export function decisionSeries(overrides: Partial<DecisionSeries> = {}): DecisionSeries {
  return {
    id: 7,
    title: 'The Show',
    year: 2020,
    seriesType: 'standard',
    monitored: true,
    qualityProfileId: 6,
    tvdbId: 1001,
    tvmazeId: 2001,
    imdbId: 'tt1000001',
    tmdbId: 3001,
    runtimeMinutes: 45,
    cleanTitles: ['The Show', 'La Serie'].map(cleanTitle),
    ...overrides,
  };
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** An episode airing `airedDaysAgo` days before TV_NOW (negative: still to come; null: no date). */
export function episode(
  seasonNumber: number,
  episodeNumber: number,
  airedDaysAgo: number | null,
  overrides: Partial<DecisionEpisode> = {},
): DecisionEpisode {
  const airDateUtc = airedDaysAgo === null ? null : TV_NOW - airedDaysAgo * DAY;
  return {
    id: seasonNumber * 100 + episodeNumber,
    seasonNumber,
    episodeNumber,
    absoluteNumber: null,
    airDate: airDateUtc === null ? null : isoDate(airDateUtc),
    airDateUtc,
    monitored: seasonNumber > 0,
    runtimeMinutes: null,
    file: null,
    ...overrides,
  };
}

let fileCounter = 0;

export function episodeFile(
  quality: string,
  overrides: Partial<DecisionEpisodeFile> = {},
): DecisionEpisodeFile {
  fileCounter += 1;
  return {
    id: fileCounter,
    quality: { name: quality, revision: { version: 1, real: 0, repack: false } },
    customFormatScore: 0,
    size: 3 * GB,
    releaseTitle: null,
    releaseGroup: null,
    ...overrides,
  };
}

/** S00E01, S01E01–08 and S02E01–08 aired, S03E01–02 aired, S03E03 next week, S03E04 unscheduled. */
export function library(): DecisionEpisode[] {
  const episodes = [episode(0, 1, 400)];
  for (let n = 1; n <= 8; n++) episodes.push(episode(1, n, 380 - 7 * n));
  for (let n = 1; n <= 8; n++) episodes.push(episode(2, n, 150 - 7 * n));
  episodes.push(episode(3, 1, 10), episode(3, 2, 3), episode(3, 3, -4), episode(3, 4, null));
  return episodes;
}

/** The library with a file on some episodes: `{ 101: 'Bluray-1080p' }` puts one on S01E01. */
export function withFiles(
  episodes: readonly DecisionEpisode[],
  files: Record<number, string | DecisionEpisodeFile>,
): DecisionEpisode[] {
  return episodes.map((e) => {
    const file = files[e.id];
    if (file === undefined) return e;
    return { ...e, file: typeof file === 'string' ? episodeFile(file) : file };
  });
}

export function tvRelease(title: string, overrides: Partial<IndexerRelease> = {}): CandidateRelease {
  const release = indexerRelease(title, { size: 3 * GB, categories: [5040], ...overrides });
  return { release, parsed: parseRelease(release.title) };
}

export function episodeInput(overrides: Partial<EpisodeDecisionInput> = {}): EpisodeDecisionInput {
  return {
    releases: [],
    series: decisionSeries(),
    episodes: library(),
    profile: defaultProfile('HD - 720p/1080p'),
    customFormats: [],
    qualityDefinitions: defaultQualityDefinitions(),
    queue: [],
    blocklist: [],
    grabbedGuids: [],
    settings: defaultDecisionSettings,
    indexerPriorities: {},
    delayProfile: null,
    searchKind: 'automatic',
    now: TV_NOW,
    ...overrides,
  };
}
