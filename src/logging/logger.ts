// Owns structured logging: pino JSON to stdout, with secrets removed twice over: by key name (any
// field that looks like a credential) and by value (every secret the process knows, wherever it
// appears, e.g. inside a URL or an error message).
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

const REDACTED = '[redacted]';

const secretKeyPaths = [
  'password',
  'apiKey',
  'apikey',
  'token',
  'cookie',
  'authorization',
  'secret',
  'databaseUrl',
].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

const headerPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/** Known secret values, redacted wherever they appear in a log line. */
export class SecretRegistry {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  add(value: string | undefined): void {
    if (!value || value.length < 4 || this.values.has(value)) return;
    this.values.add(value);
    this.pattern = undefined;
  }

  redact(text: string): string {
    if (this.values.size === 0) return text;
    this.pattern ??= new RegExp(
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .flatMap((value) => [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])
        .map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, REDACTED);
  }
}

/** Removes credentials passed in a query string (`?apikey=…`, the *arr convention). */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:apikey|api_key|token|password|passkey)=)[^&#]*/gi, `$1${REDACTED}`);
}

export interface LoggerOptions {
  level: string;
  secrets: SecretRegistry;
  destination?: DestinationStream;
}

export function createLogger({ level, secrets, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service: 'omniarr' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...secretKeyPaths, ...headerPaths], censor: REDACTED },
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url === undefined ? undefined : redactUrl(req.url),
        }),
        err: pino.stdSerializers.err,
      },
      hooks: {
        streamWrite: (line) => secrets.redact(line),
      },
    },
    destination,
  );
}
