// Owns the configured download clients as a whole: their settings (the password kept secret),
// testing a connection before it is saved, building one adapter per client (rebuilt only when its
// connection settings change), and choosing which client gets a new grab.
import type { Logger } from '../logging/logger.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError, ConflictError, NotFoundError } from '../shared/errors.js';
import {
  DownloadClientError,
  type DownloadClient,
  type DownloadClientInfo,
} from './clients/download-client.js';
import { QbittorrentClient } from './clients/qbittorrent/qbittorrent.client.js';
import { TransmissionClient } from './clients/transmission/transmission.client.js';
import type {
  DownloadClientInput,
  DownloadClientRepository,
  DownloadClientSettings,
} from './download-client.repository.js';
import type { DownloadClientImplementation } from './download-client.tables.js';

export type DownloadProtocol = 'torrent' | 'usenet';

export type DownloadClientFactory = (settings: DownloadClientSettings) => DownloadClient;

export interface DownloadClientView extends Omit<DownloadClientSettings, 'password'> {
  protocol: DownloadProtocol;
  hasPassword: boolean;
}

/** A change to a download client: `password` undefined keeps the stored one, null removes it. */
export type DownloadClientPatch = Omit<DownloadClientInput, 'password'> & { password?: string | null };

/** An enabled client ready for use, with the settings callers need beside the adapter. */
export interface ConfiguredDownloadClient {
  id: number;
  name: string;
  protocol: DownloadProtocol;
  category: string;
  priority: number;
  removeCompletedDownloads: boolean;
  client: DownloadClient;
}

export function protocolOf(implementation: DownloadClientImplementation): DownloadProtocol {
  switch (implementation) {
    case 'qbittorrent':
    case 'transmission':
      return 'torrent';
  }
}

/**
 * Transmission's RPC endpoint from the URL the user typed, read the way Sonarr reads its "URL base":
 * a bare host means the default `/transmission/rpc`, a base path gets `/rpc` appended, and a URL that
 * already ends in `/rpc` is taken as it is.
 */
export function transmissionEndpoint(url: string): { url: string; rpcPath: string } {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  const rpcPath = path === '' ? '/transmission/rpc' : path.endsWith('/rpc') ? path : `${path}/rpc`;
  return { url: parsed.origin, rpcPath };
}

export function createDownloadClient(settings: DownloadClientSettings): DownloadClient {
  const credentials = {
    ...(settings.username ? { username: settings.username } : {}),
    ...(settings.password ? { password: settings.password } : {}),
    timeoutMs: settings.timeoutMs,
  };
  switch (settings.implementation) {
    case 'qbittorrent':
      return new QbittorrentClient({ url: settings.url, ...credentials });
    case 'transmission':
      return new TransmissionClient({ ...transmissionEndpoint(settings.url), ...credentials });
  }
}

/** The settings an adapter is built from: a change to any of them means a new adapter. */
function connectionKey(settings: DownloadClientSettings): string {
  const { implementation, url, username, password, timeoutMs } = settings;
  return JSON.stringify([implementation, url, username, password, timeoutMs]);
}

export class DownloadClientService {
  private readonly clients = new Map<number, { key: string; client: DownloadClient }>();
  /** Rotates between enabled clients of equal priority, as Sonarr and Radarr do. */
  private turn = 0;

  constructor(
    private readonly downloadClients: DownloadClientRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: {
      /** Told every password, so logs never show one. */
      onSecret?: (value: string) => void;
      createClient?: DownloadClientFactory;
    } = {},
  ) {}

  async list(): Promise<DownloadClientView[]> {
    return (await this.downloadClients.list()).map(view);
  }

  async get(id: number): Promise<DownloadClientView> {
    return view(await this.settings(id));
  }

  async create(input: DownloadClientInput, { test = true } = {}): Promise<DownloadClientView> {
    if (await this.downloadClients.findByName(input.name))
      throw new ConflictError(`a download client named "${input.name}" exists`);
    const unsaved = { ...input, id: 0, updatedAt: 0 };
    this.validate(unsaved);
    // A disabled client may be saved while it is down; it is tested when enabled.
    if (test && unsaved.enabled) await this.testSettings(unsaved);
    const created = await this.downloadClients.insert(input, this.clock.now());
    this.remember(created);
    this.logger.info({ downloadClient: created.name, id: created.id }, 'download client added');
    return view(created);
  }

  async update(id: number, patch: DownloadClientPatch, { test = true } = {}): Promise<DownloadClientView> {
    const current = await this.settings(id);
    const other = await this.downloadClients.findByName(patch.name);
    if (other && other.id !== id) throw new ConflictError(`a download client named "${patch.name}" exists`);
    const input: DownloadClientInput = {
      ...patch,
      password: patch.password === undefined ? current.password : patch.password,
    };
    const next = { ...current, ...input };
    this.validate(next);
    if (test && next.enabled) await this.testSettings(next);
    const updated = await this.downloadClients.update(id, input, this.clock.now());
    if (!updated) throw new NotFoundError(`download client ${id} not found`);
    this.remember(updated);
    this.logger.info({ downloadClient: updated.name, id }, 'download client changed');
    return view(updated);
  }

  async delete(id: number): Promise<void> {
    if (!(await this.downloadClients.delete(id))) throw new NotFoundError(`download client ${id} not found`);
    this.clients.delete(id);
    this.logger.info({ id }, 'download client removed');
  }

  /** Connects to a saved client now and reports its version. */
  async test(id: number): Promise<DownloadClientInfo> {
    return this.testSettings(await this.settings(id));
  }

  /** Tests settings before they are saved; a patch without a password is tested with none. */
  async testUnsaved(input: DownloadClientInput): Promise<DownloadClientInfo> {
    const unsaved = { ...input, id: 0, updatedAt: 0 };
    this.validate(unsaved);
    return this.testSettings(unsaved);
  }

  /** The adapter of one client (enabled or not), built once per version of its settings. */
  async clientFor(id: number): Promise<DownloadClient> {
    return this.client(await this.settings(id));
  }

  /** Every enabled client, best priority first (for polling downloads and import clean-up). */
  async enabledClients(): Promise<ConfiguredDownloadClient[]> {
    const enabled = (await this.downloadClients.list()).filter((settings) => settings.enabled);
    return enabled.map((settings) => this.configured(settings));
  }

  /**
   * The client a new grab of this protocol goes to: the enabled one with the best (lowest) priority,
   * taking turns between clients of equal priority. Throws when no enabled client takes the protocol.
   */
  async pick(protocol: DownloadProtocol): Promise<ConfiguredDownloadClient> {
    const candidates = (await this.downloadClients.list()).filter(
      (settings) => settings.enabled && protocolOf(settings.implementation) === protocol,
    );
    const best = Math.min(...candidates.map((settings) => settings.priority));
    const tied = candidates.filter((settings) => settings.priority === best);
    const chosen = tied[this.turn++ % Math.max(tied.length, 1)];
    if (!chosen) {
      throw new BadRequestError(
        `no enabled download client takes ${protocol} releases: add or enable one under download clients`,
      );
    }
    return this.configured(chosen);
  }

  /** Loads stored passwords into the log redaction; called once at start-up. */
  async registerSecrets(): Promise<void> {
    for (const settings of await this.downloadClients.list()) this.remember(settings);
  }

  private async testSettings(settings: DownloadClientSettings): Promise<DownloadClientInfo> {
    this.remember(settings);
    try {
      return await this.build(settings).testConnection();
    } catch (error) {
      if (!(error instanceof DownloadClientError)) throw error;
      // Whatever a client echoes back, the password must not reach the response.
      const message = settings.password
        ? error.message.split(settings.password).join('[redacted]')
        : error.message;
      throw new BadRequestError(`download client test failed: ${message}`, { reason: error.reason });
    }
  }

  /** Catches settings no adapter could use, also when the connection test is skipped. */
  private validate(settings: DownloadClientSettings): void {
    let url: URL;
    try {
      url = new URL(settings.url);
    } catch {
      throw new BadRequestError(`download client URL is not a URL: ${settings.url}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new BadRequestError(`download client URL must be http(s): ${settings.url}`);
    if (url.username || url.password)
      throw new BadRequestError('put the username and password in their own fields, not in the URL');
    if (url.search || url.hash)
      throw new BadRequestError('download client URL must not carry a query string or fragment');
  }

  private configured(settings: DownloadClientSettings): ConfiguredDownloadClient {
    return {
      id: settings.id,
      name: settings.name,
      protocol: protocolOf(settings.implementation),
      category: settings.category,
      priority: settings.priority,
      removeCompletedDownloads: settings.removeCompletedDownloads,
      client: this.client(settings),
    };
  }

  private client(settings: DownloadClientSettings): DownloadClient {
    const key = connectionKey(settings);
    const cached = this.clients.get(settings.id);
    // Adapters keep state worth keeping (qBittorrent's login cookie, Transmission's session id).
    if (cached && cached.key === key) return cached.client;
    const client = this.build(settings);
    this.clients.set(settings.id, { key, client });
    return client;
  }

  private build(settings: DownloadClientSettings): DownloadClient {
    this.remember(settings);
    return (this.options.createClient ?? createDownloadClient)(settings);
  }

  private remember(settings: DownloadClientSettings): void {
    if (settings.password) this.options.onSecret?.(settings.password);
  }

  private async settings(id: number): Promise<DownloadClientSettings> {
    const settings = await this.downloadClients.get(id);
    if (!settings) throw new NotFoundError(`download client ${id} not found`);
    return settings;
  }
}

function view(settings: DownloadClientSettings): DownloadClientView {
  const { password, ...rest } = settings;
  return { ...rest, protocol: protocolOf(settings.implementation), hasPassword: Boolean(password) };
}
