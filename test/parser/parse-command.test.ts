// The `omniarr parse` command end to end through real streams.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/cli/parse-command.js';
import { parseRelease } from '../../src/parser/index.js';

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

async function run(args: string[], input = ''): Promise<{ code: number; output: string }> {
  const stdout = new PassThrough();
  const output = collect(stdout);
  const code = await parseCommand(args, { stdin: Readable.from([input]), stdout });
  stdout.end();
  return { code, output: output() };
}

describe('omniarr parse', () => {
  it('pretty-prints one name', async () => {
    const { code, output } = await run(['Show.S01E02.1080p.WEB-DL.DDP5.1.H.264-NTb']);
    expect(code).toBe(0);
    expect(output).toContain('Show.S01E02.1080p.WEB-DL.DDP5.1.H.264-NTb\n');
    expect(output).toMatch(/title\s+Show\n/);
    expect(output).toMatch(/numbering\s+season 1, episode 2\n/);
    expect(output).toMatch(/quality\s+WEBDL-1080p \(source webdl, 1080p, v1\)\n/);
    expect(output).toMatch(/group\s+NTb\n/);
  });

  it('exits 2 with usage when no name is given', async () => {
    const { code, output } = await run([]);
    expect(code).toBe(2);
    expect(output).toContain('Usage:');
  });

  it('streams --jsonl: one JSON object per input line, in order, blank lines included', async () => {
    const names = ['Movie.2019.1080p.BluRay.x264-GRP', '', '[SubsPlease] Title - 05 (1080p) [ABCD1234].mkv'];
    const { code, output } = await run(['--jsonl'], `${names.join('\r\n')}\n`);
    expect(code).toBe(0);
    const lines = output.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(
      names.map((name) => JSON.parse(JSON.stringify(parseRelease(name))) as unknown),
    );
  });

  it('answers --jsonl lines before stdin ends', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const done = parseCommand(['--jsonl'], { stdin, stdout });
    const first = new Promise<string>((resolve) =>
      stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    stdin.write('Show.S01E01.720p.HDTV.x264-GRP\n');
    expect(JSON.parse(await first)).toMatchObject({ title: 'Show', seasons: [1], episodes: [1] });
    stdin.end();
    expect(await done).toBe(0);
  });

  it('refuses names as arguments together with --jsonl', async () => {
    const { code } = await run(['--jsonl', 'Name']);
    expect(code).toBe(2);
  });
});
