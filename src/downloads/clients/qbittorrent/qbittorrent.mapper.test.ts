import { describe, expect, it } from 'vitest';
import type { DownloadState } from '../download-client.js';
import { mapQbittorrentState, mapQbittorrentTorrent } from './qbittorrent.mapper.js';
import type { QbittorrentTorrent } from './qbittorrent.types.js';

const torrent: QbittorrentTorrent = {
  hash: 'C12FE1C06BBA254A9DC9F519B335AA7C1367A88A',
  infohash_v1: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a',
  name: 'Some.Movie.2020.1080p.BluRay.x264-GRP',
  state: 'downloading',
  category: 'movies',
  tags: 'omniarr, upgrade',
  progress: 0.25,
  size: 4_000,
  amount_left: 3_000,
  eta: 120,
  dlspeed: 50,
  upspeed: 5,
  num_seeds: 3,
  num_leechs: 2,
  ratio: 0.1,
  save_path: '/data/downloads/',
  content_path: '/data/downloads/Some.Movie.2020.1080p.BluRay.x264-GRP',
  added_on: 1_700_000_000,
};

describe('mapQbittorrentState', () => {
  it.each<[string, DownloadState]>([
    // 4.x names
    ['pausedDL', 'paused'],
    ['pausedUP', 'completed'],
    // 5.x renames land on the same states
    ['stoppedDL', 'paused'],
    ['stoppedUP', 'completed'],
    ['downloading', 'downloading'],
    ['forcedDL', 'downloading'],
    ['metaDL', 'metadata'],
    ['forcedMetaDL', 'metadata'],
    ['stalledDL', 'stalled'],
    ['queuedDL', 'queued'],
    ['allocating', 'queued'],
    ['checkingDL', 'checking'],
    ['checkingUP', 'checking'],
    ['checkingResumeData', 'checking'],
    ['uploading', 'seeding'],
    ['stalledUP', 'seeding'],
    ['forcedUP', 'seeding'],
    ['queuedUP', 'seeding'],
    ['moving', 'moving'],
    ['error', 'error'],
    ['missingFiles', 'error'],
    ['unknown', 'unknown'],
    ['someFutureState', 'unknown'],
  ])('%s → %s', (raw, expected) => {
    expect(mapQbittorrentState(raw)).toBe(expected);
  });
});

describe('mapQbittorrentTorrent', () => {
  it('maps a download in progress', () => {
    const files = [
      { name: 'Some.Movie.2020.1080p.BluRay.x264-GRP/movie.mkv', size: 3_900, progress: 0.25, priority: 1 },
      { name: 'Some.Movie.2020.1080p.BluRay.x264-GRP/sample.mkv', size: 100, progress: 0, priority: 0 },
    ];
    expect(mapQbittorrentTorrent(torrent, files)).toEqual({
      id: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a',
      infoHash: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a',
      name: 'Some.Movie.2020.1080p.BluRay.x264-GRP',
      state: 'downloading',
      category: 'movies',
      tags: ['omniarr', 'upgrade'],
      progress: 0.25,
      sizeBytes: 4_000,
      sizeLeftBytes: 3_000,
      etaSeconds: 120,
      downloadBytesPerSecond: 50,
      uploadBytesPerSecond: 5,
      seeders: 3,
      leechers: 2,
      ratio: 0.1,
      savePath: '/data/downloads',
      contentPath: '/data/downloads/Some.Movie.2020.1080p.BluRay.x264-GRP',
      // The skipped sample (priority 0) is not part of the download.
      files: [{ path: 'Some.Movie.2020.1080p.BluRay.x264-GRP/movie.mkv', sizeBytes: 3_900, progress: 0.25 }],
      errorMessage: undefined,
      canMoveFiles: false,
      addedAt: new Date(1_700_000_000_000),
    });
  });

  it.each([
    ['stalledDL', 8_640_000, undefined],
    ['downloading', -1, undefined],
    ['uploading', 8_640_000, 0],
    ['downloading', 30, 30],
  ])('%s with eta %d reports %s seconds', (state, eta, expected) => {
    expect(mapQbittorrentTorrent({ ...torrent, state, eta }, []).etaSeconds).toBe(expected);
  });

  it('lets files be moved only once the torrent is stopped after finishing', () => {
    expect(mapQbittorrentTorrent({ ...torrent, state: 'uploading' }, []).canMoveFiles).toBe(false);
    expect(mapQbittorrentTorrent({ ...torrent, state: 'pausedUP' }, []).canMoveFiles).toBe(true);
    expect(mapQbittorrentTorrent({ ...torrent, state: 'stoppedUP' }, []).canMoveFiles).toBe(true);
  });

  it('falls back to save path + name before 4.3.2 (no content_path) and for v2-only hashes', () => {
    const old = mapQbittorrentTorrent({ ...torrent, content_path: undefined, infohash_v1: '' }, []);
    expect(old.contentPath).toBe('/data/downloads/Some.Movie.2020.1080p.BluRay.x264-GRP');
    expect(old.infoHash).toBe('c12fe1c06bba254a9dc9f519b335aa7c1367a88a');
  });

  it('explains error states', () => {
    expect(mapQbittorrentTorrent({ ...torrent, state: 'missingFiles' }, []).errorMessage).toMatch(/missing/);
    expect(mapQbittorrentTorrent({ ...torrent, tags: '' }, []).tags).toEqual([]);
  });
});
