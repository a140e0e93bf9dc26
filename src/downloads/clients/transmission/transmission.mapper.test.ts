import { describe, expect, it } from 'vitest';
import type { DownloadState } from '../download-client.js';
import { mapTransmissionState, mapTransmissionTorrent, transmissionCategory } from './transmission.mapper.js';
import type { TransmissionTorrent } from './transmission.types.js';

const torrent: TransmissionTorrent = {
  hashString: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a',
  name: 'Some.Movie.2020.1080p.BluRay.x264-GRP',
  status: 4,
  error: 0,
  errorString: '',
  percentDone: 0.5,
  metadataPercentComplete: 1,
  sizeWhenDone: 2_000,
  leftUntilDone: 1_000,
  eta: 60,
  rateDownload: 100,
  rateUpload: 10,
  uploadRatio: -1,
  downloadDir: '/data/downloads/',
  addedDate: 1_700_000_000,
  isStalled: false,
  peersSendingToUs: 1,
  peers: [{ progress: 1 }, { progress: 0.2 }, { progress: 1 }],
  files: [
    { name: 'Some.Movie.2020.1080p.BluRay.x264-GRP/movie.mkv', length: 2_000, bytesCompleted: 1_000 },
    { name: 'Some.Movie.2020.1080p.BluRay.x264-GRP/sample.mkv', length: 50, bytesCompleted: 0 },
  ],
  fileStats: [{ wanted: true }, { wanted: false }],
  labels: ['movies', 'upgrade'],
};

describe('mapTransmissionState', () => {
  it.each<[string, Partial<TransmissionTorrent>, DownloadState]>([
    ['stopped, unfinished', { status: 0 }, 'paused'],
    ['stopped, finished', { status: 0, leftUntilDone: 0 }, 'completed'],
    ['waiting to check', { status: 1 }, 'checking'],
    ['checking', { status: 2 }, 'checking'],
    ['waiting to download', { status: 3 }, 'queued'],
    ['downloading with a peer', { status: 4 }, 'downloading'],
    ['downloading, flagged stalled', { status: 4, isStalled: true }, 'stalled'],
    ['downloading, nobody sending', { status: 4, peersSendingToUs: 0, rateDownload: 0 }, 'stalled'],
    ['fetching metadata', { status: 4, metadataPercentComplete: 0.3 }, 'metadata'],
    ['stopped before metadata', { status: 0, metadataPercentComplete: 0, leftUntilDone: 0 }, 'paused'],
    ['waiting to seed', { status: 5, leftUntilDone: 0 }, 'seeding'],
    ['seeding', { status: 6, leftUntilDone: 0 }, 'seeding'],
    ['local disk error', { status: 0, error: 3 }, 'error'],
    ['tracker error only', { status: 4, error: 2 }, 'downloading'],
    ['unknown status', { status: 42 }, 'unknown'],
  ])('%s → %s', (_, overrides, expected) => {
    expect(mapTransmissionState({ ...torrent, ...overrides })).toBe(expected);
  });
});

describe('transmissionCategory', () => {
  it.each([
    [['movies', 'x'], '/anywhere', 'movies'],
    [[], '/data/downloads/movies', ''],
    [undefined, '/data/downloads/movies', 'movies'],
    [undefined, '/data/downloads/movies/', 'movies'],
    [undefined, '/data/downloads', ''],
    [undefined, '/data/downloads/movies/deeper', ''],
    [undefined, '/elsewhere/movies', ''],
  ])('labels %j in %s → "%s"', (labels, downloadDir, expected) => {
    expect(transmissionCategory({ labels, downloadDir }, '/data/downloads/')).toBe(expected);
  });
});

describe('mapTransmissionTorrent', () => {
  it('maps a download in progress', () => {
    expect(mapTransmissionTorrent(torrent, '/data/downloads')).toEqual({
      id: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a',
      infoHash: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a',
      name: 'Some.Movie.2020.1080p.BluRay.x264-GRP',
      state: 'downloading',
      category: 'movies',
      tags: ['upgrade'],
      progress: 0.5,
      sizeBytes: 2_000,
      sizeLeftBytes: 1_000,
      etaSeconds: 60,
      downloadBytesPerSecond: 100,
      uploadBytesPerSecond: 10,
      seeders: 2,
      leechers: 1,
      ratio: 0,
      savePath: '/data/downloads',
      contentPath: '/data/downloads/Some.Movie.2020.1080p.BluRay.x264-GRP',
      files: [{ path: 'Some.Movie.2020.1080p.BluRay.x264-GRP/movie.mkv', sizeBytes: 2_000, progress: 0.5 }],
      errorMessage: undefined,
      canMoveFiles: false,
      addedAt: new Date(1_700_000_000_000),
    });
  });

  it('reports ETA 0 when finished and none when unknown', () => {
    expect(
      mapTransmissionTorrent({ ...torrent, status: 6, leftUntilDone: 0, eta: -1 }, '/d').etaSeconds,
    ).toBe(0);
    expect(mapTransmissionTorrent({ ...torrent, eta: -2 }, '/d').etaSeconds).toBeUndefined();
  });

  it('lets files be moved only when stopped after finishing', () => {
    expect(mapTransmissionTorrent({ ...torrent, status: 6, leftUntilDone: 0 }, '/d').canMoveFiles).toBe(
      false,
    );
    expect(mapTransmissionTorrent({ ...torrent, status: 0, leftUntilDone: 0 }, '/d').canMoveFiles).toBe(true);
  });

  it('keeps tracker complaints as the error message without failing the download', () => {
    const mapped = mapTransmissionTorrent(
      { ...torrent, error: 2, errorString: 'Tracker gave HTTP 404' },
      '/d',
    );
    expect(mapped.state).toBe('downloading');
    expect(mapped.errorMessage).toBe('Tracker gave HTTP 404');
  });
});
