#!/usr/bin/env node
// The `omniarr` command: serve (the default), migrate, apikey create, user add, doctor, parse, search.
import { parseArgs } from 'node:util';
import { StartupError, startApp, type App } from '../app/app.js';
import { version } from '../app/version.js';
import { AuthRepository } from '../auth/auth.repository.js';
import { AuthService } from '../auth/auth.service.js';
import { ConfigError, loadConfig, type Config } from '../config/env.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { systemClock } from '../shared/clock.js';
import { doctorCommand } from './doctor.js';
import { parseCommand } from './parse-command.js';
import { searchCommand } from './search-command.js';
import { solverCommand } from './solver-command.js';

const usage = `omniarr ${version}

Usage:
  omniarr serve                         run the service (default)
  omniarr migrate                       apply database migrations and exit
  omniarr apikey create [--name NAME]   create an API key and print it
  omniarr user add NAME [--admin]       create a user; the password is read from stdin
  omniarr doctor                        check configuration, database, data directory and disk space
  omniarr parse "Release.Name"          show how a release name is read
  omniarr parse --jsonl                 read names from stdin, one per line; write one JSON object per line
  omniarr search [--explain] [--grab] [--json] MOVIE
                                        search for a library movie (id or tmdb:ID) and show each decision
  omniarr solver [--port 8191]          a FlareSolverr-compatible challenge solver on its own (Chromium)
  omniarr help                          show this text

Configuration comes from environment variables (see README.md).
`;

function fail(message: string, code = 1): number {
  console.error(`omniarr: ${message}`);
  return code;
}

function readConfig(): Config {
  return loadConfig(process.env);
}

async function withDatabase<T>(config: Config, use: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    await database.ping();
    await migrateToLatest(database);
    return await use(database);
  } finally {
    await database.close();
  }
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function serve(config: Config): Promise<number> {
  let app: App;
  try {
    app = await startApp(config);
  } catch (error) {
    if (error instanceof StartupError) return fail(error.message);
    throw error;
  }
  return new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals += 1;
      if (signals > 1) {
        app.logger.warn({ signal }, 'second signal: exiting now');
        resolve(1);
        return;
      }
      app.logger.info({ signal }, 'signal received');
      app.stop().then(
        () => resolve(0),
        (error: unknown) => {
          app.logger.error({ err: error }, 'error while stopping');
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(readConfig());
      case 'migrate': {
        const config = readConfig();
        const database = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
        try {
          await database.ping();
          const { applied } = await migrateToLatest(database);
          console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database is up to date');
        } finally {
          await database.close();
        }
        return 0;
      }
      case 'apikey': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { name: { type: 'string' } },
        });
        if (positionals[0] !== 'create') return fail('usage: omniarr apikey create [--name NAME]', 2);
        const created = await withDatabase(readConfig(), (database) =>
          new AuthService(new AuthRepository(database.db), systemClock).createApiKey(values.name ?? 'cli'),
        );
        console.log(created.key);
        return 0;
      }
      case 'user': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { admin: { type: 'boolean' } },
        });
        const [verb, username] = positionals;
        if (verb !== 'add' || !username) return fail('usage: omniarr user add NAME [--admin] < password', 2);
        const password = await readStdinLine();
        const user = await withDatabase(readConfig(), (database) =>
          new AuthService(new AuthRepository(database.db), systemClock).createUser({
            username,
            password,
            role: values.admin ? 'admin' : 'user',
          }),
        );
        console.log(`created ${user.role} "${user.username}"`);
        return 0;
      }
      case 'parse':
        return await parseCommand(rest, { stdin: process.stdin, stdout: process.stdout });
      case 'solver':
        return await solverCommand(rest);
      case 'search':
        return await searchCommand(rest, {
          env: process.env,
          stdout: process.stdout,
          stderr: process.stderr,
        });
      case 'doctor':
        return await doctorCommand(process.env, process.stdout);
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(usage);
        return 0;
      case '--version':
        console.log(version);
        return 0;
      default:
        process.stderr.write(usage);
        return fail(`unknown command "${command}"`, 2);
    }
  } catch (error) {
    if (error instanceof ConfigError) return fail(`configuration error: ${error.message}`, 2);
    return fail(error instanceof Error ? error.message : String(error));
  }
}

process.exitCode = await main(process.argv.slice(2));
// Open handles (e.g. a database pool) must not keep a finished command alive.
setTimeout(() => process.exit(), 100).unref();
