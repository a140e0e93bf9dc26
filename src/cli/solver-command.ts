// `omniarr solver`: the challenge solver alone, as a drop-in for a FlareSolverr container: its port
// (8191) and paths (POST /v1, GET /health, GET /), so Prowlarr, Jackett or scripts can point at it.
// No database, no auth (FlareSolverr has none either), so it binds to loopback unless told otherwise.
import { parseArgs } from 'node:util';
import Fastify, { LogController } from 'fastify';
import { z } from 'zod';
import { version } from '../app/version.js';
import { createLogger, SecretRegistry, type Logger } from '../logging/logger.js';
import { ChromiumHost, DEFAULT_CHROMIUM_PATH } from '../solver/chromium-host.js';
import { SolverService } from '../solver/solver.service.js';

const usage = `Usage:
  omniarr solver [--host ADDRESS] [--port PORT] [--chromium PATH] [--idle-seconds N] [--concurrency N]

Serves FlareSolverr's API: POST /v1, GET /health, GET /.
  --host          address to listen on (OMNIARR_SOLVER_HOST, default 127.0.0.1; 0.0.0.0 in a container)
  --port          port (OMNIARR_SOLVER_PORT, default 8191)
  --chromium      Chromium executable (OMNIARR_CHROMIUM_PATH, default ${DEFAULT_CHROMIUM_PATH})
  --idle-seconds  close the browser after this long unused (OMNIARR_SOLVER_IDLE_SECONDS, default 60)
  --concurrency   pages solved at once (OMNIARR_SOLVER_CONCURRENCY, default 2)
`;

const settingsSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65_535).default(8191),
  chromium: z.string().min(1).default(DEFAULT_CHROMIUM_PATH),
  idleSeconds: z.coerce.number().positive().default(60),
  concurrency: z.coerce.number().int().min(1).max(32).default(2),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type SolverSettings = z.infer<typeof settingsSchema>;

export interface SolverCommandIo {
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Stops the server (besides SIGTERM/SIGINT); for tests and embedding. */
  stop?: AbortSignal;
  /** Called once listening, with the bound port (useful with --port 0). */
  onListening?: (address: { host: string; port: number }) => void;
  logger?: Logger;
}

function readSettings(args: string[], env: NodeJS.ProcessEnv): SolverSettings {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      chromium: { type: 'string' },
      'idle-seconds': { type: 'string' },
      concurrency: { type: 'string' },
    },
  });
  const parsed = settingsSchema.safeParse({
    host: values.host ?? env.OMNIARR_SOLVER_HOST,
    port: values.port ?? env.OMNIARR_SOLVER_PORT,
    chromium: values.chromium ?? env.OMNIARR_CHROMIUM_PATH,
    idleSeconds: values['idle-seconds'] ?? env.OMNIARR_SOLVER_IDLE_SECONDS,
    concurrency: values.concurrency ?? env.OMNIARR_SOLVER_CONCURRENCY,
    logLevel: env.OMNIARR_LOG_LEVEL,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') ?? 'setting'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export async function solverCommand(args: string[], io: SolverCommandIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  if (args.includes('--help') || args.includes('-h')) {
    stdout.write(usage);
    return 0;
  }
  let settings: SolverSettings;
  try {
    settings = readSettings(args, io.env ?? process.env);
  } catch (error) {
    stderr.write(`omniarr solver: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }

  const logger = io.logger ?? createLogger({ level: settings.logLevel, secrets: new SecretRegistry() });
  const host = new ChromiumHost({
    executablePath: settings.chromium,
    idleTimeoutMs: settings.idleSeconds * 1000,
    logger,
  });
  const solver = new SolverService({ host, maxConcurrency: settings.concurrency, version, logger });

  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
  });
  app.post('/v1', async (request, reply) => {
    const abandoned = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableEnded) abandoned.abort();
    });
    const answer = await solver.respond(request.body ?? {}, abandoned.signal);
    return reply.code(answer.statusCode).send(answer.body);
  });
  app.get('/health', () => ({ status: 'ok' }));
  app.get('/', () => ({ msg: 'FlareSolverr is ready!', version }));

  try {
    await app.listen({ host: settings.host, port: settings.port });
  } catch (error) {
    stderr.write(
      `omniarr solver: cannot listen on ${settings.host}:${settings.port}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await solver.close();
    return 1;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  logger.info({ host: settings.host, port, chromium: settings.chromium }, 'challenge solver listening');
  io.onListening?.({ host: settings.host, port });

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      io.stop?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    if (io.stop?.aborted) stop();
    else io.stop?.addEventListener('abort', stop, { once: true });
  });
  await app.close();
  await solver.close();
  return 0;
}
