// Owns importing a finished episode download: a single episode, a multi-episode file, a season pack of
// many files (samples and extras left out, with reasons), specials, daily shows by air date and anime
// by absolute number. Each accepted file is mapped to the series' episodes by its own name (its folders
// as fallback); the file is named, placed (hardlink, copy or move; a superseded file recycled only once
// the new one is staged) and recorded with its episodes, one history event per file, and the media
// servers are told once. A file that would downgrade an episode's file is skipped with the reason; a
// file for an episode the grab did not ask for is still taken when it fills a gap or is an upgrade.
// Some files imported → "imported" with the others named in the status; none → "import blocked" with
// reasons; a corrupt or zero-filled download → failed, blocklisted and its episodes searched again.
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { compareRevision } from '../decisions/specifications.js';
import type { TrackedDownload, TrackedDownloadRepository } from '../downloads/tracked-download.repository.js';
import type { HistoryRepository } from '../history/history.repository.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { PermanentJobError, type JobDefinition } from '../jobs/job-registry.js';
import type { Logger } from '../logging/logger.js';
import { NOTIFY_JOB } from '../mediaservers/notify.job.js';
import { parseRelease, type ParsedQuality } from '../parser/index.js';
import { qualityRanking, type QualityRanking } from '../profiles/quality-ranking.js';
import type { QualityProfile } from '../profiles/profile.schema.js';
import type { EpisodeFileRepository } from '../series/episode-file.repository.js';
import { mapReleaseToEpisodes, seasonEpisodeLabel } from '../series/release-episodes.js';
import type { SeriesRepository } from '../series/series.repository.js';
import type { Episode, EpisodeFile, Series } from '../series/series.js';
import type { Clock } from '../shared/clock.js';
import { BadRequestError, ConflictError } from '../shared/errors.js';
import type { CandidateFile } from './candidates.js';
import {
  type CandidateSource,
  type FilePlacer,
  fileLabel,
  fileRevisionOf,
  importJob,
  type ImportStop,
  ImportSetbacks,
  namingQualityOf,
  triageCandidates,
} from './download-import.js';
import type { EpisodeNamer, EpisodeNamingContext } from './episode-naming.js';
import type { TransferResult } from './transfer.js';

/** Payload `{ trackedDownloadId: number }`. */
export const EPISODE_IMPORT_JOB = 'imports.episodes';

export interface EpisodeImportDependencies {
  db: Kysely<Database>;
  tracked: TrackedDownloadRepository;
  series: Pick<SeriesRepository, 'findById' | 'episodes'>;
  episodeFiles: Pick<EpisodeFileRepository, 'listBySeries' | 'add' | 'delete'>;
  /** The series' quality profile: what "better than the file on disk" means. */
  profiles: { getProfile(id: number): Promise<Pick<QualityProfile, 'items' | 'cutoff'>> };
  history: HistoryRepository;
  candidates: CandidateSource;
  files: FilePlacer;
  /** The namer of the moment (naming settings change without a restart); asked once per import. */
  namer: () => Promise<Pick<EpisodeNamer, 'pathFor'>>;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  /** Move (rather than hardlink or copy) when the client no longer needs the files. */
  allowMove?: boolean;
}

export interface ImportedEpisodeFile {
  outcome: 'imported' | 'upgraded';
  path: string;
  episodeIds: number[];
  mode: TransferResult['mode'];
}

export type EpisodeImportOutcome =
  { outcome: 'imported'; files: ImportedEpisodeFile[]; notImported: string[] } | ImportStop;

/** One file the plan takes: its episodes, and the library files it supersedes entirely. */
export interface PlannedEpisodeFile {
  candidate: CandidateFile;
  episodes: Episode[];
  /** Every episode was in the grab (else the file fills a gap or upgrades beyond what was asked). */
  inGrab: boolean;
  /** Files on disk whose every episode this file (or an earlier one of the plan) now holds. */
  replaces: EpisodeFile[];
  /** Files on disk that held some of these episodes before (replaced or not). */
  previous: EpisodeFile[];
}

export interface EpisodeImportPlan {
  files: PlannedEpisodeFile[];
  /** "file: why" for each accepted video file not taken. */
  notTaken: string[];
}

export interface EpisodeImportPlanInput {
  series: Pick<Series, 'title' | 'seriesType'>;
  episodes: readonly Episode[];
  existing: readonly EpisodeFile[];
  ranking: QualityRanking;
  /** The download's quality (what the decision engine judged). */
  quality: Pick<ParsedQuality, 'name' | 'revision'>;
  grabbedEpisodeIds: readonly number[];
  /** The grab was a season pack: its name says nothing about any one file. */
  grabbedSeasonPack: boolean;
  contentPath: string;
  accepted: readonly CandidateFile[];
}

export class EpisodeImportService {
  private readonly setbacks: ImportSetbacks;

  constructor(private readonly deps: EpisodeImportDependencies) {
    this.setbacks = new ImportSetbacks(deps);
  }

  async import(trackedDownloadId: number, signal?: AbortSignal): Promise<EpisodeImportOutcome> {
    const { deps } = this;
    const started = await this.setbacks.start(trackedDownloadId, async (download) => {
      if (download.seriesId === null) throw new PermanentJobError(`download ${download.id} is not a series'`);
      const series = await deps.series.findById(download.seriesId);
      if (!series) throw new PermanentJobError(`series ${download.seriesId} no longer exists`);
      return series;
    });
    if ('stop' in started) return started.stop;
    const { download, subject: series } = started;

    const episodes = await deps.series.episodes(series.id);
    const grabbed = episodes.filter((episode) => download.episodeIds.includes(episode.id));
    const listing = await deps.candidates.find(
      download.contentPath,
      { kind: 'episode', runtimeSeconds: runtimeSecondsOf(grabbed, series) },
      signal,
    );
    const triage = triageCandidates(listing);
    // Judge every file before placing any: a file we cannot check yet makes the whole try wait.
    const [unsure] = triage.transient;
    if (unsure) throw new Error(`cannot check ${unsure.file.path} yet: ${unsure.message}`);
    if (triage.accepted.length === 0) {
      const [bad] = triage.broken;
      if (bad) return this.setbacks.fail(download, `${fileLabel(bad.file)}: ${bad.message}`);
      return this.setbacks.block(
        download,
        triage.reasons.length > 0
          ? `no video file to import (${triage.reasons.join('; ')})`
          : 'the download holds no files',
      );
    }

    const parsed = download.grabbed.parsed;
    const plan = planEpisodeImport({
      series,
      episodes,
      existing: await deps.episodeFiles.listBySeries(series.id),
      ranking: qualityRanking(await deps.profiles.getProfile(series.qualityProfileId)),
      quality: parsed.quality,
      grabbedEpisodeIds: download.episodeIds,
      grabbedSeasonPack: parsed.fullSeason,
      contentPath: download.contentPath,
      accepted: triage.accepted,
    });
    const broken = triage.broken.map(({ file, message }) => `${fileLabel(file)}: ${message}`);
    if (plan.files.length === 0) {
      return this.setbacks.block(download, `no file to import (${[...plan.notTaken, ...broken].join('; ')})`);
    }
    return this.place(download, series, grabbed, plan, broken);
  }

  giveUp(trackedDownloadId: number, reason: string): Promise<void> {
    return this.setbacks.giveUp(trackedDownloadId, reason);
  }

  private async place(
    download: TrackedDownload,
    series: Series,
    grabbed: readonly Episode[],
    plan: EpisodeImportPlan,
    broken: string[],
  ): Promise<EpisodeImportOutcome> {
    const { deps } = this;
    const parsed = download.grabbed.parsed;
    const notImported = [...plan.notTaken, ...broken];
    const placed: Array<{ planned: PlannedEpisodeFile; destination: string; result: TransferResult }> = [];
    // One namer for the whole download: a pack is named by one set of settings.
    const namer = await deps.namer();
    for (const planned of plan.files) {
      const { candidate } = planned;
      try {
        const destination = namer.pathFor(
          series.path,
          this.namingContext(download, series, planned),
          path.extname(candidate.path),
          { seasonFolders: series.seasonFolders },
        );
        const result = await deps.files.transfer({
          source: candidate.path,
          destination,
          libraryRoot: series.rootFolderPath,
          allowMove: Boolean(deps.allowMove && download.canMoveFiles),
          replaces: planned.replaces.map((file) => path.join(series.path, file.relativePath)),
        });
        placed.push({ planned, destination, result });
      } catch (error) {
        // This file's own problem (a name it cannot have, someone else's file at its place): skip it.
        // Anything else (a full disk, a lost mount) fails the try, which is retried.
        if (!(error instanceof ConflictError) && !(error instanceof BadRequestError)) throw error;
        notImported.push(`${fileLabel(candidate)}: ${error.message}`);
      }
    }
    if (placed.length === 0)
      return this.setbacks.block(download, `no file imported (${notImported.join('; ')})`);

    const covered = new Set(placed.flatMap(({ planned }) => planned.episodes.map((e) => e.id)));
    const missing = grabbed.filter((episode) => !covered.has(episode.id));
    if (missing.length > 0) notImported.push(`${labelOf(missing, series)}: no file for them in the download`);
    const statusMessage = notImported.length > 0 ? `not imported: ${notImported.join('; ')}` : null;
    const now = deps.clock.now();
    const imported: ImportedEpisodeFile[] = [];
    await deps.db.transaction().execute(async (trx) => {
      for (const { planned, destination, result } of placed) {
        const outcome = planned.previous.length > 0 ? 'upgraded' : 'imported';
        const episodeIds = planned.episodes.map((e) => e.id);
        for (const file of planned.replaces) await deps.episodeFiles.delete(file.id, trx);
        await deps.episodeFiles.add(
          {
            seriesId: series.id,
            seasonNumber: planned.episodes[0]?.seasonNumber ?? 0,
            relativePath: path.relative(series.path, destination),
            size: result.sizeBytes,
            qualityName: parsed.quality.name,
            revision: fileRevisionOf(parsed.quality),
            mediaInfo: planned.candidate.info ?? null,
            releaseGroup: parsed.releaseGroup,
            sceneName: download.releaseTitle,
            languages: parsed.languages,
            dateAdded: now,
          },
          episodeIds,
          trx,
        );
        await deps.history.add(
          {
            seriesId: series.id,
            episodeIds,
            event: outcome,
            sourceTitle: download.releaseTitle,
            qualityName: parsed.quality.name,
            trackedDownloadId: download.id,
            data: {
              path: destination,
              file: fileLabel(planned.candidate),
              mode: result.mode,
              crossDevice: result.crossDevice,
              inGrab: planned.inGrab,
              ...(planned.inGrab
                ? {}
                : { note: 'not in the grab: taken because it fills a gap or upgrades' }),
              replaced: planned.previous.map((file) => ({
                path: file.relativePath,
                quality: file.qualityName,
              })),
              recycled: result.recycled,
            },
          },
          now,
          trx,
        );
        imported.push({ outcome, path: destination, episodeIds, mode: result.mode });
      }
      await deps.tracked.update(download.id, { state: 'imported', statusMessage, finishedAt: now }, now, trx);
      await deps.queue.enqueue(
        NOTIFY_JOB,
        { paths: imported.map((file) => file.path) },
        { idempotencyKey: `notify:import:${download.id}`, executor: trx },
      );
    });
    deps.logger.info(
      { series: series.title, files: imported.length, notImported: notImported.length },
      'episodes imported',
    );
    return { outcome: 'imported', files: imported, notImported };
  }

  private namingContext(
    download: TrackedDownload,
    series: Series,
    planned: PlannedEpisodeFile,
  ): EpisodeNamingContext {
    const parsed = download.grabbed.parsed;
    const { candidate } = planned;
    return {
      seriesTitle: series.title,
      year: series.year,
      tvdbId: series.tvdbId,
      tvmazeId: series.tvmazeId,
      tmdbId: series.tmdbId,
      imdbId: series.imdbId,
      seriesType: series.seriesType,
      episodes: planned.episodes,
      quality: namingQualityOf(parsed.quality),
      ...(parsed.releaseGroup ? { releaseGroup: parsed.releaseGroup } : {}),
      ...(candidate.info ? { mediaInfo: candidate.info } : {}),
      releaseTitle: download.releaseTitle,
      originalFileName: path.basename(candidate.path, path.extname(candidate.path)),
    };
  }
}

export function episodeImportJob(
  imports: EpisodeImportService,
): JobDefinition<{ trackedDownloadId: number }> {
  return importJob(EPISODE_IMPORT_JOB, imports);
}

/** What a file of these episodes should run at least near: the shortest known runtime among them. */
function runtimeSecondsOf(episodes: readonly Episode[], series: Pick<Series, 'runtime'>): number | undefined {
  const runtimes = episodes
    .map((episode) => episode.runtime ?? series.runtime)
    .filter((minutes): minutes is number => minutes !== null && minutes > 0);
  const minutes = runtimes.length > 0 ? Math.min(...runtimes) : series.runtime;
  return minutes && minutes > 0 ? minutes * 60 : undefined;
}

/** "S01E01, S01E02" (air dates for a daily show, absolute numbers for anime as well). */
function labelOf(episodes: readonly Episode[], series: Pick<Series, 'seriesType'>): string {
  return episodes
    .map((episode) => {
      const label = seasonEpisodeLabel(episode.seasonNumber, episode.episodeNumber);
      if (series.seriesType === 'daily' && episode.airDate) return `${label} (${episode.airDate})`;
      if (series.seriesType === 'anime' && episode.absoluteNumber !== null)
        return `${label} (#${episode.absoluteNumber})`;
      return label;
    })
    .join(', ');
}

/**
 * Which library files the episodes of `quality` may replace: none that is better (a downgrade), and for
 * episodes the grab did not ask for, only worse ones. Pure.
 */
function judgeAgainstDisk(
  episodes: readonly Episode[],
  inGrab: boolean,
  input: Pick<EpisodeImportPlanInput, 'existing' | 'ranking' | 'quality' | 'series'>,
): { ok: true; previous: EpisodeFile[] } | { ok: false; reason: string } {
  const byId = new Map(input.existing.map((file) => [file.id, file]));
  const previous = [...new Set(episodes.map((e) => e.episodeFileId))]
    .map((id) => (id === null ? undefined : byId.get(id)))
    .filter((file): file is EpisodeFile => file !== undefined);
  const { ranking, quality } = input;
  for (const file of previous) {
    const held = episodes.filter((e) => e.episodeFileId === file.id);
    const order =
      ranking.rankOf(quality.name) - ranking.rankOf(file.qualityName) ||
      compareRevision(quality.revision, { ...file.revision, repack: file.revision.isRepack });
    if (order < 0) {
      return {
        ok: false,
        reason: `${labelOf(held, input.series)}: the ${file.qualityName} file on disk is better than ${quality.name}`,
      };
    }
    // The grab was judged an upgrade (a custom format may make it one); anything else must be better.
    if (order === 0 && !inGrab) {
      return {
        ok: false,
        reason: `${labelOf(held, input.series)}: not in the grab, and no better than the ${file.qualityName} file on disk`,
      };
    }
  }
  return { ok: true, previous };
}

/**
 * The names a file is known by, most specific first: its own, then its folders up to the download's
 * (a single-episode download often names the folder, not the file).
 */
function namesOf(candidate: CandidateFile, contentPath: string): string[] {
  const names = [path.basename(candidate.path)];
  if (candidate.relativePath === '') return names;
  const folders = path
    .dirname(candidate.relativePath)
    .split(path.sep)
    .filter((part) => part !== '.');
  return [...names, ...folders.reverse(), path.basename(contentPath)];
}

type FileEpisodes = { ok: true; episodes: Episode[] } | { ok: false; reason: string };

function episodesOfFile(candidate: CandidateFile, input: EpisodeImportPlanInput): FileEpisodes {
  let firstReason: string | undefined;
  for (const name of namesOf(candidate, input.contentPath)) {
    const mapping = mapReleaseToEpisodes(parseRelease(name), input.series, input.episodes);
    // A season pack's folder names many episodes: it cannot say which one this file is.
    if (mapping.kind === 'episodes' && !mapping.fullSeason) return { ok: true, episodes: mapping.episodes };
    firstReason ??= mapping.kind === 'unmatched' ? mapping.reason : `"${name}" names a whole season`;
  }
  // The only video of a download grabbed for one episode (or one multi-episode file) is that.
  if (input.accepted.length === 1 && !input.grabbedSeasonPack && input.grabbedEpisodeIds.length > 0) {
    const grabbed = input.episodes.filter((e) => input.grabbedEpisodeIds.includes(e.id));
    if (grabbed.length > 0) return { ok: true, episodes: grabbed };
  }
  return { ok: false, reason: firstReason ?? 'the name says no episode' };
}

/**
 * Which accepted files to import and for which episodes, and why each other one is left (pure).
 * In path order: a file whose episodes an earlier file already holds is left as a duplicate.
 */
export function planEpisodeImport(input: EpisodeImportPlanInput): EpisodeImportPlan {
  const plan: EpisodeImportPlan = { files: [], notTaken: [] };
  const grabbed = new Set(input.grabbedEpisodeIds);
  const claimedBy = new Map<number, string>();
  for (const candidate of input.accepted) {
    const label = fileLabel(candidate);
    const mapped = episodesOfFile(candidate, input);
    if (!mapped.ok) {
      plan.notTaken.push(`${label}: ${mapped.reason}`);
      continue;
    }
    const { episodes } = mapped;
    const taken = episodes.find((e) => claimedBy.has(e.id));
    if (taken) {
      plan.notTaken.push(
        `${label}: ${labelOf([taken], input.series)} is already imported from ${claimedBy.get(taken.id) ?? ''}`,
      );
      continue;
    }
    const inGrab = episodes.every((e) => grabbed.has(e.id));
    const judged = judgeAgainstDisk(episodes, inGrab, input);
    if (!judged.ok) {
      plan.notTaken.push(`${label}: ${judged.reason}`);
      continue;
    }
    for (const e of episodes) claimedBy.set(e.id, label);
    plan.files.push({ candidate, episodes, inGrab, replaces: [], previous: judged.previous });
  }
  // A file on disk is replaced once the plan holds every one of its episodes; it is recycled with the
  // file that completes it, so it is never gone before all of its successors are staged.
  const recycled = new Set<number>();
  const held = new Set<number>();
  for (const planned of plan.files) {
    for (const e of planned.episodes) held.add(e.id);
    for (const file of input.existing) {
      if (recycled.has(file.id) || file.episodeIds.length === 0) continue;
      if (file.episodeIds.every((id) => held.has(id))) {
        planned.replaces.push(file);
        recycled.add(file.id);
      }
    }
  }
  return plan;
}
