// Owns the configured indexers as a whole: their settings (the API key kept secret), building a
// client for each, searching all of them at once with a per-indexer timeout and an overall deadline,
// each indexer's query and grab limits, and recording after every query or grab its health
// (escalating back-off with the reason) and its statistics.
import type { Logger } from '../logging/logger.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError, ConflictError, NotFoundError, RateLimitedError } from '../shared/errors.js';
import type { FetchedRelease, Indexer, IndexerCapabilities, IndexerRelease, SearchQuery } from './indexer.js';
import { IndexerError } from './indexer-error.js';
import {
  availability,
  failureFromError,
  healthyIndexer,
  QueryRateLimiter,
  recordFailure,
  recordSuccess,
  type IndexerAvailability,
} from './indexer-health.js';
import type { IndexerInput, IndexerRepository, IndexerSettings } from './indexer.repository.js';
import {
  emptyStats,
  limitReachedReason,
  LONGEST_LIMIT_PERIOD_MS,
  type IndexerCall,
  type IndexerStats,
  type UsageKind,
  type UsageLimit,
} from './indexer-stats.js';
import type { IndexerStatsRepository, Reservation } from './indexer-stats.repository.js';
import type { DefinitionCatalog, DefinitionSummary } from './cardigann/definition-catalog.js';
import { TorznabClient, type IndexerFetch } from './torznab/torznab.client.js';

export type IndexerFactory = (settings: IndexerSettings) => Indexer;

export interface IndexerView extends Omit<IndexerSettings, 'apiKey' | 'health' | 'definitionSecrets'> {
  protocol: 'torrent' | 'usenet';
  hasApiKey: boolean;
  /** Cardigann: the secret settings (passwords, cookies) that are set; their values are never shown. */
  secretSettings: string[];
  status: IndexerAvailability & {
    consecutiveFailures: number;
    lastFailure: IndexerSettings['health']['lastFailure'];
    lastSuccessAt: number | null;
  };
}

/** A change to an indexer: `apiKey` undefined keeps the stored key, null removes it. */
export type IndexerPatch = Omit<IndexerInput, 'apiKey'> & { apiKey?: string | null };

export interface IndexerFailureReport {
  indexer: string;
  reason: string;
  kind: string;
}

export interface SearchOutcome {
  releases: IndexerRelease[];
  /** Indexers that were asked and failed (or did not answer before the deadline). */
  failures: IndexerFailureReport[];
  /** Indexers not asked: backing off after failures, or at their query limit. */
  skipped: Array<{ indexer: string; reason: string; until: number; kind: 'backoff' | 'query_limit' }>;
  /** Indexers that answered. */
  answered: string[];
}

export interface SearchOptions {
  /** Overall deadline: results that arrive later are left out (their indexer's health still counts). */
  deadlineMs?: number;
  purpose?: 'search' | 'rss';
  signal?: AbortSignal;
  /** Ask only these indexers (by id), enabled or not for this purpose; default: every enabled one. */
  indexerIds?: readonly number[];
}

/** A limit's usage as the API shows it. */
export interface LimitUsage extends UsageLimit {
  used: number;
}

export interface IndexerStatsView extends IndexerStats {
  name: string;
  queryLimit: LimitUsage | null;
  grabLimit: LimitUsage | null;
}

/** A grab refused because the indexer is at its grab limit (or a query at its query limit). */
export class IndexerLimitError extends RateLimitedError {
  constructor(
    readonly indexer: string,
    readonly kind: UsageKind,
    readonly limit: UsageLimit,
    /** When the next slot frees up (epoch milliseconds). */
    readonly until: number,
  ) {
    super(
      `${indexer}: ${limitReachedReason(kind, limit)}; the next ${kind} is possible after ${new Date(until).toISOString()}`,
      { indexer, kind, limit, until },
    );
  }
}

export interface IndexerTestResult {
  capabilities: IndexerCapabilities;
}

const DEFAULT_DEADLINE_MS = 60_000;
const PRUNE_INTERVAL_MS = 60 * 60_000;

export function protocolOf(settings: Pick<IndexerSettings, 'implementation'>): 'torrent' | 'usenet' {
  return settings.implementation === 'newznab' ? 'usenet' : 'torrent';
}

export class IndexerService {
  private readonly clients = new Map<number, { updatedAt: number; client: Indexer }>();
  private readonly limiter: QueryRateLimiter;
  private lastPruneAt = 0;
  /** Reservations of one indexer's limited slots run one at a time (see `reserve`). */
  private readonly reserving = new Map<number, Promise<unknown>>();

  constructor(
    private readonly indexers: IndexerRepository,
    private readonly statistics: IndexerStatsRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: {
      /** Told every API key, so logs never show one. */
      onSecret?: (value: string) => void;
      createClient?: IndexerFactory;
      /** The Cardigann definitions, loaded on first use (a Pi should not parse 500 files it never needs). */
      cardigann?: () => Promise<DefinitionCatalog>;
      /** How every client's requests go out: the app gives one that passes challenges. */
      fetch?: IndexerFetch;
    } = {},
  ) {
    this.limiter = new QueryRateLimiter(clock);
  }

  async list(): Promise<IndexerView[]> {
    return (await this.indexers.list()).map((settings) => this.view(settings));
  }

  async get(id: number): Promise<IndexerView> {
    return this.view(await this.settings(id));
  }

  async create(given: IndexerInput, { test = true } = {}): Promise<IndexerView> {
    if (await this.indexers.findByName(given.name))
      throw new ConflictError(`an indexer named "${given.name}" exists`);
    const input = await this.withCardigannSettings(given, {});
    if (test) await this.testSettings({ ...input, id: 0, health: healthyIndexer, updatedAt: 0 });
    const created = await this.indexers.insert(input, this.clock.now());
    this.remember(created);
    return this.view(created);
  }

  async update(id: number, patch: IndexerPatch, { test = true } = {}): Promise<IndexerView> {
    const current = await this.settings(id);
    const other = await this.indexers.findByName(patch.name);
    if (other && other.id !== id) throw new ConflictError(`an indexer named "${patch.name}" exists`);
    const input = await this.withCardigannSettings(
      { ...patch, apiKey: patch.apiKey === undefined ? current.apiKey : patch.apiKey },
      current.definitionId === patch.definitionId ? current.definitionSecrets : {},
    );
    if (test) await this.testSettings({ ...current, ...input });
    const updated = await this.indexers.update(id, input, this.clock.now());
    if (!updated) throw new NotFoundError(`indexer ${id} not found`);
    this.remember(updated);
    return this.view(updated);
  }

  async delete(id: number): Promise<void> {
    if (!(await this.indexers.delete(id))) throw new NotFoundError(`indexer ${id} not found`);
    this.clients.delete(id);
  }

  async test(id: number): Promise<IndexerTestResult> {
    const settings = await this.settings(id);
    return this.testSettings(settings, true);
  }

  async testUnsaved(given: IndexerInput): Promise<IndexerTestResult> {
    const input = await this.withCardigannSettings(given, {});
    return this.testSettings({ ...input, id: 0, health: healthyIndexer, updatedAt: 0 });
  }

  /** The Cardigann definitions that can run, with the settings each asks for. */
  async definitions(): Promise<DefinitionSummary[]> {
    return this.options.cardigann ? (await this.options.cardigann()).list() : [];
  }

  /**
   * Checks a Cardigann indexer's definition and splits its settings: password-type answers go to
   * `definitionSecrets` (write-only), the rest stay readable. An omitted secret keeps `keptSecrets`.
   */
  private async withCardigannSettings(
    input: IndexerInput,
    keptSecrets: Record<string, string>,
  ): Promise<
    IndexerInput & Pick<IndexerSettings, 'definitionId' | 'definitionSettings' | 'definitionSecrets'>
  > {
    if (input.implementation !== 'cardigann') {
      return { ...input, definitionId: null, definitionSettings: {}, definitionSecrets: {} };
    }
    if (!this.options.cardigann)
      throw new BadRequestError('Cardigann indexers need OMNIARR_CARDIGANN_DIR (the definitions folder)');
    if (!input.definitionId) throw new BadRequestError('a Cardigann indexer needs a definitionId');
    const definitionId = input.definitionId;
    const definition = (await this.options.cardigann()).get(definitionId);
    const secretNames = new Set(
      (definition.settings ?? [])
        .filter((setting) => setting.type === 'password')
        .map((setting) => setting.name),
    );
    const given = { ...input.definitionSettings, ...input.definitionSecrets };
    const definitionSettings: Record<string, string | boolean> = {};
    const definitionSecrets: Record<string, string> = { ...keptSecrets };
    for (const [name, value] of Object.entries(given)) {
      if (secretNames.has(name)) definitionSecrets[name] = String(value);
      else definitionSettings[name] = value;
    }
    return { ...input, definitionId, definitionSettings, definitionSecrets };
  }

  async resetHealth(id: number): Promise<IndexerView> {
    const settings = await this.settings(id);
    await this.indexers.saveHealth(id, healthyIndexer);
    return this.view({ ...settings, health: healthyIndexer });
  }

  /** Loads stored API keys into the log redaction; called once at start-up. */
  async registerSecrets(): Promise<void> {
    for (const settings of await this.indexers.list()) this.remember(settings);
  }

  /** Asks every enabled, available indexer at once; answers by the deadline with what arrived. */
  async searchAll(query: SearchQuery, options: SearchOptions = {}): Promise<SearchOutcome> {
    const now = this.clock.now();
    const rss = options.purpose === 'rss';
    const outcome: SearchOutcome = { releases: [], failures: [], skipped: [], answered: [] };
    const all = await this.indexers.list();
    const candidates =
      options.indexerIds === undefined
        ? all.filter((settings) => settings.enabled && (rss ? settings.rssEnabled : settings.searchEnabled))
        : all.filter((settings) => options.indexerIds?.includes(settings.id));
    const deadline = AbortSignal.timeout(options.deadlineMs ?? DEFAULT_DEADLINE_MS);
    const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
    const pending = new Set<string>();
    await this.pruneUsage(now);

    const queries = candidates.map(async (settings) => {
      const state = availability(settings.health, now);
      if (!state.available) {
        outcome.skipped.push({
          indexer: settings.name,
          reason: state.reason,
          until: state.until,
          kind: 'backoff',
        });
        return;
      }
      pending.add(settings.name);
      try {
        if (settings.queryLimit) {
          const reservation = await this.reserve(settings.id, 'query', settings.queryLimit, now);
          if (!reservation.granted) {
            outcome.skipped.push({
              indexer: settings.name,
              reason: limitReachedReason('query', settings.queryLimit),
              until: reservation.until,
              kind: 'query_limit',
            });
            return;
          }
        }
        await this.limiter.acquire(settings.name, settings.minIntervalMs, signal);
        const started = this.clock.now();
        try {
          const releases = await (
            await this.client(settings)
          ).search(withCategories(query, settings.categories), signal);
          await this.recordCall(settings, { kind: 'query', rss, started }, undefined);
          if (!deadline.aborted) {
            outcome.releases.push(...releases);
            outcome.answered.push(settings.name);
          }
        } catch (error) {
          // A search the caller cancelled is not the indexer's fault.
          const cancelled = options.signal?.aborted === true;
          await this.recordCall(settings, { kind: 'query', rss, started, cancelled }, error);
          if (!deadline.aborted) {
            outcome.failures.push({ indexer: settings.name, ...failureOf(error) });
          }
        }
      } finally {
        pending.delete(settings.name);
      }
    });

    await Promise.race([
      Promise.allSettled(queries),
      new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
    ]);
    for (const name of pending)
      outcome.failures.push({
        indexer: name,
        reason: 'no answer before the search deadline',
        kind: 'timeout',
      });
    outcome.releases = mergeDuplicates(outcome.releases);
    return outcome;
  }

  /** The indexer's capabilities (cached by its client). */
  async capabilities(id: number, signal?: AbortSignal): Promise<IndexerCapabilities> {
    return (await this.client(await this.settings(id))).capabilities(signal);
  }

  /** Lifetime statistics of every indexer, with the current usage of its limits. */
  async stats(): Promise<IndexerStatsView[]> {
    const byId = new Map((await this.statistics.list()).map((stats) => [stats.indexerId, stats]));
    const all = await this.indexers.list();
    return Promise.all(all.map((settings) => this.statsView(settings, byId.get(settings.id))));
  }

  async statsOf(id: number): Promise<IndexerStatsView> {
    const settings = await this.settings(id);
    return this.statsView(settings, await this.statistics.get(id));
  }

  /**
   * Fetches the .torrent/.nzb/magnet of a release from the indexer that listed it; refused with an
   * IndexerLimitError when that indexer is at its grab limit.
   */
  async fetchRelease(release: IndexerRelease, signal?: AbortSignal): Promise<FetchedRelease> {
    const settings = await this.indexers.findByName(release.indexer);
    if (!settings) throw new NotFoundError(`indexer "${release.indexer}" no longer exists`);
    if (settings.grabLimit) {
      const now = this.clock.now();
      const reservation = await this.reserve(settings.id, 'grab', settings.grabLimit, now);
      if (!reservation.granted)
        throw new IndexerLimitError(settings.name, 'grab', settings.grabLimit, reservation.until);
    }
    const started = this.clock.now();
    try {
      const fetched = await (await this.client(settings)).fetchRelease(release, signal);
      await this.recordCall(settings, { kind: 'grab', rss: false, started }, undefined);
      return fetched;
    } catch (error) {
      const cancelled = signal?.aborted === true;
      await this.recordCall(settings, { kind: 'grab', rss: false, started, cancelled }, error);
      throw error;
    }
  }

  private async testSettings(settings: IndexerSettings, record = false): Promise<IndexerTestResult> {
    try {
      const client = await this.build(settings);
      const capabilities = await client.capabilities();
      // Caps can come from a cache or a static file; a real query proves the key works.
      const started = this.clock.now();
      await client.search({ kind: 'text', text: '', limit: 1 });
      if (record) await this.recordCall(settings, { kind: 'query', rss: false, started }, undefined);
      return { capabilities };
    } catch (error) {
      if (record) await this.recordHealth(settings, error);
      const reason =
        error instanceof IndexerError ? error.reason : error instanceof Error ? error.message : String(error);
      throw new BadRequestError(`indexer test failed: ${reason}`, { kind: failureOf(error).kind });
    }
  }

  /** After a query or grab: its statistics and the indexer's health. Neither may fail the caller. */
  private async recordCall(
    settings: IndexerSettings,
    call: { kind: UsageKind; rss: boolean; started: number; cancelled?: boolean },
    error: unknown,
  ): Promise<void> {
    const now = this.clock.now();
    const kind = error === undefined ? undefined : failureOf(error).kind;
    const record: IndexerCall = {
      kind: call.kind,
      rss: call.rss,
      outcome: call.cancelled ? 'cancelled' : error === undefined ? 'succeeded' : 'failed',
      authFailure: kind === 'auth',
      // A timeout is the absence of an answer: it says nothing about how fast the indexer answers.
      durationMs: kind === 'timeout' ? null : now - call.started,
      at: now,
    };
    try {
      await this.statistics.record(settings.id, record);
    } catch (statsError) {
      // The indexer may have been deleted meanwhile; statistics are never worth failing a search.
      this.logger.warn({ indexer: settings.name, err: statsError }, 'indexer statistics not recorded');
    }
    if (!call.cancelled) await this.recordHealth(settings, error);
  }

  /**
   * Takes a slot of a limited indexer. The conditional INSERT is atomic on SQLite; PostgreSQL's
   * snapshots would let two concurrent ones through, so this process sends them one at a time.
   */
  private reserve(indexerId: number, kind: UsageKind, limit: UsageLimit, now: number): Promise<Reservation> {
    const previous = this.reserving.get(indexerId) ?? Promise.resolve();
    const next = previous.then(
      () => this.statistics.reserve(indexerId, kind, limit, now),
      () => this.statistics.reserve(indexerId, kind, limit, now),
    );
    this.reserving.set(indexerId, next);
    const forget = () => {
      if (this.reserving.get(indexerId) === next) this.reserving.delete(indexerId);
    };
    next.then(forget, forget);
    return next;
  }

  private async pruneUsage(now: number): Promise<void> {
    if (now - this.lastPruneAt < PRUNE_INTERVAL_MS) return;
    this.lastPruneAt = now;
    await this.statistics.prune(now - LONGEST_LIMIT_PERIOD_MS);
  }

  private async statsView(
    settings: IndexerSettings,
    stats: IndexerStats | undefined,
  ): Promise<IndexerStatsView> {
    const now = this.clock.now();
    const usage = async (kind: UsageKind, limit: UsageLimit | null): Promise<LimitUsage | null> =>
      limit && { ...limit, used: await this.statistics.used(settings.id, kind, limit, now) };
    return {
      ...(stats ?? emptyStats(settings.id)),
      name: settings.name,
      queryLimit: await usage('query', settings.queryLimit),
      grabLimit: await usage('grab', settings.grabLimit),
    };
  }

  private async recordHealth(settings: IndexerSettings, error: unknown): Promise<void> {
    // Re-read: other searches may have recorded since `settings` was loaded.
    const current = (await this.indexers.get(settings.id))?.health ?? settings.health;
    const now = this.clock.now();
    const next =
      error === undefined
        ? recordSuccess(current, now)
        : recordFailure(current, failureFromError(error), now);
    if (error !== undefined) {
      this.logger.warn(
        {
          indexer: settings.name,
          reason: next.lastFailure?.reason,
          disabledUntil: next.disabledUntil && new Date(next.disabledUntil).toISOString(),
        },
        'indexer failed',
      );
    }
    if (
      error === undefined &&
      current.consecutiveFailures === 0 &&
      current.disabledUntil === null &&
      current.lastSuccessAt !== null &&
      now - current.lastSuccessAt < 60_000
    ) {
      return; // Healthy and recently recorded: spare the write.
    }
    await this.indexers.saveHealth(settings.id, next);
  }

  private async client(settings: IndexerSettings): Promise<Indexer> {
    const cached = this.clients.get(settings.id);
    if (cached && cached.updatedAt === settings.updatedAt) return cached.client;
    const client = await this.build(settings);
    this.clients.set(settings.id, { updatedAt: settings.updatedAt, client });
    return client;
  }

  private async build(settings: IndexerSettings): Promise<Indexer> {
    this.remember(settings);
    if (this.options.createClient) return this.options.createClient(settings);
    if (settings.implementation === 'cardigann') {
      if (!this.options.cardigann)
        throw new BadRequestError('Cardigann indexers need OMNIARR_CARDIGANN_DIR (the definitions folder)');
      const catalog = await this.options.cardigann();
      return catalog.createIndexer(
        {
          name: settings.name,
          definitionId: settings.definitionId ?? '',
          settings: { ...settings.definitionSettings, ...settings.definitionSecrets },
          baseUrl: settings.url,
          timeoutMs: settings.timeoutMs,
        },
        {
          clock: this.clock,
          logger: this.logger,
          ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
        },
      );
    }
    return new TorznabClient({
      name: settings.name,
      protocol: protocolOf(settings),
      url: settings.url,
      apiPath: settings.apiPath,
      ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
      timeoutMs: settings.timeoutMs,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      clock: this.clock,
      logger: this.logger,
    });
  }

  private remember(settings: IndexerSettings): void {
    if (settings.apiKey) this.options.onSecret?.(settings.apiKey);
    for (const secret of Object.values(settings.definitionSecrets)) this.options.onSecret?.(secret);
  }

  private async settings(id: number): Promise<IndexerSettings> {
    const settings = await this.indexers.get(id);
    if (!settings) throw new NotFoundError(`indexer ${id} not found`);
    return settings;
  }

  private view(settings: IndexerSettings): IndexerView {
    const { apiKey, health, definitionSecrets, ...rest } = settings;
    return {
      ...rest,
      protocol: protocolOf(settings),
      hasApiKey: Boolean(apiKey),
      secretSettings: Object.keys(definitionSecrets).sort(),
      status: {
        ...availability(health, this.clock.now()),
        consecutiveFailures: health.consecutiveFailures,
        lastFailure: health.lastFailure,
        lastSuccessAt: health.lastSuccessAt,
      },
    };
  }
}

function failureOf(error: unknown): { reason: string; kind: string } {
  if (error instanceof IndexerError) return { reason: error.reason, kind: error.kind };
  const failure = failureFromError(error);
  return { reason: failure.reason, kind: failure.kind };
}

function withCategories(query: SearchQuery, categories: readonly number[]): SearchQuery {
  if (query.categories && query.categories.length > 0) return query;
  return categories.length > 0 ? { ...query, categories } : query;
}

/** The same release from several indexers (same info-hash) is kept once: the best-seeded copy. */
export function mergeDuplicates(releases: readonly IndexerRelease[]): IndexerRelease[] {
  const byKey = new Map<string, IndexerRelease>();
  for (const release of releases) {
    const key = release.infoHash ? `hash:${release.infoHash}` : `guid:${release.indexer}:${release.guid}`;
    const existing = byKey.get(key);
    if (!existing || (release.seeders ?? -1) > (existing.seeders ?? -1)) byKey.set(key, release);
  }
  return [...byKey.values()];
}
