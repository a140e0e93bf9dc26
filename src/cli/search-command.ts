// `omniarr search [--explain] [--grab] [--json] <movie id | tmdb:ID>`: an interactive search for a
// movie in the library, run in this process against the service's own database, that shows every
// release found and the decision about it (the same decisions the service stores and serves at
// GET /api/v1/movies/{id}/releases). `--grab` grabs the best accepted release through the grab outbox:
// the tracked download and its `downloads.grab` job are written here, and the running service hands
// the release to the download client (with its retries) when its job queue picks the job up.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { buildDomain, type Domain } from '../app/domain.js';
import { version } from '../app/version.js';
import { configSecrets, loadConfig, type Config } from '../config/env.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { JobQueue } from '../jobs/job-queue.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { JobRepository } from '../jobs/job.repository.js';
import { createLogger, SecretRegistry, type Logger } from '../logging/logger.js';
import { MovieRepository } from '../movies/movie.repository.js';
import type { Movie } from '../movies/movie.js';
import type { SearchResult } from '../search/movie-search.service.js';
import { SearchRepository, type StoredDecision, type StoredSearch } from '../search/search.repository.js';
import { toSearchView } from '../search/search.view.js';
import { systemClock } from '../shared/clock.js';
import { ConflictError } from '../shared/errors.js';

export const searchUsage = `Usage:
  omniarr search [--explain] [--grab] [--json] MOVIE
      MOVIE is a library movie id (42) or a TMDB id (tmdb:603)
      --explain   list every release, refused ones too, with each reason
      --grab      grab the best accepted release (the running service sends it to the download client)
      --json      print the search as GET /api/v1/movies/{id}/releases returns it
`;

export interface SearchCommandIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** What the user asked for, read from the command line. */
export interface SearchRequest {
  movie: { kind: 'id'; id: number } | { kind: 'tmdb'; tmdbId: number };
  explain: boolean;
  grab: boolean;
  json: boolean;
}

export class SearchUsageError extends Error {
  override name = 'SearchUsageError';
}

export function parseSearchArgs(args: string[]): SearchRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        explain: { type: 'boolean', default: false },
        grab: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new SearchUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new SearchUsageError(
      positionals.length === 0 ? 'search needs a movie' : 'search takes one movie at a time',
    );
  }
  const target = positionals[0] ?? '';
  const tmdb = /^tmdb:(\d+)$/i.exec(target);
  const movie = tmdb
    ? { kind: 'tmdb' as const, tmdbId: Number(tmdb[1]) }
    : /^\d+$/.test(target)
      ? { kind: 'id' as const, id: Number(target) }
      : undefined;
  if (!movie || (movie.kind === 'id' ? movie.id : movie.tmdbId) <= 0) {
    throw new SearchUsageError(`"${target}" is neither a movie id (42) nor a TMDB id (tmdb:603)`);
  }
  return { movie, explain: values.explain, grab: values.grab, json: values.json };
}

export async function searchCommand(args: string[], io: SearchCommandIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(searchUsage);
    return 0;
  }
  let request: SearchRequest;
  try {
    request = parseSearchArgs(args);
  } catch (error) {
    if (!(error instanceof SearchUsageError)) throw error;
    io.stderr.write(`omniarr: ${error.message}\n${searchUsage}`);
    return 2;
  }
  const config = loadConfig(io.env);
  // Logs go to stderr so stdout stays the answer (and valid JSON with --json); quiet unless asked.
  const logLevel = io.env.OMNIARR_LOG_LEVEL ? config.logLevel : 'warn';
  const secrets = new SecretRegistry();
  for (const secret of configSecrets(config)) secrets.add(secret);
  const logger = createLogger({ level: logLevel, secrets, destination: pino.destination(2) });

  const database = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    await database.ping();
    await migrateToLatest(database);
    return await runSearch(request, { config, database, logger, secrets, io });
  } finally {
    await database.close();
  }
}

async function runSearch(
  request: SearchRequest,
  context: {
    config: Config;
    database: DatabaseHandle;
    logger: Logger;
    secrets: SecretRegistry;
    io: SearchCommandIo;
  },
): Promise<number> {
  const { config, database, logger, secrets, io } = context;
  // The queue is never started here: it only records the grab's job (outbox) for the service to run.
  const registry = new JobRegistry();
  const queue = new JobQueue(
    registry,
    new JobRepository(database.db, database.dialect),
    systemClock,
    logger,
    { concurrency: 1 },
  );
  const domain: Domain = buildDomain({
    config,
    database,
    queue,
    clock: systemClock,
    logger,
    version,
    onSecret: (value) => secrets.add(value),
  });
  for (const job of domain.jobs) registry.define(job);
  await domain.prepare();

  const movies = new MovieRepository(database.db);
  const movie =
    request.movie.kind === 'id'
      ? await movies.findById(request.movie.id)
      : await movies.findByTmdbId(request.movie.tmdbId);
  if (!movie) {
    const named = request.movie.kind === 'id' ? `movie ${request.movie.id}` : `tmdb:${request.movie.tmdbId}`;
    io.stderr.write(`omniarr: ${named} is not in the library (add it first)\n`);
    return 1;
  }

  const result: SearchResult = await domain.searches.search(movie.id, 'interactive');
  let grabbed: { decision: StoredDecision; queueItemId: number } | undefined;
  let grabProblem: string | undefined;
  if (request.grab) {
    const best = result.decisions.find((decision) => decision.accepted);
    if (!best) {
      grabProblem = 'nothing to grab: no release was accepted';
    } else {
      try {
        const download = await domain.storedReleases.grab(best.id, false);
        grabbed = { decision: best, queueItemId: download.id };
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        grabProblem = `not grabbed: ${error.message}`;
      }
    }
  }

  // Re-read so the printed search says what was grabbed, exactly as the API would show it now.
  const stored = new SearchRepository(database.db);
  const [search] = await stored.listForMovie(movie.id, 1);
  const shown = search && search.id === result.search.id ? search : result.search;

  if (request.json) {
    io.stdout.write(`${JSON.stringify(toSearchView(shown, result.decisions), null, 2)}\n`);
  } else {
    const profile = await domain.profiles.getProfile(movie.qualityProfileId).catch(() => undefined);
    io.stdout.write(
      describeSearch(movie, profile?.name, shown, result.decisions, {
        explain: request.explain,
        grabbed,
      }),
    );
  }
  if (grabProblem) {
    io.stderr.write(`omniarr: ${grabProblem}\n`);
    return 1;
  }
  return 0;
}

/** The readable report: which indexers answered, then the releases ranked, each with its verdict. */
export function describeSearch(
  movie: Pick<Movie, 'id' | 'title' | 'year' | 'tmdbId'>,
  profileName: string | undefined,
  search: StoredSearch,
  decisions: readonly StoredDecision[],
  options: { explain: boolean; grabbed?: { decision: StoredDecision; queueItemId: number } },
): string {
  const lines: string[] = [];
  const year = movie.year === null ? '' : ` (${movie.year})`;
  lines.push(
    `${movie.title}${year}: movie ${movie.id}, tmdb:${movie.tmdbId}${profileName ? `, profile ${profileName}` : ''}`,
  );
  const { answered, failures, skipped } = search.indexers;
  const asked = answered.length + failures.length + skipped.length;
  lines.push(
    `Indexers: ${asked === 0 ? 'none enabled for search' : `${answered.length} of ${asked} answered`}`,
  );
  for (const failure of failures)
    lines.push(`  ${failure.indexer}: failed (${failure.kind}): ${failure.reason}`);
  for (const skip of skipped) {
    lines.push(`  ${skip.indexer}: skipped until ${new Date(skip.until).toISOString()}: ${skip.reason}`);
  }
  lines.push(`Releases: ${search.releases} found, ${search.accepted} accepted`);

  const listed = options.explain ? decisions : decisions.filter((decision) => decision.accepted);
  if (listed.length > 0) {
    const rows = listed.map((decision) => [
      String(decision.rank),
      decision.accepted ? 'accepted' : 'refused',
      decision.qualityName,
      String(decision.customFormatScore),
      formatSize(decision.grabbed.release.size),
      decision.grabbed.release.seeders === null ? '-' : String(decision.grabbed.release.seeders),
      decision.indexer,
      decision.title,
    ]);
    const header = ['#', 'decision', 'quality', 'score', 'size', 'seeders', 'indexer', 'release'];
    const widths = header.map((title, column) =>
      Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
    );
    // Numbers read best right-aligned; the release title is last so it never needs padding.
    const numeric = new Set([0, 3, 4, 5]);
    const format = (row: string[]) =>
      row
        .map((cell, column) =>
          column === row.length - 1
            ? cell
            : numeric.has(column)
              ? cell.padStart(widths[column] ?? 0)
              : cell.padEnd(widths[column] ?? 0),
        )
        .join('  ');
    lines.push('', format(header));
    for (const [index, decision] of listed.entries()) {
      lines.push(format(rows[index] ?? []));
      for (const rejection of decision.rejections) {
        lines.push(`${' '.repeat((widths[0] ?? 1) + 2)}- ${rejection.message} [${rejection.code}]`);
      }
    }
  }
  const refused = search.releases - search.accepted;
  if (!options.explain && refused > 0) {
    lines.push('', `${refused} refused release${refused === 1 ? '' : 's'} not shown (--explain lists them)`);
  }
  if (options.grabbed) {
    lines.push(
      '',
      `Grabbed #${options.grabbed.decision.rank} "${options.grabbed.decision.title}" (queue item ${options.grabbed.queueItemId}); ` +
        'the service sends it to the download client.',
    );
  }
  return `${lines.join('\n')}\n`;
}

function formatSize(bytes: number | null): string {
  if (bytes === null) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
