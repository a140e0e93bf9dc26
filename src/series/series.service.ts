// Owns the series catalog's rules: adding a series from a TV metadata source (folder from the series
// folder template, `{Series TitleYear}` by default; one row per show, episodes monitored per the chosen
// option), looking series up, editing, deleting (files to the recycle bin), refreshing (new episodes, moved air dates, dropped
// episodes handled without losing files), user aliases, episode monitoring, the wanted and calendar
// pages, and the in-memory index the release matcher reads, kept in step with every write made here.
// A series remembers the source it was added from (TVmaze by default, TMDB when a key is configured)
// and every refresh asks that source again, by that source's id.
import path from 'node:path';
import type { EpisodeNamingContext } from '../imports/episode-naming.js';
import { sanitizePathComponent } from '../imports/naming.js';
import type { Logger } from '../logging/logger.js';
import type {
  SeriesMetadata,
  SeriesMetadataProvider,
  SeriesSearchResult,
} from '../metadata/series-metadata-provider.js';
import type { FileDeleter, LibraryFolders } from '../movies/library-folders.js';
import { isUniqueViolation } from '../movies/movie.repository.js';
import { normaliseTags, sortTitleOf } from '../movies/movie.service.js';
import type { RootFolderRepository } from '../movies/root-folder.repository.js';
import { cleanTitle } from '../parser/index.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError, ConflictError, NotFoundError } from '../shared/errors.js';
import { monitoredSeasons, selectMonitoredEpisodes } from './episode-monitoring.js';
import { episodeFieldsOf, planEpisodeRefresh } from './episode-refresh.js';
import { SeriesCatalogIndex } from './series-catalog-index.js';
import type {
  Episode,
  MonitorOption,
  Series,
  SeriesAlternativeTitle,
  SeriesDetails,
  SeriesMetadataSource,
  SeriesType,
} from './series.js';
import type {
  EpisodePage,
  NewAlternativeTitle,
  SeriesListQuery,
  SeriesMetadataFields,
  SeriesRepository,
  SeriesSettings,
} from './series.repository.js';
import { assertQualityProfile, registeredRootFolder } from '../library/library-checks.js';

export interface AddSeriesInput {
  /** The series' id in `metadataSource`: a TVmaze id by default, a TMDB id with 'tmdb'. */
  metadataId: number;
  /** Default 'tvmaze'. */
  metadataSource?: SeriesMetadataSource | undefined;
  qualityProfileId: number;
  rootFolderPath: string;
  monitor?: MonitorOption | undefined;
  monitorNewSeasons?: boolean | undefined;
  seasonFolders?: boolean | undefined;
  seriesType?: SeriesType | undefined;
  tags?: string[] | undefined;
}

export interface EditSeriesInput {
  monitored?: boolean | undefined;
  monitorNewSeasons?: boolean | undefined;
  seasonFolders?: boolean | undefined;
  seriesType?: SeriesType | undefined;
  qualityProfileId?: number | undefined;
  /** A registered root folder: the series' folder moves under it, keeping its name. */
  rootFolderPath?: string | undefined;
  tags?: string[] | undefined;
}

export interface SeriesLookupResult extends SeriesSearchResult {
  /** The source that answered, and the series' id there: what adding it takes. */
  metadataSource: SeriesMetadataSource;
  metadataId: number | null;
  /** The library's id when the series is already in the library. */
  seriesId: number | null;
}

export interface RefreshAllResult {
  refreshed: number;
  /** The metadata source no longer knows these; they were kept as they are. */
  gone: number[];
  failed: Array<{ seriesId: number; error: string }>;
}

export interface SeriesServiceDeps {
  series: SeriesRepository;
  rootFolders: Pick<RootFolderRepository, 'list'>;
  /** TVmaze: the default source, always there (free, no key). */
  metadata: SeriesMetadataProvider;
  /** TMDB TV, only when a TMDB key or token is configured; without it, asking for TMDB is a 400. */
  tmdbMetadata?: SeriesMetadataProvider | undefined;
  folders: Pick<LibraryFolders, 'exists'>;
  fileDeleter: FileDeleter;
  clock: Clock;
  /** Whether a quality profile id exists; without it, any positive id is accepted. */
  qualityProfileExists?: (id: number) => Promise<boolean>;
  /**
   * Folder levels below the root folder for a new series, by the naming settings of the moment;
   * defaults to `{Series TitleYear}`.
   */
  folderFor?: (series: Omit<EpisodeNamingContext, 'episodes'>) => string[] | Promise<string[]>;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/** The series asked for is not in the library (as opposed to the metadata source's NotFoundError). */
export class SeriesNotFoundError extends NotFoundError {}

const TVDB_TERM = /^tvdb:\s*(\d{1,10})$/i;
const IMDB_TERM = /^(?:imdb:\s*)?(tt\d{5,10})$/i;
/** `id:ID` is the asked source's own id; `tvmaze:ID` / `tmdb:ID` name the source they belong to. */
const ID_TERM = /^(id|tvmaze|tmdb):\s*(\d{1,10})$/i;
const ENDS_WITH_YEAR = /\(\d{4}\)$/;

/** `{Series TitleYear}`: "Title (Year)", unless the title already ends with a year in brackets. */
export function seriesFolderName(title: string, year: number | null): string {
  const name = year === null || ENDS_WITH_YEAR.test(title.trim()) ? title : `${title} (${year})`;
  return sanitizePathComponent(name);
}

/** A series' id in the given source. */
function metadataIdIn(
  source: SeriesMetadataSource,
  ids: { tvmazeId: number | null; tmdbId: number | null },
): number | null {
  return source === 'tmdb' ? ids.tmdbId : ids.tvmazeId;
}

export class SeriesService {
  private index: Promise<SeriesCatalogIndex> | undefined;
  /** The configured metadata sources by name; TVmaze is always one of them. */
  private readonly sources: ReadonlyMap<SeriesMetadataSource, SeriesMetadataProvider>;

  constructor(private readonly deps: SeriesServiceDeps) {
    const sources = new Map<SeriesMetadataSource, SeriesMetadataProvider>([['tvmaze', deps.metadata]]);
    if (deps.tmdbMetadata) sources.set('tmdb', deps.tmdbMetadata);
    this.sources = sources;
  }

  async add(input: AddSeriesInput): Promise<SeriesDetails> {
    const { series, clock } = this.deps;
    const source = input.metadataSource ?? 'tvmaze';
    const metadata = this.metadataSource(source);
    const rootFolderPath = await registeredRootFolder(this.deps.rootFolders, input.rootFolderPath);
    await assertQualityProfile(input.qualityProfileId, this.deps.qualityProfileExists);
    const meta = await metadata.getSeries(input.metadataId);
    const existing = await series.findByAnyId({ ...meta, imdbId: meta.imdbId?.toLowerCase() ?? null });
    if (existing) throw alreadyInLibrary(existing);
    const seriesType = input.seriesType ?? meta.seriesType;
    const seriesPath = await this.defaultPath(rootFolderPath, { ...meta, seriesType });
    const sameFolder = await series.findByPath(seriesPath);
    if (sameFolder) {
      throw new ConflictError(`${seriesPath} is already the folder of "${sameFolder.title}"`, {
        seriesId: sameFolder.id,
      });
    }

    const now = clock.now();
    const episodes = meta.episodes.map(episodeFieldsOf);
    const option = input.monitor ?? 'all';
    const selected = selectMonitoredEpisodes(
      episodes.map((episode) => ({ ...episode, hasFile: false })),
      option,
      now,
    );
    let id: number;
    try {
      id = await series.insert({
        ...metadataFields(meta),
        metadataSource: source,
        seriesType,
        seasonFolders: input.seasonFolders ?? true,
        monitored: option !== 'none',
        monitorNewSeasons: input.monitorNewSeasons ?? true,
        qualityProfileId: input.qualityProfileId,
        rootFolderPath,
        path: seriesPath,
        tags: normaliseTags(input.tags ?? []),
        addedAt: now,
        alternativeTitles: alternativeTitlesOf(meta),
        seasons: [...monitoredSeasons(episodes, selected)].map(([seasonNumber, monitored]) => ({
          seasonNumber,
          monitored,
        })),
        episodes: dedupeEpisodes(
          episodes.map((episode, i) => ({ ...episode, monitored: selected[i] === true })),
        ),
      });
    } catch (error) {
      // Two adds of the same folder at once: the second loses on the unique path.
      if (isUniqueViolation(error)) throw new ConflictError(`${seriesPath} is already a series' folder`);
      throw error;
    }
    await this.reindex(id);
    this.deps.logger?.info({ seriesId: id, title: meta.title, source, monitor: option }, 'series added');
    return this.get(id);
  }

  /**
   * Searches one source (TVmaze by default) by title, or exactly by `tvdb:ID`, `imdb:ttID` / `ttID`,
   * or the source's own `id:ID` (also written `tvmaze:ID` / `tmdb:ID`).
   */
  async lookup(term: string, source: SeriesMetadataSource = 'tvmaze'): Promise<SeriesLookupResult[]> {
    const text = term.trim();
    if (!text) throw new BadRequestError('a lookup needs a title, tvdb:ID, imdb:ttID or id:ID');
    const metadata = this.metadataSource(source);
    let results: SeriesSearchResult[];
    const tvdb = TVDB_TERM.exec(text);
    const imdb = IMDB_TERM.exec(text);
    const own = ID_TERM.exec(text);
    if (tvdb) {
      const found = await metadata.findSeries({ tvdbId: Number(tvdb[1]) });
      results = found ? [found] : [];
    } else if (imdb) {
      const found = await metadata.findSeries({ imdbId: imdb[1]!.toLowerCase() });
      results = found ? [found] : [];
    } else if (own) {
      const named = own[1]!.toLowerCase();
      if (named !== 'id' && named !== source) {
        throw new BadRequestError(`${named}:ID is a ${named} id: look it up with source=${named}`);
      }
      const found = await metadata.getSeries(Number(own[2])).catch((error: unknown) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      });
      results = found ? [found] : [];
    } else {
      results = await metadata.searchSeries(text);
    }
    return Promise.all(
      results.map(async (result) => ({
        tvmazeId: result.tvmazeId,
        tvdbId: result.tvdbId,
        tmdbId: result.tmdbId,
        imdbId: result.imdbId,
        title: result.title,
        year: result.year,
        overview: result.overview,
        network: result.network,
        status: result.status,
        posterUrl: result.posterUrl,
        metadataSource: source,
        metadataId: metadataIdIn(source, result),
        seriesId:
          (await this.deps.series.findByAnyId({ ...result, imdbId: result.imdbId?.toLowerCase() ?? null }))
            ?.id ?? null,
      })),
    );
  }

  list(query: SeriesListQuery): Promise<{ total: number; series: Series[] }> {
    return this.deps.series.list(query);
  }

  async get(id: number): Promise<SeriesDetails> {
    const found = await this.deps.series.findById(id);
    if (!found) throw new SeriesNotFoundError(`no series with id ${id}`);
    return { ...found, seasons: await this.deps.series.seasonStatistics(id, this.deps.clock.now()) };
  }

  async edit(id: number, input: EditSeriesInput): Promise<SeriesDetails> {
    const { series } = this.deps;
    const current = await this.get(id);
    if (input.qualityProfileId !== undefined && input.qualityProfileId !== current.qualityProfileId) {
      await assertQualityProfile(input.qualityProfileId, this.deps.qualityProfileExists);
    }
    let rootFolderPath = current.rootFolderPath;
    let seriesPath = current.path;
    if (input.rootFolderPath !== undefined && path.resolve(input.rootFolderPath) !== current.rootFolderPath) {
      rootFolderPath = await registeredRootFolder(this.deps.rootFolders, input.rootFolderPath);
      // Moving episode files is the importer's work; until then a series with files keeps its folder.
      if ((await series.countEpisodeFiles(id)) > 0) {
        throw new ConflictError(`"${current.title}" has episode files; its folder cannot move yet`);
      }
      seriesPath = path.join(rootFolderPath, path.basename(current.path));
      const other = await series.findByPath(seriesPath);
      if (other) {
        throw new ConflictError(`${seriesPath} is already the folder of "${other.title}"`, {
          seriesId: other.id,
        });
      }
    }
    const settings: SeriesSettings = {
      seriesType: input.seriesType ?? current.seriesType,
      seasonFolders: input.seasonFolders ?? current.seasonFolders,
      monitored: input.monitored ?? current.monitored,
      monitorNewSeasons: input.monitorNewSeasons ?? current.monitorNewSeasons,
      qualityProfileId: input.qualityProfileId ?? current.qualityProfileId,
      rootFolderPath,
      path: seriesPath,
      tags: input.tags ? normaliseTags(input.tags) : current.tags,
    };
    await series.updateSettings(id, settings);
    await this.reindex(id);
    return this.get(id);
  }

  async delete(
    id: number,
    options: { deleteFiles?: boolean | undefined } = {},
  ): Promise<{ recycledTo: string | null }> {
    const current = await this.get(id);
    let recycledTo: string | null = null;
    if (options.deleteFiles && (await this.deps.folders.exists(current.path))) {
      recycledTo = await this.deps.fileDeleter.deleteFolder(current.path, current.rootFolderPath);
    }
    await this.deps.series.delete(id);
    (await this.catalog()).remove(id);
    this.deps.logger?.info({ seriesId: id, title: current.title, recycledTo }, 'series deleted');
    return { recycledTo };
  }

  /**
   * Rewrites the series' metadata and reconciles its episodes with the source. Settings, user aliases
   * and files are never touched. When the source no longer has the series, it is kept as it is.
   */
  async refresh(
    id: number,
  ): Promise<{ outcome: 'refreshed' | 'gone'; added: number; removed: number; flagged: number }> {
    const { series, clock } = this.deps;
    const current = await this.get(id);
    const meta = await this.fetchMetadata(current);
    if (!meta) {
      this.deps.logger?.warn(
        { seriesId: id, title: current.title },
        'metadata source no longer has this series',
      );
      return { outcome: 'gone', added: 0, removed: 0, flagged: 0 };
    }
    const plan = planEpisodeRefresh({
      held: await series.episodes(id),
      seasons: await series.seasons(id),
      source: meta.episodes,
      monitorNewSeasons: current.monitorNewSeasons,
    });
    await series.applyRefresh(id, metadataFields(meta), alternativeTitlesOf(meta), plan, clock.now());
    await this.reindex(id);
    return {
      outcome: 'refreshed',
      added: plan.insert.length,
      removed: plan.delete.length,
      flagged: plan.flagRemoved.length,
    };
  }

  /**
   * Refreshes every series last refreshed before `refreshedBefore`, one at a time, stopping early when
   * `signal` aborts; failures are reported, not thrown.
   */
  async refreshAll(options: {
    refreshedBefore: number;
    signal?: AbortSignal | undefined;
  }): Promise<RefreshAllResult> {
    const result: RefreshAllResult = { refreshed: 0, gone: [], failed: [] };
    for (const id of await this.deps.series.idsRefreshedBefore(options.refreshedBefore)) {
      if (options.signal?.aborted) break;
      try {
        const { outcome } = await this.refresh(id);
        if (outcome === 'gone') result.gone.push(id);
        else result.refreshed += 1;
      } catch (error) {
        if (error instanceof SeriesNotFoundError) continue; // deleted meanwhile
        result.failed.push({ seriesId: id, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return result;
  }

  async aliases(seriesId: number): Promise<SeriesAlternativeTitle[]> {
    await this.get(seriesId);
    return this.deps.series.alternativeTitles(seriesId);
  }

  /** A user alias, matched like the title (e.g. "Soso no Frieren"); kept across refreshes. */
  async addAlias(seriesId: number, title: string): Promise<SeriesAlternativeTitle> {
    const current = await this.get(seriesId);
    const text = title.trim();
    const clean = cleanTitle(text);
    if (!clean) throw new BadRequestError(`"${title}" has no letters or digits to match releases by`);
    if (clean === current.cleanTitle) throw new ConflictError(`"${text}" is already the series' title`);
    const added = await this.deps.series.addAlias(seriesId, { title: text, cleanTitle: clean });
    if (!added) throw new ConflictError(`"${current.title}" already has the alias "${text}"`);
    await this.reindex(seriesId);
    return added;
  }

  async deleteAlias(seriesId: number, aliasId: number): Promise<void> {
    await this.get(seriesId);
    if (!(await this.deps.series.deleteAlias(seriesId, aliasId))) {
      throw new NotFoundError(`series ${seriesId} has no user alias with id ${aliasId}`);
    }
    await this.reindex(seriesId);
  }

  async episodes(seriesId: number, seasonNumber?: number): Promise<Episode[]> {
    await this.get(seriesId);
    return this.deps.series.episodes(seriesId, seasonNumber);
  }

  async setEpisodeMonitored(episodeId: number, monitored: boolean): Promise<Episode> {
    const episode = await this.deps.series.findEpisode(episodeId);
    if (!episode) throw new NotFoundError(`no episode with id ${episodeId}`);
    await this.deps.series.setEpisodesMonitored([episodeId], monitored);
    return { ...episode, monitored };
  }

  async setSeasonMonitored(
    seriesId: number,
    seasonNumber: number,
    monitored: boolean,
  ): Promise<SeriesDetails> {
    await this.get(seriesId);
    if (!(await this.deps.series.setSeasonMonitored(seriesId, seasonNumber, monitored))) {
      throw new NotFoundError(`series ${seriesId} has no season ${seasonNumber}`);
    }
    return this.get(seriesId);
  }

  missing(page: { limit: number; offset: number }): Promise<EpisodePage> {
    return this.deps.series.missing(this.deps.clock.now(), page);
  }

  cutoffUnmet(
    isBelowCutoff: (qualityProfileId: number, qualityName: string) => boolean,
    page: { limit: number; offset: number },
  ): Promise<EpisodePage> {
    return this.deps.series.cutoffUnmet(isBelowCutoff, page);
  }

  async calendar(start: number, end: number, page: { limit: number; offset: number }): Promise<EpisodePage> {
    if (!(end > start)) throw new BadRequestError('the calendar range must end after it starts');
    return this.deps.series.calendar(start, end, page);
  }

  /** The release matcher's view of the library, loaded once and kept in step with writes made here. */
  catalog(): Promise<SeriesCatalogIndex> {
    this.index ??= this.deps.series.loadCatalog().then((rows) => new SeriesCatalogIndex(rows));
    // A failed load is retried on the next call rather than cached.
    this.index.catch(() => (this.index = undefined));
    return this.index;
  }

  /** A new series' folder: below the root folder, by the folder template (`{Series TitleYear}`). */
  private async defaultPath(
    rootFolderPath: string,
    meta: Pick<SeriesMetadata, 'title' | 'year' | 'tvdbId' | 'tvmazeId' | 'tmdbId' | 'imdbId'> & {
      seriesType: SeriesType;
    },
  ): Promise<string> {
    const levels = this.deps.folderFor
      ? await this.deps.folderFor({
          seriesTitle: meta.title,
          year: meta.year,
          tvdbId: meta.tvdbId,
          tvmazeId: meta.tvmazeId,
          tmdbId: meta.tmdbId,
          imdbId: meta.imdbId,
          seriesType: meta.seriesType,
        })
      : [seriesFolderName(meta.title, meta.year)];
    const result = path.resolve(rootFolderPath, ...levels);
    const relative = path.relative(rootFolderPath, result);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new BadRequestError(`the folder template put "${meta.title}" outside ${rootFolderPath}`);
    }
    return result;
  }

  private async reindex(id: number): Promise<void> {
    if (!this.index) return; // not loaded yet: the first load reads the current rows
    const index = await this.catalog();
    const [row] = await this.deps.series.loadCatalog(id);
    if (row) index.put(row);
    else index.remove(id);
  }

  /** The named source; TMDB answers 400 until a TMDB key is configured. */
  private metadataSource(source: SeriesMetadataSource): SeriesMetadataProvider {
    const provider = this.sources.get(source);
    if (provider) return provider;
    throw new BadRequestError(
      source === 'tmdb'
        ? 'TMDB is not configured: set OMNIARR_TMDB_API_KEY or OMNIARR_TMDB_READ_TOKEN'
        : `the ${source} metadata source is not configured`,
    );
  }

  /** The series from the source it was added from, by its id there (else by TVDB / IMDb id). */
  private async fetchMetadata(current: Series): Promise<SeriesMetadata | null> {
    const metadata = this.metadataSource(current.metadataSource);
    const ownId = metadataIdIn(current.metadataSource, current);
    if (ownId !== null) {
      try {
        return await metadata.getSeries(ownId);
      } catch (error) {
        if (error instanceof NotFoundError) return null;
        throw error;
      }
    }
    if (current.tvdbId === null && current.imdbId === null) return null;
    return metadata.findSeries({ tvdbId: current.tvdbId, imdbId: current.imdbId });
  }
}

function alreadyInLibrary(existing: { id: number; title: string }): ConflictError {
  return new ConflictError(`"${existing.title}" is already in the library`, { seriesId: existing.id });
}

function metadataFields(meta: SeriesMetadata): SeriesMetadataFields {
  return {
    tvdbId: meta.tvdbId,
    tvmazeId: meta.tvmazeId,
    tmdbId: meta.tmdbId,
    imdbId: meta.imdbId?.toLowerCase() ?? null,
    title: meta.title,
    cleanTitle: cleanTitle(meta.title),
    sortTitle: sortTitleOf(meta.title),
    year: meta.year,
    overview: meta.overview,
    status: meta.status,
    network: meta.network,
    runtime: meta.runtimeMinutes,
  };
}

function alternativeTitlesOf(meta: SeriesMetadata): NewAlternativeTitle[] {
  const main = cleanTitle(meta.title);
  return [meta.originalTitle, ...meta.alternativeTitles]
    .map((title) => ({ title, cleanTitle: cleanTitle(title) }))
    .filter((title) => title.cleanTitle.length > 0 && title.cleanTitle !== main);
}

/** A source listing one episode twice would break the unique key; the first listing wins. */
function dedupeEpisodes<T extends { seasonNumber: number; episodeNumber: number }>(episodes: T[]): T[] {
  const seen = new Set<string>();
  return episodes.filter((episode) => {
    const key = `${episode.seasonNumber}x${episode.episodeNumber}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
