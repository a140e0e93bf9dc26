// Gathers what the decision engine needs to judge releases for one movie (its profile, custom formats,
// size limits, the file on disk, the queue, the blocklist, what was grabbed before, indexer
// priorities) and runs the pure engine. The only place that knows where each piece lives.
import { evaluateReleases } from '../decisions/decision-engine.js';
import {
  defaultDecisionSettings,
  type DecisionMovieFile,
  type DecisionSettings,
} from '../decisions/decision.types.js';
import type { TrackedDownloadRepository } from '../downloads/tracked-download.repository.js';
import type { HistoryRepository } from '../history/history.repository.js';
import type { IndexerRelease } from '../indexers/indexer.js';
import type { MovieFileRepository } from '../movies/movie-file.repository.js';
import type { Movie } from '../movies/movie.js';
import { parseRelease } from '../parser/index.js';
import type { ProfileService } from '../profiles/profile.service.js';
import type { Clock } from '../shared/clock.js';
import { blocklistInput, fileFormatScore, grabbedGuidsOf } from './decision-inputs.js';
import type { EvaluatedRelease, ReleaseEvaluator } from './movie-search.service.js';

export interface ReleaseEvaluatorDependencies {
  profiles: Pick<ProfileService, 'decisionContext'>;
  movieFiles: Pick<MovieFileRepository, 'listByMovie'>;
  tracked: Pick<TrackedDownloadRepository, 'listActiveForMovie' | 'blocklistForMovie'>;
  history: Pick<HistoryRepository, 'grabbedReleases'>;
  indexerPriorities: () => Promise<Record<string, number>>;
  settings?: () => Promise<DecisionSettings>;
  clock: Clock;
}

export class MovieReleaseEvaluator implements ReleaseEvaluator {
  constructor(private readonly deps: ReleaseEvaluatorDependencies) {}

  async evaluate(
    movie: Movie,
    releases: readonly IndexerRelease[],
    searchKind: 'automatic' | 'interactive' = 'automatic',
  ): Promise<EvaluatedRelease[]> {
    const { deps } = this;
    const [context, files, queued, blocklist, grabbed, indexerPriorities, settings] = await Promise.all([
      deps.profiles.decisionContext(movie.qualityProfileId),
      deps.movieFiles.listByMovie(movie.id),
      deps.tracked.listActiveForMovie(movie.id),
      deps.tracked.blocklistForMovie(movie.id),
      deps.history.grabbedReleases(movie.id),
      deps.indexerPriorities(),
      deps.settings?.() ?? Promise.resolve(defaultDecisionSettings),
    ]);

    const file = files[0];
    let movieFile: DecisionMovieFile | null = null;
    if (file) {
      const name = file.sceneName ?? file.originalFileName ?? file.relativePath;
      movieFile = {
        quality: {
          name: file.qualityName,
          revision: {
            version: file.revision.version,
            real: file.revision.real,
            repack: file.revision.isRepack,
          },
        },
        customFormatScore: fileFormatScore(name, file.size, context),
        size: file.size,
        releaseTitle: file.sceneName,
      };
    }

    const decisions = evaluateReleases({
      releases: releases.map((release) => ({ release, parsed: parseRelease(release.title) })),
      movie: {
        id: movie.id,
        title: movie.title,
        originalTitle: movie.originalTitle,
        alternativeTitles: movie.alternativeTitles.map((alternative) => alternative.title),
        year: movie.year,
        imdbId: movie.imdbId,
        tmdbId: movie.tmdbId,
        runtimeMinutes: movie.runtime,
        availability: movie.status,
        minimumAvailability: movie.minimumAvailability,
        monitored: movie.monitored,
        qualityProfileId: movie.qualityProfileId,
      },
      profile: context.profile,
      customFormats: context.customFormats,
      qualityDefinitions: context.qualityDefinitions,
      movieFile,
      queue: queued.map((download) => ({
        title: download.releaseTitle,
        quality: { name: download.qualityName, revision: download.grabbed.parsed.quality.revision },
        customFormatScore: download.customFormatScore,
      })),
      blocklist: blocklistInput(blocklist),
      grabbedGuids: grabbedGuidsOf(grabbed),
      settings,
      indexerPriorities,
      searchKind,
      now: deps.clock.now(),
    });
    return decisions.map((decision) => ({
      release: decision.release,
      parsed: decision.parsed,
      accepted: decision.accepted,
      rejections: decision.rejections.map((rejection) => ({
        code: rejection.code,
        message: rejection.message,
      })),
      customFormatScore: decision.customFormatScore,
    }));
  }
}
