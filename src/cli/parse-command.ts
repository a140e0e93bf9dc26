// `omniarr parse "Name"` (readable) and `omniarr parse --jsonl` (one name per stdin line in, one JSON
// object per line out, streamed so a corpus of millions of names never sits in memory).
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { parseRelease, type ParsedRelease } from '../parser/index.js';

const usage = `Usage:
  omniarr parse "Release.Name.S01E01.1080p.WEB-DL-GRP"   show what a release name says
  omniarr parse --jsonl < names.txt                      one name per line in, one JSON object per line out
`;

export async function parseCommand(
  args: string[],
  io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream },
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(usage);
    return 0;
  }
  if (args.includes('--jsonl')) {
    if (args.some((arg) => arg !== '--jsonl')) {
      io.stdout.write(`parse --jsonl takes names on stdin, not as arguments\n${usage}`);
      return 2;
    }
    return streamJsonLines(io);
  }
  const names = args.filter((arg) => arg !== '--');
  if (names.length === 0 || names.every((name) => name.trim() === '')) {
    io.stdout.write(`parse needs a release name\n${usage}`);
    return 2;
  }
  for (const name of names) io.stdout.write(`${describe(name, parseRelease(name))}\n`);
  return 0;
}

async function streamJsonLines(io: {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
}): Promise<number> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    // Blank lines still answer, so output line N always belongs to input line N.
    const ok = io.stdout.write(`${JSON.stringify(parseRelease(line))}\n`);
    if (!ok) await once(io.stdout, 'drain');
  }
  return 0;
}

function list(values: readonly (string | number)[]): string {
  return values.length > 0 ? values.join(', ') : '-';
}

function describe(name: string, r: ParsedRelease): string {
  const numbering: string[] = [];
  if (r.seasons.length > 0) numbering.push(`season ${list(r.seasons)}`);
  if (r.episodes.length > 0) numbering.push(`episode ${list(r.episodes)}`);
  if (r.absoluteEpisodes.length > 0) numbering.push(`absolute ${list(r.absoluteEpisodes)}`);
  if (r.airDate) numbering.push(`aired ${r.airDate}`);
  if (r.fullSeason) numbering.push(r.seasonPart === null ? 'full season' : `season part ${r.seasonPart}`);
  if (r.multiSeason) numbering.push('multi-season');
  if (r.special) numbering.push('special');
  const revision = r.quality.revision;
  const revisionText = [
    `v${revision.version}`,
    revision.repack ? 'repack' : null,
    revision.real > 0 ? `real×${revision.real}` : null,
  ]
    .filter(Boolean)
    .join(' ');
  const rows: [string, string | null][] = [
    ['title', r.title || '-'],
    ['also known as', r.alternativeTitles.length > 0 ? r.alternativeTitles.join(' | ') : null],
    ['kind', r.kind],
    ['year', r.year === null ? null : String(r.year)],
    ['numbering', numbering.length > 0 ? numbering.join(', ') : null],
    [
      'quality',
      `${r.quality.name} (source ${r.quality.source}, ${r.quality.resolution ?? '?'}p${r.quality.modifier ? `, ${r.quality.modifier}` : ''}, ${revisionText})`,
    ],
    ['group', r.releaseGroup],
    ['hash', r.releaseHash],
    ['languages', list(r.languages)],
    ['edition', r.edition],
    ['hardcoded subs', r.hardcodedSubs],
    ['video', [r.videoCodec, ...r.hdr].filter(Boolean).join(' ') || null],
    ['audio', [r.audioCodec, r.audioChannels].filter(Boolean).join(' ') || null],
    ['service', r.streamingService],
    [
      'ids',
      [r.imdbId, r.tmdbId === null ? null : `tmdb ${r.tmdbId}`, r.tvdbId === null ? null : `tvdb ${r.tvdbId}`]
        .filter(Boolean)
        .join(', ') || null,
    ],
    ['extension', r.extension],
    ['clean title', r.cleanTitle || '-'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const body = rows
    .filter((row): row is [string, string] => row[1] !== null)
    .map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)
    .join('\n');
  return `${name}\n${body}`;
}
