// Conformance against the public release-name corpus that ships with Debian's python3-guessit
// (guessit/test/episodes.yml and movies.yml). guessit models some things differently (episode titles,
// `other`, subtitle languages, its own service names), so only the fields both parsers mean the same
// way are compared, and each has a measured pass-rate floor: a drop means the parser got worse.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cleanTitle, parseRelease, type ParsedRelease } from '../../src/parser/index.js';

const corpusDir = '/usr/lib/python3/dist-packages/guessit/test';
const files = ['episodes.yml', 'movies.yml'] as const;

type Expected = Record<string, unknown>;

interface Case {
  name: string;
  file: string;
  expected: Expected;
}

function loadCases(): Case[] {
  const cases: Case[] = [];
  for (const file of files) {
    const document = parse(readFileSync(`${corpusDir}/${file}`, 'utf8'), { uniqueKeys: false }) as Record<
      string,
      Expected | null
    >;
    const defaults = document.__default__ ?? {};
    for (const [name, expected] of Object.entries(document)) {
      // `-name` marks a name guessit is known to get wrong; options change guessit's behaviour.
      if (name === '__default__' || !expected || name.startsWith('-') || name.startsWith('+')) continue;
      if ('options' in expected) continue;
      cases.push({ name, file, expected: { ...defaults, ...expected } });
    }
  }
  return cases;
}

const numbers = (value: unknown): number[] | undefined => {
  if (value === undefined) return undefined;
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.every((v): v is number => typeof v === 'number') ? list : undefined;
};

const sources: Record<string, ParsedRelease['quality']['source'][]> = {
  HDTV: ['tv'],
  'Ultra HDTV': ['tv'],
  'Analog HDTV': ['tv'],
  TV: ['tv'],
  'Digital TV': ['tv'],
  Satellite: ['tv'],
  'Digital Satellite': ['tv'],
  Web: ['webdl', 'webrip'],
  'Blu-ray': ['bluray'],
  'Ultra HD Blu-ray': ['bluray'],
  'HD-DVD': ['bluray'],
  DVD: ['dvd'],
  Camera: ['cam'],
  'HD Camera': ['cam'],
  Telesync: ['telesync'],
  'HD Telesync': ['telesync'],
  Telecine: ['telecine'],
  'HD Telecine': ['telecine'],
  Workprint: ['workprint'],
};

const codecs: Record<string, string> = {
  'H.264': 'h264',
  'H.265': 'h265',
  Xvid: 'xvid',
  DivX: 'divx',
  'MPEG-2': 'mpeg2',
  'VC-1': 'vc1',
  AV1: 'av1',
  VP9: 'vp9',
};

type Check = (expected: Expected, actual: ParsedRelease) => boolean | undefined;

/** Each field: undefined when the case does not say (or says it in a way we do not model). */
const checks: Record<string, Check> = {
  title: (e, a) =>
    typeof e.title === 'string' && !Array.isArray(e.title) ? cleanTitle(e.title) === a.cleanTitle : undefined,
  year: (e, a) => (typeof e.year === 'number' ? e.year === a.year : undefined),
  season: (e, a) => {
    const seasons = numbers(e.season);
    return seasons ? JSON.stringify(seasons) === JSON.stringify(a.seasons) : undefined;
  },
  episode: (e, a) => {
    const episodes = numbers(e.episode);
    if (!episodes) return undefined;
    const found = e.season === undefined && a.episodes.length === 0 ? a.absoluteEpisodes : a.episodes;
    return JSON.stringify(episodes) === JSON.stringify(found);
  },
  date: (e, a) => {
    if (e.date === undefined || e.type !== 'episode') return undefined;
    const date =
      e.date instanceof Date ? e.date.toISOString().slice(0, 10) : typeof e.date === 'string' ? e.date : null;
    return date === a.airDate;
  },
  releaseGroup: (e, a) =>
    typeof e.release_group === 'string'
      ? e.release_group.toLowerCase() === a.releaseGroup?.toLowerCase()
      : undefined,
  resolution: (e, a) => {
    if (typeof e.screen_size !== 'string') return undefined;
    const m = /^(\d{3,4})[pi]$/.exec(e.screen_size);
    if (!m) return e.screen_size === '4K' ? a.quality.resolution === 2160 : undefined;
    return Number(m[1]) === a.quality.resolution;
  },
  source: (e, a) => {
    if (typeof e.source !== 'string') return undefined;
    const allowed = sources[e.source];
    return allowed ? allowed.includes(a.quality.source) : undefined;
  },
  videoCodec: (e, a) => {
    if (typeof e.video_codec !== 'string') return undefined;
    const codec = codecs[e.video_codec];
    return codec ? codec === a.videoCodec : undefined;
  },
  audioChannels: (e, a) =>
    typeof e.audio_channels === 'string' && /^\d\.\d$/.test(e.audio_channels)
      ? e.audio_channels === a.audioChannels
      : undefined,
  extension: (e, a) =>
    typeof e.container === 'string' ? e.container.toLowerCase() === a.extension : undefined,
};

interface Rate {
  passed: number;
  total: number;
  failures: string[];
}

function measure(cases: Case[]): Record<string, Rate> {
  const rates: Record<string, Rate> = {};
  for (const testCase of cases) {
    const actual = parseRelease(testCase.name);
    for (const [field, check] of Object.entries(checks)) {
      const ok = check(testCase.expected, actual);
      if (ok === undefined) continue;
      const rate = (rates[field] ??= { passed: 0, total: 0, failures: [] });
      rate.total++;
      if (ok) rate.passed++;
      else rate.failures.push(testCase.name);
    }
  }
  return rates;
}

/**
 * Floors just under the rates measured when this test was written (run with PARSER_CORPUS_REPORT=1 to
 * print them, or PARSER_CORPUS_REPORT=<field> to list that field's misses).
 */
const floors: Record<string, number> = {
  title: 0.79,
  year: 0.91,
  season: 0.9,
  episode: 0.82,
  date: 0.65,
  releaseGroup: 0.72,
  resolution: 0.96,
  source: 0.95,
  videoCodec: 0.95,
  audioChannels: 0.93,
  extension: 0.93,
};

describe.skipIf(!existsSync(`${corpusDir}/episodes.yml`))('guessit corpus conformance', () => {
  const cases = loadCases();
  const rates = measure(cases);

  it('reads the corpus', () => {
    expect(cases.length).toBeGreaterThan(500);
  });

  for (const [field, floor] of Object.entries(floors)) {
    it(`${field}: pass rate stays at or above ${floor}`, () => {
      const rate = rates[field];
      expect(rate).toBeDefined();
      const value = rate!.passed / rate!.total;
      if (process.env.PARSER_CORPUS_REPORT) {
        console.log(`${field}: ${rate!.passed}/${rate!.total} = ${(value * 100).toFixed(1)}%`);
        if (process.env.PARSER_CORPUS_REPORT === field) console.log(rate!.failures.slice(0, 60).join('\n'));
      }
      expect(value).toBeGreaterThanOrEqual(floor);
    });
  }
});
