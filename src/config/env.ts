// Owns the process configuration read from environment variables: parsed once at start-up with zod,
// failing fast with the variable's name. Secrets may also come from `<NAME>_FILE` (Kubernetes
// secrets mounted as files).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const booleanFromString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const urlBase = z
  .string()
  .regex(/^(\/[A-Za-z0-9._~-]+)*\/?$/, 'must be a path such as /omniarr')
  .transform((value) => value.replace(/\/+$/, ''));

const databaseUrl = z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL');

/**
 * Every variable Omniarr reads. The description is the documentation (README, deployment checks read
 * this list), `secret` marks values that may also be given as `<NAME>_FILE` and are never logged.
 */
export const envVariables = {
  OMNIARR_PORT: {
    schema: z.coerce.number().int().min(1).max(65535).default(7777),
    description: 'HTTP port for the web UI and API.',
    secret: false,
  },
  OMNIARR_BIND: {
    schema: z.string().min(1).default('0.0.0.0'),
    description: 'Address to listen on (0.0.0.0 for all IPv4 interfaces, 127.0.0.1 for local only).',
    secret: false,
  },
  OMNIARR_DATA_DIR: {
    schema: z.string().min(1).default('./data'),
    description: 'Directory for the SQLite database and other state. Created if missing.',
    secret: false,
  },
  OMNIARR_DATABASE_URL: {
    schema: databaseUrl.optional(),
    description: 'PostgreSQL connection URL. When unset, SQLite in the data directory is used.',
    secret: true,
  },
  OMNIARR_LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'Log level: fatal, error, warn, info, debug, trace or silent.',
    secret: false,
  },
  OMNIARR_URL_BASE: {
    schema: urlBase.default(''),
    description: 'Path prefix when served behind a reverse proxy under a sub-path, e.g. /omniarr.',
    secret: false,
  },
  OMNIARR_API_KEY: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_-]{32,128}$/, 'must be 32 to 128 letters, digits, - or _')
      .optional(),
    description:
      'Admin API key to accept (e.g. from a secret store). When unset, the first start creates one and logs it once.',
    secret: true,
  },
  OMNIARR_TRUST_PROXY: {
    schema: booleanFromString.default(false),
    description: 'Trust X-Forwarded-* headers from a reverse proxy (needed for Secure cookies behind TLS).',
    secret: false,
  },
  OMNIARR_SHUTDOWN_TIMEOUT: {
    schema: z.coerce.number().int().min(1).max(3600).default(25),
    description: 'Seconds to let running jobs finish on SIGTERM before closing.',
    secret: false,
  },
  OMNIARR_TMDB_API_KEY: {
    schema: z.string().min(8).max(200).optional(),
    description:
      'TMDB API key (v3), for movie metadata. Free at themoviedb.org; this or the read token is needed to add movies.',
    secret: true,
  },
  OMNIARR_TMDB_READ_TOKEN: {
    schema: z.string().min(8).max(2000).optional(),
    description: 'TMDB API read access token (v4), used instead of the API key when set.',
    secret: true,
  },
  OMNIARR_TMDB_URL: {
    schema: z.url({ protocol: /^https?$/ }).default('https://api.themoviedb.org/3'),
    description: 'TMDB API base URL (for a caching proxy).',
    secret: false,
  },
  OMNIARR_TVMAZE_URL: {
    schema: z.url({ protocol: /^https?$/ }).default('https://api.tvmaze.com'),
    description: 'TVmaze API base URL (TV metadata; free, no key).',
    secret: false,
  },
  OMNIARR_RSS_SYNC_MINUTES: {
    schema: z.coerce
      .number()
      .int()
      .refine(
        (minutes) =>
          minutes === 0 ||
          (minutes >= 10 &&
            minutes <= 1440 &&
            (60 % minutes === 0 || (minutes % 60 === 0 && 1440 % minutes === 0))),
        'must be 0 (off) or a cycle of the clock from 10 minutes to a day: 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720 or 1440',
      )
      .default(15),
    description:
      'Minutes between RSS syncs (the latest releases of every RSS-enabled indexer, matched to series). 0 turns RSS sync off.',
    secret: false,
  },
  OMNIARR_RECYCLE_BIN: {
    schema: z.string().startsWith('/', 'must be an absolute path').optional(),
    description:
      'Where replaced and deleted library files go. Default: a .omniarr-recycle folder in each root folder (same filesystem, so moving there is instant).',
    secret: false,
  },
  OMNIARR_CARDIGANN_DIR: {
    schema: z.string().min(1).optional(),
    description:
      'Folder of Cardigann indexer definitions (YAML, schema v11, as published for Prowlarr). Unset: no Cardigann indexers.',
    secret: false,
  },
  OMNIARR_JOB_CONCURRENCY: {
    schema: z.coerce.number().int().min(1).max(32).default(2),
    description: 'How many background jobs run at once.',
    secret: false,
  },
  OMNIARR_FLARESOLVERR_URL: {
    schema: z.url({ protocol: /^https?$/ }).optional(),
    description:
      'External FlareSolverr (e.g. http://flaresolverr:8191) for indexers behind a Cloudflare or DDoS-Guard check. Unset: the built-in solver, on demand.',
    secret: false,
  },
} as const;

type EnvVariables = typeof envVariables;
export type EnvName = keyof EnvVariables;

export interface Config {
  port: number;
  bind: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: z.infer<EnvVariables['OMNIARR_LOG_LEVEL']['schema']>;
  urlBase: string;
  apiKey: string | undefined;
  trustProxy: boolean;
  shutdownTimeoutMs: number;
  jobConcurrency: number;
  tmdb: { apiKey: string | undefined; readToken: string | undefined; url: string };
  tvmazeUrl: string;
  /** Minutes between RSS syncs; 0 when off. */
  rssSyncMinutes: number;
  recycleBin: string | undefined;
  /** External FlareSolverr for the indexers; the built-in solver when undefined. */
  flareSolverrUrl: string | undefined;
  cardigannDir: string | undefined;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Names of every variable read, including the `_FILE` forms of secrets. */
export function envVariableNames(): string[] {
  return Object.entries(envVariables).flatMap(([name, spec]) =>
    spec.secret ? [name, `${name}_FILE`] : [name],
  );
}

function rawValue(env: NodeJS.ProcessEnv, name: EnvName): string | undefined {
  const spec = envVariables[name];
  const fileVariable = `${name}_FILE`;
  const direct = env[name];
  const file = spec.secret ? env[fileVariable] : undefined;
  if (direct !== undefined && direct !== '' && file) {
    throw new ConfigError(name, `set either ${name} or ${fileVariable}, not both`);
  }
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new ConfigError(fileVariable, `cannot read ${file}: ${(error as Error).message}`);
    }
  }
  return direct === '' ? undefined : direct;
}

function parseVariable<N extends EnvName>(
  env: NodeJS.ProcessEnv,
  name: N,
): z.infer<EnvVariables[N]['schema']> {
  const value = rawValue(env, name);
  const result = envVariables[name].schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    // Never echo a secret's value back in the error.
    const shown = envVariables[name].secret || value === undefined ? '' : ` (got "${value}")`;
    throw new ConfigError(name, `${issue?.message ?? 'invalid value'}${shown}`);
  }
  return result.data as z.infer<EnvVariables[N]['schema']>;
}

function optionalPath(value: string | undefined): string | undefined {
  return value === undefined ? undefined : path.resolve(value);
}

/** Reads the configuration once; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: parseVariable(env, 'OMNIARR_PORT'),
    bind: parseVariable(env, 'OMNIARR_BIND'),
    dataDir: path.resolve(parseVariable(env, 'OMNIARR_DATA_DIR')),
    databaseUrl: parseVariable(env, 'OMNIARR_DATABASE_URL'),
    logLevel: parseVariable(env, 'OMNIARR_LOG_LEVEL'),
    urlBase: parseVariable(env, 'OMNIARR_URL_BASE'),
    apiKey: parseVariable(env, 'OMNIARR_API_KEY'),
    trustProxy: parseVariable(env, 'OMNIARR_TRUST_PROXY'),
    shutdownTimeoutMs: parseVariable(env, 'OMNIARR_SHUTDOWN_TIMEOUT') * 1000,
    jobConcurrency: parseVariable(env, 'OMNIARR_JOB_CONCURRENCY'),
    tmdb: {
      apiKey: parseVariable(env, 'OMNIARR_TMDB_API_KEY'),
      readToken: parseVariable(env, 'OMNIARR_TMDB_READ_TOKEN'),
      url: parseVariable(env, 'OMNIARR_TMDB_URL'),
    },
    tvmazeUrl: parseVariable(env, 'OMNIARR_TVMAZE_URL'),
    rssSyncMinutes: parseVariable(env, 'OMNIARR_RSS_SYNC_MINUTES'),
    recycleBin: parseVariable(env, 'OMNIARR_RECYCLE_BIN'),
    flareSolverrUrl: parseVariable(env, 'OMNIARR_FLARESOLVERR_URL'),
    cardigannDir: optionalPath(parseVariable(env, 'OMNIARR_CARDIGANN_DIR')),
  };
}

/** The secret values in a configuration, for log redaction by value. */
export function configSecrets(config: Config): string[] {
  const secrets = [config.apiKey, config.tmdb.apiKey, config.tmdb.readToken];
  if (config.databaseUrl) {
    try {
      const password = decodeURIComponent(new URL(config.databaseUrl).password);
      secrets.push(password, config.databaseUrl);
    } catch {
      secrets.push(config.databaseUrl);
    }
  }
  return secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4);
}
