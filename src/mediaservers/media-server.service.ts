// Owns the configured media servers as a whole: their settings (the API key kept secret) and path
// mappings, testing a connection before it is saved, building one client per server (rebuilt only
// when its settings change), and telling every enabled server about changed paths.
import type { Logger } from '../logging/logger.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError, ConflictError, NotFoundError, UpstreamError } from '../shared/errors.js';
import { JellyfinClient } from './jellyfin/jellyfin.client.js';
import type { MediaLibrary, MediaPathUpdate, MediaServer, MediaServerInfo } from './media-server.js';
import type {
  MediaServerInput,
  MediaServerRepository,
  MediaServerSettings,
} from './media-server.repository.js';
import { PathMapper } from './path-mapping.js';

export type MediaServerFactory = (settings: MediaServerSettings) => MediaServer;

export interface MediaServerView extends Omit<MediaServerSettings, 'apiKey'> {
  hasApiKey: boolean;
}

/** A change to a media server: `apiKey` undefined keeps the stored key, null removes it. */
export type MediaServerPatch = Omit<MediaServerInput, 'apiKey'> & { apiKey?: string | null };

export interface ConfiguredMediaServer {
  id: number;
  name: string;
  server: MediaServer;
}

export interface MediaServerNotifyReport {
  /** Servers that accepted the update. */
  notified: string[];
  /** Servers that did not, with why; the caller (a job) decides whether to retry. */
  failures: Array<{ server: string; reason: string }>;
}

export function createMediaServer(
  settings: MediaServerSettings,
  context: { logger?: Logger; version?: string } = {},
): MediaServer {
  switch (settings.implementation) {
    case 'jellyfin':
      return new JellyfinClient({
        url: settings.url,
        apiKey: settings.apiKey ?? undefined,
        pathMappings: settings.pathMappings,
        ...(context.version ? { version: context.version } : {}),
        ...(context.logger ? { logger: context.logger } : {}),
      });
  }
}

function settingsKey(settings: MediaServerSettings): string {
  const { implementation, url, apiKey, pathMappings } = settings;
  return JSON.stringify([implementation, url, apiKey, pathMappings]);
}

export class MediaServerService {
  private readonly servers = new Map<number, { key: string; server: MediaServer }>();

  constructor(
    private readonly mediaServers: MediaServerRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: {
      /** Told every API key, so logs never show one. */
      onSecret?: (value: string) => void;
      createServer?: MediaServerFactory;
      /** Omniarr's version, shown in Jellyfin's device list. */
      version?: string;
    } = {},
  ) {}

  async list(): Promise<MediaServerView[]> {
    return (await this.mediaServers.list()).map(view);
  }

  async get(id: number): Promise<MediaServerView> {
    return view(await this.settings(id));
  }

  async create(input: MediaServerInput, { test = true } = {}): Promise<MediaServerView> {
    if (await this.mediaServers.findByName(input.name))
      throw new ConflictError(`a media server named "${input.name}" exists`);
    const unsaved = { ...input, id: 0, updatedAt: 0 };
    const server = this.build(unsaved); // validates the URL and the path mappings
    if (test && unsaved.enabled) await this.testServer(server);
    const created = await this.mediaServers.insert(input, this.clock.now());
    this.logger.info({ mediaServer: created.name, id: created.id }, 'media server added');
    return view(created);
  }

  async update(id: number, patch: MediaServerPatch, { test = true } = {}): Promise<MediaServerView> {
    const current = await this.settings(id);
    const other = await this.mediaServers.findByName(patch.name);
    if (other && other.id !== id) throw new ConflictError(`a media server named "${patch.name}" exists`);
    const input: MediaServerInput = {
      ...patch,
      apiKey: patch.apiKey === undefined ? current.apiKey : patch.apiKey,
    };
    const next = { ...current, ...input };
    const server = this.build(next);
    // A disabled server may be saved while it is down; it is tested when enabled.
    if (test && next.enabled) await this.testServer(server);
    const updated = await this.mediaServers.update(id, input, this.clock.now());
    if (!updated) throw new NotFoundError(`media server ${id} not found`);
    this.logger.info({ mediaServer: updated.name, id }, 'media server changed');
    return view(updated);
  }

  async delete(id: number): Promise<void> {
    if (!(await this.mediaServers.delete(id))) throw new NotFoundError(`media server ${id} not found`);
    this.servers.delete(id);
    this.logger.info({ id }, 'media server removed');
  }

  async test(id: number): Promise<MediaServerInfo> {
    return this.testServer(this.server(await this.settings(id)));
  }

  async testUnsaved(input: MediaServerInput): Promise<MediaServerInfo> {
    return this.testServer(this.build({ ...input, id: 0, updatedAt: 0 }));
  }

  /** The server's libraries, with their folders also in Omniarr's view (through the path mappings). */
  async libraries(id: number): Promise<MediaLibrary[]> {
    return this.server(await this.settings(id)).libraries();
  }

  async enabledServers(): Promise<ConfiguredMediaServer[]> {
    const enabled = (await this.mediaServers.list()).filter((settings) => settings.enabled);
    return enabled.map((settings) => ({
      id: settings.id,
      name: settings.name,
      server: this.server(settings),
    }));
  }

  /**
   * Tells every enabled server to rescan these paths. One server's failure never stops the others
   * and never throws: it is reported, so the calling job can retry just what failed.
   */
  async notifyPathsUpdated(updates: readonly MediaPathUpdate[]): Promise<MediaServerNotifyReport> {
    const report: MediaServerNotifyReport = { notified: [], failures: [] };
    if (updates.length === 0) return report;
    const servers = await this.enabledServers();
    await Promise.all(
      servers.map(async ({ name, server }) => {
        try {
          await server.notifyPathsUpdated(updates);
          report.notified.push(name);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          this.logger.warn({ mediaServer: name, reason }, 'media server was not told about changed paths');
          report.failures.push({ server: name, reason });
        }
      }),
    );
    return report;
  }

  /** Loads stored API keys into the log redaction; called once at start-up. */
  async registerSecrets(): Promise<void> {
    for (const settings of await this.mediaServers.list()) this.remember(settings);
  }

  private async testServer(server: MediaServer): Promise<MediaServerInfo> {
    try {
      return await server.testConnection();
    } catch (error) {
      // The server's answer is about the settings being tried: the user's request is what is wrong.
      if (error instanceof UpstreamError || error instanceof BadRequestError) {
        throw new BadRequestError(`media server test failed: ${error.message}`);
      }
      throw error;
    }
  }

  private server(settings: MediaServerSettings): MediaServer {
    const key = settingsKey(settings);
    const cached = this.servers.get(settings.id);
    if (cached && cached.key === key) return cached.server;
    const server = this.build(settings);
    this.servers.set(settings.id, { key, server });
    return server;
  }

  private build(settings: MediaServerSettings): MediaServer {
    this.remember(settings);
    // Construct the mapper first: it names the bad mapping, whichever implementation is used.
    new PathMapper(settings.pathMappings);
    const factory =
      this.options.createServer ??
      ((s: MediaServerSettings) =>
        createMediaServer(s, { logger: this.logger, version: this.options.version }));
    return factory(settings);
  }

  private remember(settings: MediaServerSettings): void {
    if (settings.apiKey) this.options.onSecret?.(settings.apiKey);
  }

  private async settings(id: number): Promise<MediaServerSettings> {
    const settings = await this.mediaServers.get(id);
    if (!settings) throw new NotFoundError(`media server ${id} not found`);
    return settings;
  }
}

function view(settings: MediaServerSettings): MediaServerView {
  const { apiKey, ...rest } = settings;
  return { ...rest, hasApiKey: Boolean(apiKey) };
}
