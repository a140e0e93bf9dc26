// Throughput of the decision engine: 10,000 releases (right movies, wrong years, unknown titles, CAMs,
// samples, undersized and blocklisted ones) against a 10,000-movie library. Each release finds its
// candidate movie by clean title through a Map, then every specification runs. Parsing the names is
// measured apart (the parser has its own benchmark).
import { performance } from 'node:perf_hooks';
import { evaluateReleases } from '../src/decisions/decision-engine.js';
import {
  defaultDecisionSettings,
  type CandidateRelease,
  type DecisionInput,
  type DecisionMovie,
} from '../src/decisions/decision.types.js';
import type { IndexerRelease } from '../src/indexers/indexer.js';
import { cleanTitle, parseRelease } from '../src/parser/index.js';
import { defaultQualityDefinitions, defaultQualityProfiles } from '../src/profiles/default-profiles.js';
import type { CustomFormat } from '../src/profiles/profile.schema.js';
import { indexerRelease } from '../test/support/releases.js';
import { seededRandom } from './random.js';

const adjectives = 'Silent Crimson Broken Hidden Last Golden Frozen Burning Lost Savage Electric Midnight Iron Hollow Wild Bitter Distant Endless Scarlet Quiet Northern Violent'.split(' '); // prettier-ignore
const nouns = 'River Empire Garden Signal Harbor Kingdom Witness Horizon Machine Orchard Prophet Frontier Mirror Tide Citadel Ember Voyage Canyon Archive Legion Meadow Comet'.split(' '); // prettier-ignore
const thirds = 'Rising Returns Protocol Requiem Awakening Chronicles Reckoning Divide Legacy Paradox Covenant Exodus Genesis Odyssey Vendetta Sanctuary Inferno Eclipse Uprising Dominion Spiral Verdict'.split(' '); // prettier-ignore
const tails = [
  '1080p.BluRay.x264-SPARKS', '2160p.UHD.BluRay.x265.10bit.HDR.DTS-HD.MA.5.1-SWTYBLZ', '1080p.AMZN.WEB-DL.DDP5.1.H.264-NTG',
  '720p.BluRay.x264-GRP', 'HDCAM.x264-C1NEM4', '1080p.WEBRip.x264-RARBG', 'PROPER.1080p.BluRay.x264-GRP',
  '1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-FGT', '1080p.BluRay.x264.SAMPLE-GRP', 'DVDRip.XviD-EVO',
]; // prettier-ignore

function buildLibrary(size: number): DecisionMovie[] {
  const movies: DecisionMovie[] = [];
  for (let i = 0; movies.length < size; i += 1) {
    const a = adjectives[i % adjectives.length]!;
    const b = nouns[Math.floor(i / adjectives.length) % nouns.length]!;
    const c = thirds[Math.floor(i / (adjectives.length * nouns.length)) % thirds.length]!;
    movies.push({
      id: i + 1,
      title: `The ${a} ${b} ${c}`,
      originalTitle: null,
      alternativeTitles: [`${a} ${b} ${c}`],
      year: 1970 + (i % 55),
      imdbId: `tt${String(1_000_000 + i)}`,
      tmdbId: 10_000 + i,
      runtimeMinutes: 90 + (i % 60),
      availability: 'released',
      minimumAvailability: 'released',
      monitored: true,
      qualityProfileId: 1,
    });
  }
  return movies;
}

function buildReleases(library: DecisionMovie[], count: number): IndexerRelease[] {
  const next = seededRandom(42);
  return Array.from({ length: count }, (_, i) => {
    const movie = library[Math.floor(next() * library.length)]!;
    const decoy = next();
    // One in ten names a movie that is not in the library; one in ten gives a wrong year.
    const title = decoy < 0.1 ? `Not In Library ${i}` : movie.title;
    const year = (movie.year ?? 2000) + (decoy >= 0.1 && decoy < 0.2 ? 7 : 0);
    const tail = tails[i % tails.length]!;
    const size = Math.floor((next() < 0.1 ? 0.3 : 2 + next() * 30) * 1024 ** 3);
    return indexerRelease({
      guid: `bench-${i}`,
      title: `${title}.${year}.${tail}`.replace(/ /g, '.'),
      indexer: i % 3 === 0 ? 'Usenet' : 'Tracker',
      protocol: i % 3 === 0 ? 'usenet' : 'torrent',
      infoHash: i % 3 === 0 ? null : i.toString(16).padStart(40, '0'),
      size,
      publishDate: new Date(Date.UTC(2025, 11, 1)),
      seeders: i % 3 === 0 ? null : Math.floor(next() * 100),
      categories: [2000],
      indexerFlags: i % 7 === 0 ? ['freeleech'] : [],
    });
  });
}

const customFormats: CustomFormat[] = [
  { id: 1, name: 'HDR', includeWhenRenaming: false, conditions: [{ type: 'releaseTitle', name: 'hdr', pattern: '\\bHDR(10)?\\b', negate: false, required: false }] },
  { id: 2, name: 'x265', includeWhenRenaming: false, conditions: [{ type: 'releaseTitle', name: 'x265', pattern: '[xh][ .]?265|hevc', negate: false, required: false }] },
  { id: 3, name: 'Freeleech', includeWhenRenaming: false, conditions: [{ type: 'indexerFlag', name: 'fl', flag: 'freeleech', negate: false, required: false }] },
  { id: 4, name: 'Remux', includeWhenRenaming: false, conditions: [{ type: 'qualityModifier', name: 'remux', modifier: 'remux', negate: false, required: true }, { type: 'resolution', name: '1080', resolution: 1080, negate: false, required: false }, { type: 'resolution', name: '2160', resolution: 2160, negate: false, required: false }] },
]; // prettier-ignore

export interface DecisionBenchmark {
  releases: number;
  movies: number;
  /** Releases matched to a movie and decided per second (names parsed beforehand). */
  releasesPerSecond: number;
  /** The same including parsing each name. */
  releasesPerSecondWithParsing: number;
  accepted: number;
  noMovie: number;
}

export function decisionBenchmark(releaseCount = 10_000, movieCount = 10_000): DecisionBenchmark {
  const library = buildLibrary(movieCount);
  const byCleanTitle = new Map<string, DecisionMovie[]>();
  for (const movie of library) {
    for (const title of [movie.title, ...movie.alternativeTitles]) {
      const key = cleanTitle(title);
      const list = byCleanTitle.get(key) ?? [];
      if (!list.includes(movie)) list.push(movie);
      byCleanTitle.set(key, list);
    }
  }
  const releases = buildReleases(library, releaseCount);
  const anyProfile = defaultQualityProfiles()[0]!;
  const base: Omit<DecisionInput, 'releases' | 'movie'> = {
    profile: { ...anyProfile, id: 1, formatScores: [{ customFormatId: 1, score: 10 }, { customFormatId: 3, score: 5 }, { customFormatId: 4, score: 20 }] }, // prettier-ignore
    customFormats,
    qualityDefinitions: defaultQualityDefinitions(),
    movieFile: null,
    queue: [],
    blocklist: [{ infoHash: (7).toString(16).padStart(40, '0') }],
    grabbedGuids: [],
    settings: { ...defaultDecisionSettings, ignoredTerms: ['HDCAM'] },
    indexerPriorities: { Tracker: 10, Usenet: 20 },
    now: Date.UTC(2026, 0, 1),
  };

  const decideAll = (candidates: CandidateRelease[]) => {
    let accepted = 0;
    let noMovie = 0;
    for (const candidate of candidates) {
      const movie = byCleanTitle.get(candidate.parsed.cleanTitle)?.[0];
      if (!movie) {
        noMovie += 1;
        continue;
      }
      const [decision] = evaluateReleases({ ...base, releases: [candidate], movie });
      if (decision?.accepted) accepted += 1;
    }
    return { accepted, noMovie };
  };

  const parseStart = performance.now();
  const candidates = releases.map((release) => ({ release, parsed: parseRelease(release.title) }));
  const parseMs = performance.now() - parseStart;

  decideAll(candidates.slice(0, 500)); // warm-up
  const start = performance.now();
  const { accepted, noMovie } = decideAll(candidates);
  const decideMs = performance.now() - start;

  return {
    releases: releaseCount,
    movies: movieCount,
    releasesPerSecond: Math.round(releaseCount / (decideMs / 1000)),
    releasesPerSecondWithParsing: Math.round(releaseCount / ((decideMs + parseMs) / 1000)),
    accepted,
    noMovie,
  };
}
