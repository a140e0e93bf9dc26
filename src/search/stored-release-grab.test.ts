// Grabbing a stored decision: refused ones only with force, and never for nothing (a release that
// fits several series, or names no episode of its series).
import { describe, expect, it } from 'vitest';
import type { GrabRequest } from '../downloads/grab.service.js';
import type { TrackedDownload } from '../downloads/tracked-download.repository.js';
import type { MediaTarget } from '../library/media-target.js';
import { parseRelease } from '../parser/index.js';
import type { StoredDecision } from './search.repository.js';
import { StoredReleaseGrabber } from './stored-release-grab.js';

const TITLE = 'The.Show.S01E02.1080p.WEB-DL-GRP';

function grabber(target: MediaTarget | null, accepted = true) {
  const requests: GrabRequest[] = [];
  const decision = {
    id: 7,
    searchId: 3,
    rank: 1,
    title: TITLE,
    indexer: 'Local',
    accepted,
    qualityName: 'WEBDL-1080p',
    customFormatScore: 0,
    rejections: accepted ? [] : [{ code: 'notAnUpgrade', message: 'the file on disk is as good' }],
    episodeIds: target?.episodeIds ? [...target.episodeIds] : [],
    grabbed: {
      release: { guid: 'g', title: TITLE, indexer: 'Local', publishDate: null, usenetDate: null },
      parsed: parseRelease(TITLE),
    },
    target,
  } as unknown as StoredDecision & { target: MediaTarget | null };
  const service = new StoredReleaseGrabber({
    searches: { decision: () => Promise.resolve(decision), setGrabbed: () => Promise.resolve() },
    grabs: {
      grab: (request) => {
        requests.push(request);
        return Promise.resolve({ id: 1 } as TrackedDownload);
      },
    },
  });
  return { service, requests };
}

describe('StoredReleaseGrabber', () => {
  it('grabs an accepted decision for its episodes', async () => {
    const { service, requests } = grabber({ seriesId: 4, episodeIds: [12] });
    await service.grab(7, false);
    expect(requests).toMatchObject([{ seriesId: 4, episodeIds: [12] }]);
  });

  it('grabs a refused one only with force', async () => {
    const { service, requests } = grabber({ movieId: 9 }, false);
    await expect(service.grab(7, false)).rejects.toThrow(/was refused: the file on disk is as good/);
    await service.grab(7, true);
    expect(requests).toMatchObject([{ movieId: 9 }]);
  });

  it('refuses a release that fits several series or names no episode, even with force', async () => {
    await expect(grabber(null).service.grab(7, true)).rejects.toThrow(/fits several series/);
    await expect(grabber({ seriesId: 4, episodeIds: [] }).service.grab(7, true)).rejects.toThrow(
      /names no episode/,
    );
  });
});
