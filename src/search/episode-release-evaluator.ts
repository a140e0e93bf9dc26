// Gathers what the TV decision engine needs to judge releases for one series (its profile, custom
// formats, size limits, its episodes with the files on them, the queue, the blocklist, what was grabbed
// before, indexer priorities, settings, the delay profile) and runs the pure engine. The only place
// that knows where each piece lives; the episode search and the RSS sync both call it.
import path from 'node:path';
import { evaluateEpisodeReleases } from '../decisions/episode-decision-engine.js';
import type {
  DecisionEpisode,
  DecisionEpisodeFile,
  DelayProfile,
  EpisodeReleaseDecision,
} from '../decisions/episode-decision.types.js';
import { defaultDecisionSettings, type DecisionSettings } from '../decisions/decision.types.js';
import type { TrackedDownloadRepository } from '../downloads/tracked-download.repository.js';
import type { HistoryRepository } from '../history/history.repository.js';
import type { IndexerRelease } from '../indexers/indexer.js';
import { parseRelease, type ParsedRelease } from '../parser/index.js';
import type { ProfileDecisionContext, ProfileService } from '../profiles/profile.service.js';
import type { EpisodeFileRepository } from '../series/episode-file.repository.js';
import type { EpisodeFile, Series } from '../series/series.js';
import type { SeriesRepository } from '../series/series.repository.js';
import type { Clock } from '../shared/clock.js';
import { blocklistInput, fileFormatScore, grabbedGuidsOf } from './decision-inputs.js';

export interface EpisodeReleaseEvaluatorDependencies {
  profiles: Pick<ProfileService, 'decisionContext'>;
  series: Pick<SeriesRepository, 'episodes'>;
  episodeFiles: Pick<EpisodeFileRepository, 'listBySeries'>;
  tracked: Pick<TrackedDownloadRepository, 'listActiveForSeries' | 'blocklistForSeries'>;
  history: Pick<HistoryRepository, 'grabbedReleasesForSeries'>;
  indexerPriorities: () => Promise<Record<string, number>>;
  settings?: () => Promise<DecisionSettings>;
  /** The delay profile that applies to the series (by its tags); none when absent. */
  delayProfileFor?: (series: Series) => DelayProfile | null | Promise<DelayProfile | null>;
  clock: Clock;
}

export interface EpisodeEvaluationOptions {
  searchKind: 'automatic' | 'interactive' | 'rss';
  /** Someone clicked search: see EpisodeDecisionInput.userInvoked. */
  userInvoked?: boolean;
  /** What an episode or season search asked for; absent for RSS sync. */
  wantedEpisodeIds?: readonly number[];
  /** A season search: the season it asked for (a pack of it is in scope). */
  searchedSeasonNumber?: number;
  /** Releases the caller has parsed already (the RSS sync parses to find the series). */
  parsed?: ReadonlyMap<IndexerRelease, ParsedRelease>;
  /** When each release was first seen, by `firstSeenKey` (the delay counts from it). */
  firstSeen?: ReadonlyMap<string, number>;
}

export class EpisodeReleaseEvaluator {
  constructor(private readonly deps: EpisodeReleaseEvaluatorDependencies) {}

  async evaluate(
    series: Series,
    releases: readonly IndexerRelease[],
    options: EpisodeEvaluationOptions,
  ): Promise<EpisodeReleaseDecision[]> {
    const { deps } = this;
    const [context, episodes, files, queued, blocklist, grabbed, indexerPriorities, settings, delayProfile] =
      await Promise.all([
        deps.profiles.decisionContext(series.qualityProfileId),
        deps.series.episodes(series.id),
        deps.episodeFiles.listBySeries(series.id),
        deps.tracked.listActiveForSeries(series.id),
        deps.tracked.blocklistForSeries(series.id),
        deps.history.grabbedReleasesForSeries(series.id),
        deps.indexerPriorities(),
        deps.settings?.() ?? Promise.resolve(defaultDecisionSettings),
        Promise.resolve(deps.delayProfileFor?.(series) ?? null),
      ]);

    const fileById = new Map(files.map((file) => [file.id, decisionFile(file, context)]));
    const decisionEpisodes: DecisionEpisode[] = episodes.map((episode) => ({
      id: episode.id,
      seasonNumber: episode.seasonNumber,
      episodeNumber: episode.episodeNumber,
      absoluteNumber: episode.absoluteNumber,
      airDate: episode.airDate,
      airDateUtc: episode.airDateUtc,
      monitored: episode.monitored,
      runtimeMinutes: episode.runtime,
      file: episode.episodeFileId === null ? null : (fileById.get(episode.episodeFileId) ?? null),
    }));

    return evaluateEpisodeReleases({
      releases: releases.map((release) => ({
        release,
        parsed: options.parsed?.get(release) ?? parseRelease(release.title),
      })),
      series: {
        id: series.id,
        title: series.title,
        year: series.year,
        seriesType: series.seriesType,
        monitored: series.monitored,
        qualityProfileId: series.qualityProfileId,
        tvdbId: series.tvdbId,
        tvmazeId: series.tvmazeId,
        imdbId: series.imdbId,
        tmdbId: series.tmdbId,
        runtimeMinutes: series.runtime,
        cleanTitles: [...new Set([series.cleanTitle, ...series.alternativeTitles.map((t) => t.cleanTitle)])],
      },
      episodes: decisionEpisodes,
      ...(options.wantedEpisodeIds ? { wantedEpisodeIds: options.wantedEpisodeIds } : {}),
      ...(options.searchedSeasonNumber !== undefined
        ? { searchedSeasonNumber: options.searchedSeasonNumber }
        : {}),
      profile: context.profile,
      customFormats: context.customFormats,
      qualityDefinitions: context.qualityDefinitions,
      queue: queued.map((download) => ({
        title: download.releaseTitle,
        quality: { name: download.qualityName, revision: download.grabbed.parsed.quality.revision },
        customFormatScore: download.customFormatScore,
        episodeIds: download.episodeIds,
      })),
      blocklist: blocklistInput(blocklist),
      grabbedGuids: grabbedGuidsOf(grabbed),
      settings,
      indexerPriorities,
      delayProfile,
      ...(options.firstSeen ? { firstSeen: options.firstSeen } : {}),
      searchKind: options.searchKind,
      ...(options.userInvoked ? { userInvoked: true } : {}),
      now: deps.clock.now(),
    });
  }
}

/**
 * A library file as the engine sees it. Its custom formats are judged from the release name it came
 * from, as for a release (else its file name); a profile that scores no format needs no parsing.
 */
function decisionFile(file: EpisodeFile, context: ProfileDecisionContext): DecisionEpisodeFile {
  const name = file.sceneName ?? path.posix.basename(file.relativePath);
  const customFormatScore = fileFormatScore(name, file.size, context);
  return {
    id: file.id,
    quality: {
      name: file.qualityName,
      revision: { version: file.revision.version, real: file.revision.real, repack: file.revision.isRepack },
    },
    customFormatScore,
    size: file.size,
    releaseTitle: file.sceneName,
    releaseGroup: file.releaseGroup,
  };
}
