// A contract fake of the Jellyfin endpoints Omniarr uses, written to Jellyfin's OpenAPI
// (api.jellyfin.org): GET /System/Info, GET /System/Info/Public, POST /Library/Media/Updated
// (MediaUpdateInfoDto → 204), GET /Library/VirtualFolders (VirtualFolderInfo[]) and
// POST /Users/AuthenticateByName (AuthenticateUserByName → AuthenticationResult). Loopback only.
//
// Auth is checked the way Jellyfin 12 does: only `Authorization: MediaBrowser …` is read, with
// values URL-decoded. Requests carrying a legacy credential (X-Emby-Token, X-MediaBrowser-Token,
// X-Emby-Authorization, the `Emby` scheme, `api_key`) are refused with 401, and so is the `ApiKey`
// query parameter: Jellyfin 12 still reads that one, but Omniarr keeps keys out of URLs, so the fake
// treats it as a regression to catch.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeJellyfinLibrary {
  name: string;
  collectionType?:
    'movies' | 'tvshows' | 'music' | 'musicvideos' | 'homevideos' | 'boxsets' | 'books' | 'mixed';
  locations: string[];
}

export interface RecordedMediaUpdate {
  path: string;
  updateType: string;
}

export interface RecordedJellyfinRequest {
  method: string;
  path: string;
  /** Parsed MediaBrowser header fields (Token replaced by a marker), or null without one. */
  authorization: Record<string, string> | null;
  legacyAuth: boolean;
}

export type JellyfinFault = 'none' | 'serverError' | 'hang' | 'notJson';

export interface JellyfinFakeOptions {
  serverName?: string;
  version?: string;
  /** Serve under a base path, e.g. `/jellyfin` (Jellyfin's "Base URL" network setting). */
  basePath?: string;
  token?: string;
  libraries?: FakeJellyfinLibrary[];
}

export interface JellyfinFake {
  url: string;
  /** The administrator API key Omniarr should use. */
  token: string;
  serverId: string;
  updates: RecordedMediaUpdate[];
  requests: RecordedJellyfinRequest[];
  /** Resolves with the first update for `path` (past or future); rejects after `timeoutMs`. */
  waitForUpdate(path: string, timeoutMs?: number): Promise<RecordedMediaUpdate>;
  addLibrary(library: FakeJellyfinLibrary): string;
  /** Adds a user who can sign in; returns the user id. */
  addUser(name: string, password: string, options?: { isAdministrator?: boolean }): string;
  setFault(mode: JellyfinFault, options?: { times?: number }): void;
  stop(): Promise<void>;
}

interface User {
  id: string;
  name: string;
  password: string;
  isAdministrator: boolean;
}

interface Session {
  user: User;
  deviceId: string;
}

const LEGACY_HEADERS = ['x-emby-token', 'x-mediabrowser-token', 'x-emby-authorization'];
const LEGACY_QUERY = ['api_key', 'apikey'];
const UPDATE_TYPES = new Set(['Created', 'Modified', 'Deleted']);

/** Jellyfin's parsing of the MediaBrowser header: quote-aware split, keys case-insensitive, values URL-decoded. */
export function parseMediaBrowserHeader(header: string): Record<string, string> | null {
  const space = header.indexOf(' ');
  if (space < 0) return null;
  if (header.slice(0, space).toLowerCase() !== 'mediabrowser') return null;
  const rest = header.slice(space + 1);
  const result: Record<string, string> = {};
  let quoted = false;
  let start = 0;
  let key = '';
  const take = (end: number) => {
    const raw = rest.slice(start, end).trim().replace(/^"|"$/g, '');
    result[key.toLowerCase()] = decodeURIComponent(raw.replace(/\+/g, ' '));
  };
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      if (start < i) take(i);
      key = '';
      start = i + 1;
    } else if (c === '=' && !quoted) {
      key = rest.slice(start, i).trim();
      start = i + 1;
    }
  }
  if (start < rest.length) take(rest.length);
  return result;
}

export async function startJellyfinFake(options: JellyfinFakeOptions = {}): Promise<JellyfinFake> {
  const token = options.token ?? randomBytes(16).toString('hex');
  const serverId = randomBytes(16).toString('hex');
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const serverName = options.serverName ?? 'jellyfin-fake';
  const version = options.version ?? '10.10.7';
  const libraries: (FakeJellyfinLibrary & { itemId: string })[] = [];
  const users = new Map<string, User>();
  const sessions = new Map<string, Session>();
  const updates: RecordedMediaUpdate[] = [];
  const requests: RecordedJellyfinRequest[] = [];
  const waiters: { path: string; resolve: (update: RecordedMediaUpdate) => void }[] = [];
  let fault: { mode: JellyfinFault; remaining: number } = { mode: 'none', remaining: Infinity };

  const addLibrary = (library: FakeJellyfinLibrary) => {
    const itemId = randomUUID().replace(/-/g, '');
    libraries.push({ ...library, itemId });
    return itemId;
  };
  for (const library of options.libraries ?? []) addLibrary(library);

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, `Error processing request. ${String(error)}`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const legacyAuth =
      LEGACY_HEADERS.some((name) => req.headers[name] !== undefined) ||
      [...url.searchParams.keys()].some((name) => LEGACY_QUERY.includes(name.toLowerCase())) ||
      /^emby /i.test(req.headers.authorization ?? '');
    const authorization = req.headers.authorization
      ? parseMediaBrowserHeader(req.headers.authorization)
      : null;
    const method = req.method ?? 'GET';
    if (!url.pathname.startsWith(`${basePath}/`)) return send(res, 404, '');
    const path = url.pathname.slice(basePath.length);
    requests.push({
      method,
      path,
      authorization: authorization && {
        ...authorization,
        ...(authorization.token ? { token: '[token]' } : {}),
      },
      legacyAuth,
    });
    const body = await readBody(req);

    if (fault.mode !== 'none' && fault.remaining > 0) {
      fault.remaining -= 1;
      const mode = fault.mode;
      if (fault.remaining === 0) fault = { mode: 'none', remaining: Infinity };
      if (mode === 'hang') return;
      if (mode === 'serverError') return send(res, 500, 'Error processing request.');
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome to nginx!</body></html>');
      return;
    }

    if (legacyAuth) return send(res, 401, 'Legacy authorization is disabled.');

    if (method === 'GET' && path === '/System/Info/Public') {
      return json(res, 200, {
        LocalAddress: '',
        ServerName: serverName,
        Version: version,
        ProductName: 'Jellyfin Server',
        Id: serverId,
        StartupWizardCompleted: true,
      });
    }

    if (method === 'POST' && path === '/Users/AuthenticateByName') {
      const missing = ['client', 'device', 'deviceid', 'version'].filter((field) => !authorization?.[field]);
      if (missing.length > 0) return send(res, 400, `Authorization header is missing ${missing.join(', ')}`);
      const input = parseJson(req, body);
      if (input === undefined) return send(res, 415, '');
      const { Username, Pw } = (input ?? {}) as { Username?: unknown; Pw?: unknown };
      if (typeof Username !== 'string') return send(res, 400, 'Username is required');
      const user = [...users.values()].find(
        (candidate) => candidate.name.toLowerCase() === Username.toLowerCase(),
      );
      if (!user || user.password !== (typeof Pw === 'string' ? Pw : '')) {
        return send(res, 401, 'Error processing request.');
      }
      const deviceId = authorization?.deviceid ?? '';
      // Jellyfin ends the user's earlier session on the same device when a new one starts.
      for (const [existing, session] of sessions) {
        if (session.user.id === user.id && session.deviceId === deviceId) sessions.delete(existing);
      }
      const accessToken = randomBytes(16).toString('hex');
      sessions.set(accessToken, { user, deviceId });
      return json(res, 200, {
        User: userDto(user),
        SessionInfo: {
          Id: randomBytes(16).toString('hex'),
          UserId: user.id,
          UserName: user.name,
          Client: authorization?.client,
          DeviceId: deviceId,
          DeviceName: authorization?.device,
          ApplicationVersion: authorization?.version,
          ServerId: serverId,
        },
        AccessToken: accessToken,
        ServerId: serverId,
      });
    }

    // Everything else needs a token in the MediaBrowser header.
    const presented = authorization?.token;
    const isApiKey = presented === token;
    const session = presented ? sessions.get(presented) : undefined;
    if (!isApiKey && !session) return send(res, 401, '');
    const isAdmin = isApiKey || session?.user.isAdministrator === true;

    if (method === 'GET' && path === '/System/Info') {
      return json(res, 200, {
        LocalAddress: `http://127.0.0.1:${port()}${basePath}`,
        ServerName: serverName,
        Version: version,
        ProductName: 'Jellyfin Server',
        OperatingSystem: 'Linux',
        Id: serverId,
        StartupWizardCompleted: true,
        HasPendingRestart: false,
        IsShuttingDown: false,
        SupportsLibraryMonitor: true,
        WebSocketPortNumber: port(),
        CompletedInstallations: [],
        CanSelfRestart: true,
        CanLaunchWebBrowser: false,
        HasUpdateAvailable: false,
        SystemArchitecture: 'X64',
      });
    }

    if (method === 'GET' && path === '/Library/VirtualFolders') {
      if (!isAdmin) return send(res, 403, '');
      return json(
        res,
        200,
        libraries.map((library) => ({
          Name: library.name,
          Locations: library.locations,
          CollectionType: library.collectionType ?? null,
          LibraryOptions: {
            Enabled: true,
            EnableRealtimeMonitor: true,
            PathInfos: library.locations.map((Path) => ({ Path })),
          },
          ItemId: library.itemId,
          PrimaryImageItemId: library.itemId,
          RefreshStatus: 'Idle',
        })),
      );
    }

    if (method === 'POST' && path === '/Library/Media/Updated') {
      if (!isAdmin) return send(res, 403, '');
      const input = parseJson(req, body);
      if (input === undefined) return send(res, 415, '');
      const list: unknown =
        typeof input === 'object' && input !== null && 'Updates' in input ? input.Updates : undefined;
      if (!Array.isArray(list)) return send(res, 400, 'The Updates field is required.');
      const accepted: RecordedMediaUpdate[] = [];
      for (const item of list) {
        const { Path, UpdateType } = (item ?? {}) as { Path?: unknown; UpdateType?: unknown };
        if (typeof Path !== 'string' || !Path) return send(res, 400, 'Each update needs a Path.');
        if (typeof UpdateType !== 'string' || !UPDATE_TYPES.has(UpdateType)) {
          return send(res, 400, 'UpdateType must be Created, Modified or Deleted.');
        }
        accepted.push({ path: Path, updateType: UpdateType });
      }
      for (const update of accepted) {
        updates.push(update);
        for (const waiter of waiters.filter((candidate) => candidate.path === update.path)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(update);
        }
      }
      res.writeHead(204);
      res.end();
      return;
    }

    return send(res, 404, '');
  }

  function userDto(user: User) {
    return {
      Name: user.name,
      ServerId: serverId,
      Id: user.id,
      HasPassword: user.password !== '',
      HasConfiguredPassword: user.password !== '',
      EnableAutoLogin: false,
      Configuration: { PlayDefaultAudioTrack: true },
      Policy: {
        IsAdministrator: user.isAdministrator,
        IsDisabled: false,
        IsHidden: true,
        EnableAllFolders: true,
      },
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = () => (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port()}${basePath}`,
    token,
    serverId,
    updates,
    requests,
    waitForUpdate(path, timeoutMs = 5_000) {
      const existing = updates.find((update) => update.path === path);
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const waiter = {
          path,
          resolve: (update: RecordedMediaUpdate) => {
            clearTimeout(timer);
            resolve(update);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          const seen = updates.map((update) => update.path).join(', ') || 'none';
          reject(new Error(`Jellyfin fake: no update for ${path} within ${timeoutMs} ms (got: ${seen})`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    addLibrary,
    addUser(name, password, userOptions = {}) {
      const id = randomUUID().replace(/-/g, '');
      users.set(id, { id, name, password, isAdministrator: userOptions.isAdministrator ?? false });
      return id;
    },
    setFault(mode, faultOptions = {}) {
      fault = { mode, remaining: faultOptions.times ?? Infinity };
    },
    stop() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The JSON body, null when empty or invalid, undefined when not sent as JSON (ASP.NET's 415). */
function parseJson(req: IncomingMessage, body: string): unknown {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
