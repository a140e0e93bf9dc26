// `omniarr search` as a user runs it: the built CLI in a child process, on the same SQLite database as
// a running service, against the Torznab and TMDB fakes. Needs `npm run build` first.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GIB, matrixRelease, startPipelineApp, waitFor, type PipelineApp } from './pipeline-app.js';

const main = path.resolve('dist/src/cli/main.js');

const BEST = 'The.Matrix.1999.1080p.BluRay.x264-GRP';
const SECOND = 'The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-NTB';
const CAM = 'The.Matrix.1999.CAM.x264-BAD';
const TOO_SMALL = 'The.Matrix.1999.1080p.BluRay.x264-TINY';
const SD = 'The.Matrix.1999.DVDRip.x264-OLD';

function omniarr(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    // Asynchronous on purpose: the fakes the CLI talks to live in this process's event loop.
    const child = spawn(process.execPath, [main, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface DecisionJson {
  id: number;
  rank: number;
  title: string;
  accepted: boolean;
  quality: string;
  rejections: Array<{ code: string; message: string }>;
}
interface SearchJson {
  id: number;
  movieId: number;
  trigger: string;
  grabbed: string | null;
  releases: number;
  accepted: number;
  decisions: DecisionJson[];
}

describe('omniarr search', () => {
  let pipeline: PipelineApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    pipeline = await startPipelineApp({
      releases: [
        matrixRelease(CAM, { size: Math.round(1.4 * GIB), seeders: 500 }),
        matrixRelease(SECOND, { size: 7 * GIB, seeders: 30 }),
        matrixRelease(TOO_SMALL, { size: GIB / 2, seeders: 900 }),
        matrixRelease(BEST, { size: 9 * GIB, seeders: 40 }),
        matrixRelease(SD, { size: Math.round(1.5 * GIB) }),
      ],
    });
    env = {
      OMNIARR_DATA_DIR: pipeline.service.config.dataDir,
      OMNIARR_TMDB_API_KEY: pipeline.tmdb.apiKey,
      OMNIARR_TMDB_URL: pipeline.tmdb.url,
    };
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('explains every release, ranked, with each rejection', async () => {
    const result = await omniarr(['search', '--explain', `tmdb:603`], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`The Matrix (1999): movie ${pipeline.movieId}, tmdb:603, profile HD-1080p`);
    expect(result.stdout).toContain('Indexers: 1 of 1 answered');
    expect(result.stdout).toContain('Releases: 5 found, 2 accepted');

    // Ranked: the two accepted 1080p releases first (Bluray before WEB), then every refused one.
    const rows = lines.filter((line) => / (accepted|refused) /.test(line));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(
      new RegExp(`^\\s*1\\s+accepted\\s+Bluray-1080p\\s+0\\s+9\\.0 GiB\\s+40\\s+Fake Torznab\\s+${BEST}$`),
    );
    expect(rows[1]).toMatch(new RegExp(`^\\s*2\\s+accepted\\s+WEBDL-1080p .*${SECOND}$`));
    for (const title of [CAM, TOO_SMALL, SD]) {
      expect(rows.slice(2).some((row) => row.includes(' refused ') && row.endsWith(title))).toBe(true);
    }
    // Each refused release is followed by its reasons, with their codes.
    const reasonsOf = (title: string) => {
      const at = lines.findIndex((line) => line.endsWith(title));
      const reasons: string[] = [];
      for (const line of lines.slice(at + 1)) {
        if (!/^\s+- /.test(line)) break;
        reasons.push(line.trim());
      }
      return reasons;
    };
    expect(reasonsOf(BEST)).toEqual([]);
    expect(reasonsOf(CAM).join('\n')).toMatch(/\[quality/);
    expect(reasonsOf(TOO_SMALL).join('\n')).toMatch(/\[size/);
    expect(reasonsOf(SD).join('\n')).toMatch(/\[quality/);
  });

  it('without --explain lists the accepted releases and says how many were refused', async () => {
    const result = await omniarr(['search', String(pipeline.movieId)], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(BEST);
    expect(result.stdout).toContain(SECOND);
    expect(result.stdout).not.toContain(CAM);
    expect(result.stdout).toContain('3 refused releases not shown (--explain lists them)');
  });

  it('--json prints the search as the API serves it', async () => {
    const result = await omniarr(['search', '--json', String(pipeline.movieId)], env);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as SearchJson;
    expect(printed).toMatchObject({
      movieId: pipeline.movieId,
      trigger: 'interactive',
      releases: 5,
      accepted: 2,
    });
    expect(printed.decisions.map((decision) => decision.title).slice(0, 2)).toEqual([BEST, SECOND]);

    // The CLI's search is stored: the service serves the very same document for it.
    const [stored] = await pipeline.api<SearchJson[]>('GET', `/api/v1/movies/${pipeline.movieId}/searches`);
    expect(printed).toEqual(stored);
    // And a fresh interactive search through the API has the same shape and the same verdicts.
    const viaApi = await pipeline.api<SearchJson>('GET', `/api/v1/movies/${pipeline.movieId}/releases`);
    expect(Object.keys(viaApi).sort()).toEqual(Object.keys(printed).sort());
    const verdicts = (search: SearchJson) =>
      search.decisions.map(({ rank, title, accepted, quality, rejections }) => ({
        rank,
        title,
        accepted,
        quality,
        rejections,
      }));
    expect(verdicts(viaApi)).toEqual(verdicts(printed));
  });

  it('--grab records the grab; the running service takes the job and shows it in the queue', async () => {
    const result = await omniarr(['search', '--grab', `tmdb:603`], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Grabbed #1 "${BEST}" \\(queue item \\d+\\)`));

    const [search] = await pipeline.api<SearchJson[]>('GET', `/api/v1/movies/${pipeline.movieId}/searches`);
    expect(search?.grabbed).toBe(BEST);
    // No download client is configured: the service's grab job runs and says why it will retry.
    const item = await waitFor('the grab job to run in the service', async () => {
      const queue = await pipeline.api<Array<{ title: string; state: string; statusMessage: string | null }>>(
        'GET',
        '/api/v1/queue',
      );
      const found = queue.find((entry) => entry.title === BEST);
      return found?.statusMessage ? found : undefined;
    });
    expect(item.state).toBe('grabbing');
    expect(item.statusMessage).toMatch(/^grab attempt 1 failed: .*download client.*; retrying$/);

    // Searching again refuses every release (the queue already has the best one): nothing to grab.
    const again = await omniarr(['search', '--grab', '--explain', `tmdb:603`], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('omniarr: nothing to grab: no release was accepted\n');
    expect(again.stdout).toContain('Releases: 5 found, 0 accepted');
    expect(again.stdout).toMatch(/\[queueHasEqualOrBetter\]/);
    const queue = await pipeline.api<unknown[]>('GET', '/api/v1/queue');
    expect(queue).toHaveLength(1);
  });

  it('says clearly when the movie or the arguments are wrong', async () => {
    const missing = await omniarr(['search', 'tmdb:999'], env);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe('omniarr: tmdb:999 is not in the library (add it first)\n');

    const bad = await omniarr(['search', 'matrix'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"matrix" is neither a movie id (42) nor a TMDB id (tmdb:603)');
    expect(bad.stderr).toContain('Usage:');

    const none = await omniarr(['search', '--explain'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('search needs a movie');

    const unknown = await omniarr(['search', '--fast', '1'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--fast'");
  });
});
