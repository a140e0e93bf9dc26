// Scenarios for the TV engine as a whole: what gets grabbed (selectEpisodeGrabs after
// evaluateEpisodeReleases) when a season is fully missing, partly on disk, still airing; an anime v2;
// a daily show; a delay profile; and the ranking among equal qualities.
import { describe, expect, it } from 'vitest';
import {
  decisionSeries,
  episode,
  episodeFile,
  episodeInput,
  library,
  TV_NOW,
  tvRelease,
  withFiles,
} from '../../test/decisions/episode-fixtures.js';
import { GB } from '../../test/decisions/fixtures.js';
import { evaluateEpisodeReleases, selectEpisodeGrabs } from './episode-decision-engine.js';
import type { EpisodeDecisionInput, EpisodeReleaseDecision } from './episode-decision.types.js';

const singles = (season: number, from: number, to: number, tag = '1080p.WEB-DL.DDP5.1.H.264-GRP') =>
  Array.from({ length: to - from + 1 }, (_, i) =>
    tvRelease(`The.Show.S${String(season).padStart(2, '0')}E${String(from + i).padStart(2, '0')}.${tag}`),
  );

function grabs(input: Partial<EpisodeDecisionInput>): { grabbed: string[]; all: EpisodeReleaseDecision[] } {
  const all = evaluateEpisodeReleases(episodeInput(input));
  return { grabbed: selectEpisodeGrabs(all).map((d) => d.release.title), all };
}

const byTitle = (all: EpisodeReleaseDecision[], title: string) => {
  const found = all.find((d) => d.release.title === title);
  if (!found) throw new Error(`no decision for ${title}`);
  return found;
};

describe('season packs', () => {
  const pack = 'The.Show.S01.1080p.WEB-DL.DDP5.1.H.264-GRP';

  it('takes the pack for a fully missing aired season, and no single beside it', () => {
    const { grabbed, all } = grabs({
      releases: [...singles(1, 1, 8), tvRelease(pack, { size: 24 * GB, seeders: 5 })],
    });
    expect(grabbed).toEqual([pack]);
    const decision = byTitle(all, pack);
    expect(decision.fullSeason).toBe(true);
    expect(decision.episodeIds).toEqual([101, 102, 103, 104, 105, 106, 107, 108]);
    expect(decision.perEpisode.every((v) => v.status === 'missing')).toBe(true);
    // The singles were acceptable too: only the overlap kept them out.
    expect(all.filter((d) => d.accepted)).toHaveLength(9);
  });

  it('takes singles for the missing episodes of a partly downloaded season; the pack would downgrade E01', () => {
    const episodes = withFiles(library(), { 101: 'Bluray-1080p', 102: 'WEBDL-720p', 103: 'WEBDL-1080p' });
    const { grabbed, all } = grabs({
      episodes,
      releases: [tvRelease(pack, { size: 24 * GB }), ...singles(1, 1, 8)],
    });
    expect(grabbed).toEqual(
      singles(1, 2, 2)
        .concat(singles(1, 4, 8))
        .map((c) => c.release.title),
    );
    const refused = byTitle(all, pack);
    expect(refused.rejections.map((r) => r.code)).toEqual(['wouldDowngrade']);
    expect(refused.perEpisode.slice(0, 4)).toEqual([
      {
        episodeId: 101,
        label: 'S01E01',
        status: 'rejected',
        message: 'Bluray-1080p on disk is better than WEBDL-1080p',
      },
      { episodeId: 102, label: 'S01E02', status: 'upgrade', message: 'upgrade of WEBDL-720p' },
      {
        episodeId: 103,
        label: 'S01E03',
        status: 'rejected',
        message:
          'WEBDL-1080p on disk is as good: same quality (WEBDL-1080p) and format score 0 is not at least 1 above 0',
      },
      { episodeId: 104, label: 'S01E04', status: 'missing', message: 'missing' },
    ]);
    expect(byTitle(all, singles(1, 3, 3)[0]!.release.title).rejections.map((r) => r.code)).toEqual([
      'notAnUpgrade',
    ]);
  });

  it('refuses the pack of a season still airing and takes the aired singles', () => {
    const { grabbed, all } = grabs({
      releases: [tvRelease('The.Show.S03.1080p.WEB-DL-GRP', { size: 12 * GB }), ...singles(3, 1, 2)],
    });
    expect(grabbed).toEqual(singles(3, 1, 2).map((c) => c.release.title));
    expect(byTitle(all, 'The.Show.S03.1080p.WEB-DL-GRP').rejections.map((r) => r.code)).toEqual([
      'seasonNotAired',
    ]);
  });

  it('prefers the pack at equal quality on a season search, but not when it would fill only one wanted episode', () => {
    const single = tvRelease('The.Show.S01E08.1080p.WEB-DL-GRP', { seeders: 500 });
    const packRelease = tvRelease(pack, { size: 24 * GB, seeders: 5 });
    const season = [101, 102, 103, 104, 105, 106, 107, 108];
    const missing = evaluateEpisodeReleases(
      episodeInput({ releases: [single, packRelease], wantedEpisodeIds: season, searchedSeasonNumber: 1 }),
    );
    expect(missing.map((d) => d.release.title)).toEqual([pack, single.release.title]);

    const onDisk = Object.fromEntries(season.slice(0, 7).map((id) => [id, 'WEBDL-1080p']));
    const oneLeft = evaluateEpisodeReleases(
      episodeInput({
        episodes: withFiles(library(), onDisk),
        releases: [packRelease, single],
        wantedEpisodeIds: [108],
        searchedSeasonNumber: 1,
      }),
    );
    expect(oneLeft.map((d) => [d.release.title, d.accepted])).toEqual([
      [single.release.title, true],
      [pack, true],
    ]);
  });
});

describe('multi-episode releases', () => {
  it('grabs a double episode and skips the single it overlaps', () => {
    const double = tvRelease('The.Show.S02E01E02.1080p.BluRay.x264-GRP', { size: 6 * GB });
    const { grabbed } = grabs({ releases: [...singles(2, 2, 3), double] });
    expect(grabbed).toEqual([double.release.title, singles(2, 3, 3)[0]!.release.title]);
  });
});

describe('anime', () => {
  const series = decisionSeries({
    seriesType: 'anime',
    title: "Frieren: Beyond Journey's End",
    year: 2023,
    runtimeMinutes: 24,
    cleanTitles: ['frierenbeyondjourneysend', 'sousounofrieren'],
  });
  const episodes = Array.from({ length: 28 }, (_, i) =>
    episode(1, i + 1, 800 - 7 * i, {
      absoluteNumber: i + 1,
      file:
        i + 1 === 12
          ? episodeFile('HDTV-1080p', {
              releaseGroup: 'SubsPlease',
              releaseTitle: '[SubsPlease] Sousou no Frieren - 12 (1080p) [0BADF00D]',
            })
          : null,
    }),
  );

  it('takes the v2 of the group that made the file and refuses another group’s v2', () => {
    const same = '[SubsPlease] Sousou no Frieren - 12v2 (1080p) [ABCD1234]';
    const other = '[Erai-raws] Sousou no Frieren - 12v2 (1080p) [DCBA4321]';
    const { grabbed, all } = grabs({
      series,
      episodes,
      releases: [tvRelease(other, { size: GB }), tvRelease(same, { size: GB })],
    });
    expect(grabbed).toEqual([same]);
    expect(byTitle(all, same).perEpisode).toEqual([
      { episodeId: 112, label: '#12', status: 'upgrade', message: 'v2 of SubsPlease over v1 on disk' },
    ]);
    expect(byTitle(all, other).rejections.map((r) => r.code)).toEqual(['notAnUpgrade']);
  });
});

describe('daily shows', () => {
  const series = decisionSeries({
    seriesType: 'daily',
    title: 'The Nightly',
    cleanTitles: ['thenightly'],
    year: 2015,
  });
  const episodes = [4, 5, 6].map((day) =>
    episode(2024, day, null, {
      airDate: `2024-03-0${day}`,
      airDateUtc: Date.UTC(2024, 2, day, 3),
    }),
  );

  it('maps by air date and refuses a date the catalog lacks', () => {
    const { grabbed, all } = grabs({
      series,
      episodes,
      releases: [
        tvRelease('The.Nightly.2024.03.05.720p.HDTV.x264-GRP', { size: GB }),
        tvRelease('The.Nightly.2024.03.09.720p.HDTV.x264-GRP', { size: GB }),
      ],
    });
    expect(grabbed).toEqual(['The.Nightly.2024.03.05.720p.HDTV.x264-GRP']);
    expect(byTitle(all, 'The.Nightly.2024.03.05.720p.HDTV.x264-GRP').perEpisode.map((v) => v.label)).toEqual([
      '2024-03-05',
    ]);
    expect(byTitle(all, 'The.Nightly.2024.03.09.720p.HDTV.x264-GRP').rejections).toEqual([
      expect.objectContaining({
        code: 'unknownEpisodes',
        message: 'no episode in the catalog aired on 2024-03-09',
      }),
    ]);
  });
});

describe('delay profile', () => {
  const delayProfile = {
    usenetDelayMinutes: 0,
    torrentDelayMinutes: 60,
    preferredProtocol: 'usenet' as const,
    bypassIfHighestQuality: false,
  };

  it('holds a fresh torrent, grabs the preferred usenet release at once, and says when to decide again', () => {
    const torrent = tvRelease('The.Show.S02E04.1080p.BluRay.x264-GRP', {
      publishDate: new Date(TV_NOW - 10 * 60_000),
    });
    const usenet = tvRelease('The.Show.S02E05.1080p.WEB-DL-GRP', {
      protocol: 'usenet',
      seeders: null,
      infoHash: null,
      publishDate: new Date(TV_NOW - 60_000),
    });
    const { grabbed, all } = grabs({ delayProfile, releases: [torrent, usenet] });
    expect(grabbed).toEqual([usenet.release.title]);
    expect(byTitle(all, torrent.release.title).delayedUntil).toBe(TV_NOW + 50 * 60_000);
    expect(byTitle(all, usenet.release.title).delayedUntil).toBeNull();
  });

  it('grabs nothing worse for an episode while a better release of it waits', () => {
    const held = tvRelease('The.Show.S02E04.1080p.BluRay.x264-GRP', {
      publishDate: new Date(TV_NOW - 10 * 60_000),
    });
    const worse = tvRelease('The.Show.S02E04.720p.WEB-DL-GRP', {
      protocol: 'usenet',
      seeders: null,
      infoHash: null,
      publishDate: new Date(TV_NOW - 60_000),
    });
    const { grabbed, all } = grabs({ delayProfile, releases: [worse, held] });
    expect(grabbed).toEqual([]);
    expect(byTitle(all, held.release.title).delayedUntil).toBe(TV_NOW + 50 * 60_000);
    expect(byTitle(all, worse.release.title).accepted).toBe(true);
    // Held first, then what it keeps back.
    expect(all.map((decision) => decision.release.title)).toEqual([held.release.title, worse.release.title]);
  });

  it('ranks the preferred protocol first among equal releases', () => {
    const torrent = tvRelease('The.Show.S02E04.1080p.WEB-DL-GRP');
    const usenet = tvRelease('The.Show.S02E04.1080p.WEB-DL-GRP', {
      protocol: 'usenet',
      seeders: null,
      infoHash: null,
    });
    const { grabbed } = grabs({ delayProfile, releases: [torrent, usenet] });
    expect(grabbed).toHaveLength(1);
    const [first] = evaluateEpisodeReleases(episodeInput({ delayProfile, releases: [torrent, usenet] }));
    expect(first?.release.protocol).toBe('usenet');
  });
});
