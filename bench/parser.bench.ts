// Throughput of our release-name parser against @ctrl/video-filename-parser, measured side by side in
// one run on one core, over a mixed corpus built from the naming patterns real releases follow.
import { filenameParse } from '@ctrl/video-filename-parser';
import { parseRelease } from '../src/parser/index.js';

const titles = [
  'The Mandalorian', 'Breaking Bad', 'The Office US', '9-1-1', 'The 100', '1923', 'Doctor Who 2005',
  'Grey\'s Anatomy', 'S.W.A.T.', 'Marvels Agents of S.H.I.E.L.D.', 'House of the Dragon', 'Shōgun',
  'La Casa de Papel', 'Dark', 'Mr. Robot', 'Star Trek Strange New Worlds',
]; // prettier-ignore
const movies = [
  'The Matrix', 'Blade Runner 2049', '1917', '2001 A Space Odyssey', 'V.H.S.2', 'Mission Impossible Dead Reckoning Part One',
  'Amélie', 'Crouching Tiger Hidden Dragon', 'Spider-Man Across the Spider-Verse', 'Dune Part Two',
]; // prettier-ignore
const animeTitles = [
  'Jujutsu Kaisen',
  'Shingeki no Kyojin',
  'One Piece',
  'Sousou no Frieren',
  'Kimetsu no Yaiba',
];
const tails = [
  '1080p.WEB-DL.DDP5.1.H.264-NTb', '720p.HDTV.x264-KILLERS', '2160p.AMZN.WEB-DL.DDP5.1.HDR.HEVC-FLUX',
  '1080p.NF.WEBRip.DDP5.1.x264-NTG', '480p.HDTV.x264-mSD', '1080p.BluRay.x264-DEMAND', 'REPACK.1080p.WEB.h264-GGEZ',
  'GERMAN.DL.1080p.WEB.h264-WvF', 'MULTi.1080p.WEB.H264-FW', 'iTALiAN.720p.HDTV.x264-NovaRip',
  '2160p.UHD.BluRay.REMUX.HDR.HEVC.TrueHD.Atmos.7.1-FGT', 'PROPER.720p.HDTV.x264-LOL',
]; // prettier-ignore
const movieTails = [
  '1080p.BluRay.x264-SPARKS', '2160p.UHD.BluRay.x265.10bit.HDR.DTS-HD.MA.5.1-SWTYBLZ', 'HDCAM.x264-C1NEM4',
  'DVDRip.XviD-EVO', '1080p.AMZN.WEB-DL.DDP5.1.H.264-NTG', 'Directors.Cut.1080p.BluRay.DTS.x264-CtrlHD',
  'FRENCH.1080p.WEB.H264-FW', 'COMPLETE.BLURAY-GRP', '720p.BluRay.x264-[YTS.MX]', 'EXTENDED.REMASTERED.1080p.BluRay.x264-GRP',
]; // prettier-ignore

function dotted(text: string): string {
  return text.replace(/ /g, '.');
}

/** A deterministic mix: scene TV, packs, daily, anime, movies, file names and paths. */
export function buildCorpus(size: number): string[] {
  const names: string[] = [];
  let seed = 7;
  const pick = <T>(list: readonly T[]): T => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return list[seed % list.length]!;
  };
  const pad = (n: number) => String(n).padStart(2, '0');
  while (names.length < size) {
    const season = 1 + (names.length % 9);
    const episode = 1 + (names.length % 23);
    switch (names.length % 10) {
      case 0:
      case 1:
        names.push(`${dotted(pick(titles))}.S${pad(season)}E${pad(episode)}.${pick(tails)}`);
        break;
      case 2:
        names.push(
          `${pick(titles)} S${pad(season)}E${pad(episode)}-E${pad(episode + 1)} ${pick(tails).replace(/\./g, ' ')}`,
        );
        break;
      case 3:
        names.push(`${dotted(pick(titles))}.S${pad(season)}.${pick(tails)}`);
        break;
      case 4:
        names.push(
          `The.Daily.Show.2024.${pad(1 + (names.length % 12))}.${pad(1 + (names.length % 28))}.Guest.Name.${pick(tails)}`,
        );
        break;
      case 5:
        names.push(
          `[SubsPlease] ${pick(animeTitles)} - ${pad(episode + 100)} (1080p) [ABCD${1000 + episode}].mkv`,
        );
        break;
      case 6:
      case 7:
        names.push(`${dotted(pick(movies))}.${1990 + (names.length % 34)}.${pick(movieTails)}`);
        break;
      case 8:
        names.push(`${pick(movies)} (${1990 + (names.length % 34)}) [1080p] [BluRay] [5.1] [YTS.MX].mp4`);
        break;
      default:
        names.push(
          `${dotted(pick(titles))}.S${pad(season)}.1080p.WEB-DL-GRP/${dotted(pick(titles))}.${season}x${pad(episode)}.mkv`,
        );
    }
  }
  return names;
}

function namesPerSecond(names: string[], parse: (name: string) => unknown, minMs: number): number {
  let sink = 0;
  // Warm up so both parsers run optimised code before the clock starts.
  for (const name of names.slice(0, 2000)) sink += parse(name) ? 1 : 0;
  let parsed = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const name of names) sink += parse(name) ? 1 : 0;
    parsed += names.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  if (sink < 0) console.error(sink);
  return Math.round((parsed / elapsed) * 1000);
}

/** Names built to make a careless regex backtrack: long runs of separators, digits, brackets, tags. */
function adversarialNames(): string[] {
  return [
    '.'.repeat(10_000),
    '-'.repeat(10_000),
    'a'.repeat(10_000),
    '1'.repeat(10_000),
    '['.repeat(5_000) + 'Title' + ']'.repeat(5_000),
    'Show'.concat('._- '.repeat(2_500), 'S01E01'),
    'S01E01'.repeat(1_600),
    'Season 1 '.repeat(1_100),
    '[Group '.repeat(1_500),
    '1080p.WEB-DL.'.repeat(750),
    '2024.03.15.'.repeat(900),
    'Title.'.repeat(1_600) + '2019.1080p-GRP',
  ];
}

/** The slowest single parse over the adversarial names, best of three passes (ms). */
function worstAdversarialMs(): number {
  const names = adversarialNames();
  let worst = 0;
  for (const name of names) {
    let best = Infinity;
    for (let pass = 0; pass < 3; pass += 1) {
      const start = performance.now();
      parseRelease(name);
      best = Math.min(best, performance.now() - start);
    }
    worst = Math.max(worst, best);
  }
  return Math.round(worst * 1000) / 1000;
}

export async function parserBenchmark(): Promise<Record<string, number | string>> {
  const corpus = buildCorpus(5000);
  const ctrl = (name: string) => filenameParse(name, /episode|S\d|\dx\d|\d{4}\.\d{2}/i.test(name));
  const omniarrNamesPerSecond = namesPerSecond(corpus, parseRelease, 1500);
  const ctrlNamesPerSecond = namesPerSecond(corpus, ctrl, 1500);
  await Promise.resolve();
  return {
    corpusSize: corpus.length,
    omniarrNamesPerSecond,
    ctrlNamesPerSecond,
    ratio: Math.round((omniarrNamesPerSecond / ctrlNamesPerSecond) * 100) / 100,
    worstAdversarialMs: worstAdversarialMs(),
    adversarialNames: adversarialNames().length,
    note: 'single core, same run, same corpus; ctrl is told TV/movie by a cheap regex as its API requires',
  };
}
