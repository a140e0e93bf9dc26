// Owns every call Omniarr makes to Jellyfin: one private request() holds the base URL, the
// MediaBrowser Authorization header (the only auth form Jellyfin 12 still reads), the timeout and
// the retries, and turns Jellyfin's answers into typed errors. Neither the API key nor a user's
// password ever reaches an error message or a log line.
import type { z } from 'zod';
import type { Logger } from '../../logging/logger.js';
import { sleep as realSleep } from '../../shared/clock.js';
import { BadRequestError, UnauthorizedError, UpstreamError } from '../../shared/errors.js';
import {
  MEDIA_PATH_UPDATE_TYPES,
  type MediaLibrary,
  type MediaPathUpdate,
  type MediaServer,
  type MediaServerInfo,
} from '../media-server.js';
import { PathMapper, type PathMapping } from '../path-mapping.js';
import {
  jellyfinAuthenticationResultSchema,
  jellyfinSystemInfoSchema,
  jellyfinVirtualFoldersSchema,
  type JellyfinMediaUpdateInfo,
} from './jellyfin-api.js';
import { jellyfinAuthorization, type JellyfinClientIdentity } from './jellyfin-auth-header.js';

export interface JellyfinClientOptions {
  /** Jellyfin's address including any base path, e.g. `http://jellyfin:8096` or `https://host/jellyfin`. */
  url: string;
  /** An API key (Dashboard → API Keys) or an administrator's access token. Needed for all but login. */
  apiKey?: string | undefined;
  pathMappings?: readonly PathMapping[];
  /** Shown in Jellyfin's device list. */
  deviceName?: string;
  deviceId?: string;
  /** Omniarr's version, sent in the header. */
  version?: string;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  /** Extra attempts after a 5xx or a dropped connection (not for logins). */
  retries?: number;
  retryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Pick<Logger, 'debug' | 'warn'>;
}

/** A Jellyfin user signed in with name and password (the requests app's "sign in with Jellyfin"). */
export interface JellyfinLogin {
  accessToken: string;
  serverId: string;
  user: { id: string; name: string; isAdministrator: boolean };
}

interface RequestSpec<T> {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Absent for endpoints answering 204 No Content. */
  schema?: z.ZodType<T>;
  /** `apiKey`: send Omniarr's key; `login`: no token, a 401 means wrong name or password. */
  auth: 'apiKey' | 'login';
  identity?: JellyfinClientIdentity;
  /** Extra secrets (a password) to keep out of error text. */
  secrets?: string[];
}

const SERVICE = 'Jellyfin';
/** Jellyfin queues these; large batches are split so a mass import does not build one huge body. */
const MAX_UPDATES_PER_REQUEST = 500;

export class JellyfinClient implements MediaServer {
  readonly kind = 'jellyfin';
  readonly paths: PathMapper;

  private readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly identity: JellyfinClientIdentity;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger: Pick<Logger, 'debug' | 'warn'> | undefined;

  constructor(options: JellyfinClientOptions) {
    this.baseUrl = parseBaseUrl(options.url);
    this.apiKey = options.apiKey?.trim() || undefined;
    this.paths = new PathMapper(options.pathMappings ?? []);
    this.identity = {
      client: 'Omniarr',
      device: options.deviceName ?? 'Omniarr',
      deviceId: options.deviceId ?? 'omniarr',
      version: options.version ?? '0.1.0',
    };
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 1;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.sleep = options.sleep ?? ((ms) => realSleep(ms));
    this.logger = options.logger;
  }

  async testConnection(): Promise<MediaServerInfo> {
    const info = await this.request({
      method: 'GET',
      path: '/System/Info',
      schema: jellyfinSystemInfoSchema,
      auth: 'apiKey',
    });
    return {
      id: info.Id,
      name: info.ServerName,
      version: info.Version,
      product: info.ProductName ?? 'Jellyfin Server',
    };
  }

  async notifyPathsUpdated(updates: readonly MediaPathUpdate[]): Promise<void> {
    const seen = new Set<string>();
    const body: JellyfinMediaUpdateInfo['Updates'] = [];
    for (const update of updates) {
      if (!MEDIA_PATH_UPDATE_TYPES.includes(update.updateType)) {
        throw new BadRequestError(`Unknown update type: ${String(update.updateType)}`);
      }
      if (!update.path.startsWith('/')) throw new BadRequestError(`Not an absolute path: ${update.path}`);
      const path = this.paths.toServer(update.path);
      const key = `${update.updateType}\u0000${path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      body.push({ Path: path, UpdateType: update.updateType });
    }
    for (let start = 0; start < body.length; start += MAX_UPDATES_PER_REQUEST) {
      const chunk: JellyfinMediaUpdateInfo = { Updates: body.slice(start, start + MAX_UPDATES_PER_REQUEST) };
      await this.request({ method: 'POST', path: '/Library/Media/Updated', body: chunk, auth: 'apiKey' });
    }
  }

  async libraries(): Promise<MediaLibrary[]> {
    const folders = await this.request({
      method: 'GET',
      path: '/Library/VirtualFolders',
      schema: jellyfinVirtualFoldersSchema,
      auth: 'apiKey',
    });
    return folders.map((folder) => {
      const serverPaths = folder.Locations ?? [];
      return {
        id: folder.ItemId || null,
        name: folder.Name,
        type: folder.CollectionType || null,
        serverPaths,
        paths: serverPaths.map((path) => this.paths.toLocal(path)),
      };
    });
  }

  /**
   * Signs a Jellyfin user in. Each user should get a stable `deviceId` of their own: Jellyfin
   * ends the previous session of the same user and device when a new one starts.
   */
  async authenticateByName(
    username: string,
    password: string,
    device: { deviceId?: string; deviceName?: string } = {},
  ): Promise<JellyfinLogin> {
    if (!username.trim()) throw new BadRequestError('A Jellyfin username is required');
    const result = await this.request({
      method: 'POST',
      path: '/Users/AuthenticateByName',
      body: { Username: username, Pw: password },
      schema: jellyfinAuthenticationResultSchema,
      auth: 'login',
      identity: {
        ...this.identity,
        deviceId: device.deviceId ?? this.identity.deviceId,
        device: device.deviceName ?? this.identity.device,
      },
      secrets: [password],
    });
    return {
      accessToken: result.AccessToken,
      serverId: result.ServerId,
      user: {
        id: result.User.Id,
        name: result.User.Name,
        isAdministrator: result.User.Policy?.IsAdministrator ?? false,
      },
    };
  }

  /** The one door to Jellyfin. */
  private async request<T>(spec: RequestSpec<T>): Promise<T> {
    if (spec.auth === 'apiKey' && !this.apiKey) {
      throw new BadRequestError('Jellyfin API key is not set (create one in Dashboard → API Keys)');
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: jellyfinAuthorization(
        spec.identity ?? this.identity,
        spec.auth === 'apiKey' ? this.apiKey : undefined,
      ),
    };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    const init = {
      method: spec.method,
      headers,
      body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
    };
    const url = `${this.baseUrl}${spec.path}`;
    // Logins are not retried: a retry cannot fix a password and would count twice against lockouts.
    const retries = spec.auth === 'login' ? 0 : this.retries;

    let failures = 0;
    for (;;) {
      let status: number;
      let text: string;
      try {
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
        status = response.status;
        text = await response.text();
      } catch (error) {
        const reason = describeFetchFailure(error, this.timeoutMs);
        if (reason.retryable && failures < retries) {
          failures += 1;
          this.logger?.warn(
            { path: spec.path, attempt: failures },
            `Jellyfin request failed (${reason.message}); retrying`,
          );
          await this.sleep(this.retryDelayMs * 2 ** (failures - 1));
          continue;
        }
        throw new UpstreamError(SERVICE, `${spec.path}: ${reason.message}`);
      }
      this.logger?.debug({ method: spec.method, path: spec.path, status }, 'Jellyfin request');

      if (status >= 200 && status < 300) return this.parse(spec, text);
      const excerpt = this.redact(excerptOf(text), spec.secrets);
      const detail = `HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`;
      if (status === 401) {
        if (spec.auth === 'login') throw new UnauthorizedError('Jellyfin refused the username or password');
        throw new UpstreamError(
          SERVICE,
          `the API key was refused (${detail}); create one in Dashboard → API Keys`,
        );
      }
      if (status === 403) {
        throw new UpstreamError(SERVICE, `${spec.path} needs an administrator's API key (${detail})`);
      }
      if (status === 404) {
        throw new UpstreamError(
          SERVICE,
          `${spec.path} was not found (${detail}); check the URL and any base path`,
        );
      }
      if (status >= 500 && failures < retries) {
        failures += 1;
        this.logger?.warn(
          { path: spec.path, attempt: failures },
          `Jellyfin answered HTTP ${status}; retrying`,
        );
        await this.sleep(this.retryDelayMs * 2 ** (failures - 1));
        continue;
      }
      throw new UpstreamError(SERVICE, `${spec.path} answered ${detail}`);
    }
  }

  private parse<T>(spec: RequestSpec<T>, text: string): T {
    if (!spec.schema) return undefined as T;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UpstreamError(
        SERVICE,
        `${spec.path} answered with something that is not JSON (is this Jellyfin?)`,
      );
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'body';
      throw new UpstreamError(
        SERVICE,
        `${spec.path} answered an unexpected shape at ${where}: ${issue?.message}`,
      );
    }
    return parsed.data;
  }

  private redact(text: string, extra: string[] = []): string {
    let result = text;
    for (const secret of [this.apiKey, ...extra]) {
      if (secret && secret.length >= 4) result = result.split(secret).join('[redacted]');
    }
    return result;
  }
}

function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new BadRequestError(`Jellyfin URL is not a URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new BadRequestError(`Jellyfin URL must be http(s): ${value}`);
  if (url.search || url.username || url.password) {
    throw new BadRequestError('Jellyfin URL must not carry a query string or credentials');
  }
  return url.toString().replace(/\/+$/, '');
}

function excerptOf(body: string): string {
  return body.replace(/\s+/g, ' ').trim().slice(0, 160);
}

function describeFetchFailure(error: unknown, timeoutMs: number): { message: string; retryable: boolean } {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { message: `no answer within ${Math.round(timeoutMs / 100) / 10}s`, retryable: false };
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return { message: code ? `cannot reach Jellyfin (${code})` : 'cannot reach Jellyfin', retryable: true };
}
