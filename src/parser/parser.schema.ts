// Owns the JSON shape of a parsed release as the API and `omniarr parse --jsonl` show it: the zod schema
// is both the response validation and the OpenAPI documentation.
import { z } from 'zod';
import type { ParsedRelease } from './parsed-release.js';

const revisionSchema = z
  .object({
    version: z
      .number()
      .int()
      .describe('1 for a first release; 2 for PROPER/REPACK/RERIP or anime v2; higher for later fixes'),
    real: z.number().int().describe('How many times the name says REAL (in capitals)'),
    repack: z.boolean().describe('The release is a REPACK or RERIP of the same group'),
  })
  .describe('Which fix of a release this is');

const qualitySchema = z
  .object({
    name: z
      .string()
      .describe(
        'Quality name in Sonarr/Radarr vocabulary, e.g. WEBDL-1080p, Bluray-2160p Remux (series), Remux-2160p (movies), SDTV, Unknown',
      ),
    source: z
      .enum(['cam', 'telesync', 'telecine', 'workprint', 'dvd', 'tv', 'webdl', 'webrip', 'bluray', 'unknown'])
      .describe('Where the video came from'),
    resolution: z
      .number()
      .int()
      .nullable()
      .describe('Vertical resolution in lines (480, 720, 1080, 2160), null when not named'),
    modifier: z
      .enum(['regional', 'screener', 'rawhd', 'brdisk', 'remux', 'dvdr'])
      .nullable()
      .describe('What was done to the source, if anything notable'),
    revision: revisionSchema,
  })
  .describe('Quality as announced by the name');

export const parsedReleaseSchema = z
  .object({
    title: z
      .string()
      .describe(
        'Series or movie title as written (separators turned into spaces); empty when none was found',
      ),
    alternativeTitles: z
      .array(z.string())
      .describe('Other titles the name gives (Title A AKA Title B, 中文 / English)'),
    kind: z
      .enum(['episode', 'movie'])
      .describe('episode when an episode, season or air date was found; otherwise movie'),
    year: z.number().int().nullable().describe('Release year of the movie or series'),
    seasons: z.array(z.number().int()).describe('Season numbers (several for multi-season packs)'),
    episodes: z.array(z.number().int()).describe('Episode numbers within the season'),
    absoluteEpisodes: z.array(z.number().int()).describe('Anime absolute episode numbers'),
    airDate: z.string().nullable().describe('Daily shows: air date as YYYY-MM-DD'),
    fullSeason: z.boolean().describe('A whole-season pack'),
    seasonPart: z.number().int().nullable().describe('Part of a season pack (S01 Part 2 → 2)'),
    multiSeason: z.boolean().describe('A pack of several seasons'),
    special: z.boolean().describe('A special (season 0, Special, OVA)'),
    quality: qualitySchema,
    releaseGroup: z.string().nullable().describe('Scene/P2P group or anime fansub group'),
    releaseHash: z.string().nullable().describe('Anime CRC32 in brackets'),
    languages: z
      .array(z.string())
      .describe(
        'ISO 639-1 audio languages; "mul" when several are announced without names; ["en"] when none named',
      ),
    edition: z.string().nullable().describe("Movie edition (Director's Cut, Extended, IMAX, …)"),
    hardcodedSubs: z.string().nullable().describe('The tag announcing burnt-in subtitles (HC, KORSUB, …)'),
    imdbId: z.string().nullable().describe('IMDb id (tt…) found in the name'),
    tmdbId: z.number().int().nullable().describe('TMDB id found in the name'),
    tvdbId: z.number().int().nullable().describe('TVDB id found in the name'),
    videoCodec: z
      .string()
      .nullable()
      .describe('Video codec family: h264, h265, av1, vp9, xvid, divx, mpeg2, vc1'),
    audioCodec: z
      .string()
      .nullable()
      .describe('Main audio codec: AAC, AC3, EAC3, DTS, DTS-HD MA, TrueHD Atmos, FLAC, …'),
    audioChannels: z.string().nullable().describe('Channel layout: 2.0, 5.1, 7.1'),
    hdr: z.array(z.string()).describe('Dynamic-range formats: DV, HDR10+, HDR10, HDR, HLG'),
    streamingService: z.string().nullable().describe('Streaming service the WEB release came from'),
    extension: z.string().nullable().describe('File extension without the dot, when a file name was given'),
    cleanTitle: z.string().describe('Title normalised for matching library titles and aliases'),
  })
  .describe('What a release name says');

// The schema must describe exactly the library's type; a drift in either fails the type check here.
type SchemaShape = z.infer<typeof parsedReleaseSchema>;
const sameShape: [SchemaShape, ParsedRelease] extends [ParsedRelease, SchemaShape] ? true : false = true;
void sameShape;
