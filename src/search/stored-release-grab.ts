// Owns grabbing a release a search found earlier (an interactive search, or any stored decision):
// for the movie or the episodes it was decided for, a refused one only when the user insists.
import type { GrabService } from '../downloads/grab.service.js';
import { deserialiseRelease } from '../downloads/grab.service.js';
import type { TrackedDownload } from '../downloads/tracked-download.repository.js';
import { BadRequestError, NotFoundError } from '../shared/errors.js';
import type { SearchRepository } from './search.repository.js';

export class StoredReleaseGrabber {
  constructor(
    private readonly deps: {
      searches: Pick<SearchRepository, 'decision' | 'setGrabbed'>;
      grabs: Pick<GrabService, 'grab'>;
    },
  ) {}

  async grab(decisionId: number, force: boolean): Promise<TrackedDownload> {
    const decision = await this.deps.searches.decision(decisionId);
    if (!decision) {
      throw new NotFoundError(
        `release decision ${decisionId} not found (searches are kept for a while only)`,
      );
    }
    if (!decision.accepted && !force) {
      throw new BadRequestError(
        `"${decision.title}" was refused: ${decision.rejections.map((rejection) => rejection.message).join('; ')} (grab with force to override)`,
      );
    }
    if (!decision.target) {
      throw new BadRequestError(
        `"${decision.title}" fits several series, so it cannot be grabbed for one of them (an alias on the right series settles it)`,
      );
    }
    if (decision.target.seriesId !== undefined && decision.target.episodeIds.length === 0) {
      throw new BadRequestError(
        `"${decision.title}" names no episode of the series, so there is nothing to grab it for`,
      );
    }
    const grabbed = await this.deps.grabs.grab({
      ...decision.target,
      release: deserialiseRelease(decision.grabbed),
      parsed: decision.grabbed.parsed,
      customFormatScore: decision.customFormatScore,
    });
    await this.deps.searches.setGrabbed(decision.searchId, decision.title);
    return grabbed;
  }
}
