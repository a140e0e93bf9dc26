// The movie pipeline end to end, the way a user runs it, with real parts: two qbittorrent-nox on
// loopback (one seeds, one is Omniarr's client), real MKV files made with ffmpeg, Torznab indexers
// serving real .torrent files among decoys, and the TMDB and Jellyfin contract fakes.
//
// Add a movie → automatic search → the best release is zero-filled: downloaded, refused at import,
// blocklisted, searched again → the next best is downloaded and hardlinked into the library under the
// naming template → Jellyfin is told the path → history and queue tell the story. Then an upgrade:
// a better release appears, is grabbed, and replaces the file; the old one goes to the recycle bin.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJellyfinFake, type JellyfinFake } from '../fakes/jellyfin/jellyfin-fake.js';
import { startTmdbFake, type TmdbFake } from '../fakes/tmdb/tmdb-fake.js';
import { startTorznabFake, type FakeRelease, type TorznabFake } from '../fakes/torznab/torznab-fake.js';
import { apiClient, type Json } from '../support/api-client.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { pipelineRunner } from '../support/download-pipeline.js';
import { makeVideo } from '../support/media.js';
import { startQbittorrent } from '../support/qbittorrent.js';
import { startTransmission } from '../support/transmission.js';
import { createTorrent, startSeeder, type CreatedTorrent, type Seeder } from '../support/torrents.js';

const RUNTIME_MINUTES = 136;
const GB = 1024 ** 3;

interface ClientUnderTest {
  url: string;
  downloadDir: string;
  /** Makes the client and the seeder connect for one torrent (whichever side can dial). */
  connect(seeder: Seeder, infoHash: string): Promise<void>;
  stop(): Promise<void>;
}

const clients: Array<
  [implementation: 'qbittorrent' | 'transmission', start: () => Promise<ClientUnderTest>]
> = [
  [
    'qbittorrent',
    async () => {
      const daemon = await startQbittorrent();
      return {
        ...daemon,
        connect: (seeder, infoHash) => daemon.addPeer(infoHash, seeder.peer),
        stop: () => daemon.stop(),
      };
    },
  ],
  [
    'transmission',
    async () => {
      // Transmission cannot be told to dial a peer: the seeder dials it.
      const daemon = await startTransmission();
      return {
        ...daemon,
        connect: (seeder, infoHash) => seeder.connectTo(infoHash, daemon.peerPort),
        stop: () => daemon.stop(),
      };
    },
  ],
];

function findFile(dir: string, name: string): string | undefined {
  const match = readdirSync(dir, { recursive: true, withFileTypes: true }).find(
    (entry) => entry.isFile() && entry.name === name,
  );
  return match && path.join(match.parentPath, match.name);
}

describe.each(clients)('movies end to end with %s as the download client', (implementation, startClient) => {
  let work: string;
  let library: string;
  let tmdb: TmdbFake;
  let jellyfin: JellyfinFake;
  let indexer: TorznabFake;
  let looseIndexer: TorznabFake;
  let client: ClientUnderTest;
  let seeder: Seeder;
  let service: TestApp;
  const torrents: Record<'zero' | 'good' | 'better', CreatedTorrent> = {} as never;
  let movieId: number;

  const api = apiClient(() => service);
  const runPipelineUntil = pipelineRunner({
    api,
    connect: (infoHash) => client.connect(seeder, infoHash),
    timeoutMs: 80_000,
  });

  const release = (title: string, torrent: CreatedTorrent, size: number, seeders: number): FakeRelease => ({
    title,
    size,
    categories: [2040],
    pubDate: new Date(Date.now() - 3_600_000),
    download: torrent.torrent,
    seeders,
    leechers: 1,
    imdbId: 'tt0133093',
  });

  const decoy = (title: string, size = 4 * GB): FakeRelease => ({
    title,
    size,
    categories: [2040],
    pubDate: new Date(Date.now() - 7_200_000),
    download: `magnet:?xt=urn:btih:${createHash('sha1').update(title).digest('hex')}`,
    seeders: 50,
  });

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'omniarr-e2e-'));
    library = path.join(work, 'media', 'movies');
    await (await import('node:fs/promises')).mkdir(library, { recursive: true });

    // Real files: a feature of the right length twice (two releases), and a zero-filled "release".
    const feature = path.join(work, 'feature.mkv');
    await makeVideo(feature, { durationSeconds: RUNTIME_MINUTES * 60 });
    const featureBytes = await readFile(feature);
    torrents.good = createTorrent([
      { path: 'The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-GOOD.mkv', content: featureBytes },
    ]);
    torrents.zero = createTorrent([
      { path: 'The.Matrix.1999.1080p.BluRay.x264-ZERO.mkv', content: Buffer.alloc(3 * 1024 * 1024) },
    ]);
    torrents.better = createTorrent(
      [
        {
          path: 'The.Matrix.1999.1080p.BluRay.x264-BETTER/The.Matrix.1999.1080p.BluRay.x264-BETTER.mkv',
          content: Buffer.concat([featureBytes, Buffer.from('better')]),
        },
      ],
      { name: 'The.Matrix.1999.1080p.BluRay.x264-BETTER' },
    );

    [tmdb, jellyfin, client, seeder] = await Promise.all([
      startTmdbFake({
        movies: [
          {
            id: 603,
            title: 'The Matrix',
            release_date: '1999-03-30',
            runtime: RUNTIME_MINUTES,
            status: 'Released',
            imdb_id: 'tt0133093',
            alternative_titles: [{ iso_3166_1: 'FR', title: 'Matrix' }],
            release_dates: [
              {
                iso_3166_1: 'US',
                release_dates: [
                  { release_date: '1999-03-31T00:00:00.000Z', type: 3 },
                  { release_date: '1999-09-21T00:00:00.000Z', type: 5 },
                ],
              },
            ],
          },
        ],
      }),
      startJellyfinFake(),
      startClient(),
      startSeeder(torrents.zero, torrents.good, torrents.better),
    ]);
    indexer = await startTorznabFake({
      releases: [
        release('The.Matrix.1999.1080p.BluRay.x264-ZERO', torrents.zero, 8 * GB, 40),
        release('The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-GOOD', torrents.good, 5 * GB, 30),
      ],
    });
    looseIndexer = await startTorznabFake({
      looseTextSearch: true,
      caps: { movieSearchParams: ['q'] },
      releases: [
        decoy('The.Matrix.Reloaded.2003.1080p.BluRay.x264-DECOY'),
        decoy('The.Matrix.2012.1080p.WEB-DL.H.264-DECOY'),
        decoy('The.Matrix.1999.CAM.x264-DECOY'),
        decoy('The.Matrix.1999.1080p.WEB-DL.H.264-TINY', 50 * 1024 * 1024),
        decoy('The.Matrix.1999.1080p.WEB-DL.H.264.SAMPLE-DECOY', 3 * GB),
      ],
    });
    service = await startTestApp('sqlite', { OMNIARR_TMDB_URL: tmdb.url, OMNIARR_TMDB_API_KEY: tmdb.apiKey });
  });

  afterAll(async () => {
    await service?.stop();
    await Promise.all([
      tmdb?.stop(),
      jellyfin?.stop(),
      indexer?.stop(),
      looseIndexer?.stop(),
      client?.stop(),
      seeder?.stop(),
    ]);
    for (const torrent of Object.values(torrents)) torrent.cleanup();
    await rm(work, { recursive: true, force: true });
  });

  const historyEvents = async () =>
    (
      await api<{ records: Array<{ event: string; sourceTitle: string; data: Json }> }>(
        'GET',
        `/api/v1/history?movieId=${movieId}&pageSize=100`,
      )
    ).body.records
      .reverse()
      .map((record) => `${record.event} ${record.sourceTitle}`);

  const libraryFiles = () =>
    readdirSync(library, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(library, path.join(entry.parentPath, entry.name)))
      .sort();

  it('is set up through the API like a user would', async () => {
    expect((await api('POST', '/api/v1/rootfolders', { path: library })).status).toBe(201);
    const created = await api('POST', '/api/v1/downloadclients', {
      name: implementation,
      implementation,
      url: client.url,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (const [name, fake] of [
      ['Good indexer', indexer],
      ['Loose indexer', looseIndexer],
    ] as const) {
      const created = await api('POST', '/api/v1/indexers', {
        name,
        implementation: 'torznab',
        url: fake.url,
        apiKey: fake.apiKey,
        minIntervalMs: 0,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
    const jf = await api('POST', '/api/v1/mediaservers', {
      name: 'Jellyfin',
      implementation: 'jellyfin',
      url: jellyfin.url,
      apiKey: jellyfin.token,
      pathMappings: [{ local: library, remote: '/media/movies' }],
    });
    expect(jf.status, JSON.stringify(jf.body)).toBe(201);

    const profiles = (await api<Array<{ id: number; name: string }>>('GET', '/api/v1/qualityprofiles')).body;
    const hd1080 = profiles.find((profile) => profile.name === 'HD-1080p');
    expect(hd1080).toBeDefined();
    const added = await api<{ id: number; path: string; status: string; runtime: number }>(
      'POST',
      '/api/v1/movies',
      {
        tmdbId: 603,
        qualityProfileId: hd1080!.id,
        rootFolderPath: library,
      },
    );
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({
      path: path.join(library, 'The Matrix (1999)'),
      status: 'released',
      runtime: RUNTIME_MINUTES,
    });
    movieId = added.body.id;
  });

  it('searches, explains every decision, and grabs the best release', async () => {
    const search = await api<{
      grabbed: string | null;
      decisions: Array<{ title: string; accepted: boolean; rejections: Array<{ code: string }> }>;
    }>('POST', `/api/v1/movies/${movieId}/search`);
    expect(search.status, JSON.stringify(search.body)).toBe(200);
    const why = Object.fromEntries(
      search.body.decisions.map((decision) => [
        decision.title,
        decision.accepted ? ['accepted'] : decision.rejections.map((rejection) => rejection.code),
      ]),
    );
    expect(why['The.Matrix.1999.1080p.BluRay.x264-ZERO']).toEqual(['accepted']);
    expect(why['The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-GOOD']).toEqual(['accepted']);
    expect(why['The.Matrix.Reloaded.2003.1080p.BluRay.x264-DECOY']).toContain('wrongMovie');
    expect(why['The.Matrix.2012.1080p.WEB-DL.H.264-DECOY']).toContain('wrongMovie');
    expect(why['The.Matrix.1999.CAM.x264-DECOY']).toContain('qualityNotWanted');
    expect(why['The.Matrix.1999.1080p.WEB-DL.H.264-TINY']).toContain('sizeTooSmall');
    expect(why['The.Matrix.1999.1080p.WEB-DL.H.264.SAMPLE-DECOY']).toContain('sample');
    // Bluray-1080p ranks above WEBDL-1080p in the profile.
    expect(search.body.grabbed).toBe('The.Matrix.1999.1080p.BluRay.x264-ZERO');
    const stored = await api<Array<{ decisions: unknown[] }>>('GET', `/api/v1/movies/${movieId}/searches`);
    expect(stored.body[0]?.decisions).toHaveLength(7);
  });

  it(
    'refuses the zero-filled download at import, blocklists it and imports the next best by hardlink',
    { timeout: 100_000 },
    async () => {
      // The default template: {Movie Title} ({Release Year}) {[Quality Full]}{-Release Group}
      const finalName = 'The Matrix (1999) [WEBDL-1080p]-GOOD.mkv';
      await runPipelineUntil(
        async () =>
          libraryFiles().length > 0 && (await api<unknown[]>('GET', '/api/v1/queue')).body.length === 0,
      );

      expect(libraryFiles()).toEqual([path.join('The Matrix (1999)', finalName)]);
      const imported = path.join(library, 'The Matrix (1999)', finalName);
      const downloaded = findFile(client.downloadDir, 'The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-GOOD.mkv')!;
      // Same inode: a hardlink, not a copy. The seeding copy stays in place.
      expect(statSync(imported).ino).toBe(statSync(downloaded).ino);
      expect(readFileSync(imported).equals(readFileSync(torrents.good.filePaths[0]!))).toBe(true);

      const update = await jellyfin.waitForUpdate(`/media/movies/The Matrix (1999)/${finalName}`, 10_000);
      expect(update).toMatchObject({ updateType: 'Created' });

      expect(await historyEvents()).toEqual([
        'grabbed The.Matrix.1999.1080p.BluRay.x264-ZERO',
        'download_failed The.Matrix.1999.1080p.BluRay.x264-ZERO',
        'blocklisted The.Matrix.1999.1080p.BluRay.x264-ZERO',
        'grabbed The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-GOOD',
        'imported The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-GOOD',
      ]);
      const blocklist = await api<{ records: Array<{ title: string; reason: string }> }>(
        'GET',
        '/api/v1/blocklist',
      );
      expect(blocklist.body.records.map((record) => record.title)).toEqual([
        'The.Matrix.1999.1080p.BluRay.x264-ZERO',
      ]);
      expect(blocklist.body.records[0]?.reason).toMatch(/zero/i);
      const movie = await api<{ hasFile: boolean }>('GET', `/api/v1/movies/${movieId}`);
      expect(movie.body.hasFile).toBe(true);
    },
  );

  it(
    'upgrades when a better release appears; the old file goes to the recycle bin',
    { timeout: 100_000 },
    async () => {
      indexer.setReleases([
        release('The.Matrix.1999.1080p.BluRay.x264-ZERO', torrents.zero, 8 * GB, 40),
        release('The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-GOOD', torrents.good, 5 * GB, 30),
        release('The.Matrix.1999.1080p.BluRay.x264-BETTER', torrents.better, 9 * GB, 20),
      ]);
      const search = await api<{
        grabbed: string | null;
        decisions: Array<{ title: string; rejections: Array<{ code: string }> }>;
      }>('POST', `/api/v1/movies/${movieId}/search`);
      expect(search.body.grabbed).toBe('The.Matrix.1999.1080p.BluRay.x264-BETTER');
      const codes = (title: string) =>
        search.body.decisions
          .find((decision) => decision.title === title)
          ?.rejections.map((rejection) => rejection.code);
      expect(codes('The.Matrix.1999.1080p.BluRay.x264-ZERO')).toContain('blocklisted');
      expect(codes('The.Matrix.1999.1080p.WEB-DL.DDP5.1.H.264-GOOD')).toEqual(
        expect.arrayContaining(['notAnUpgrade']),
      );

      const upgraded = path.join('The Matrix (1999)', 'The Matrix (1999) [Bluray-1080p]-BETTER.mkv');
      await runPipelineUntil(
        async () =>
          libraryFiles().includes(upgraded) &&
          (await api<unknown[]>('GET', '/api/v1/queue')).body.length === 0,
      );
      const files = libraryFiles();
      expect(files.filter((file) => !file.startsWith('.omniarr-recycle'))).toEqual([upgraded]);
      expect(files.filter((file) => file.startsWith('.omniarr-recycle'))).toEqual([
        path.join('.omniarr-recycle', 'The Matrix (1999)', 'The Matrix (1999) [WEBDL-1080p]-GOOD.mkv'),
      ]);
      expect((await historyEvents()).slice(-2)).toEqual([
        'grabbed The.Matrix.1999.1080p.BluRay.x264-BETTER',
        'upgraded The.Matrix.1999.1080p.BluRay.x264-BETTER',
      ]);
      await jellyfin.waitForUpdate(
        '/media/movies/The Matrix (1999)/The Matrix (1999) [Bluray-1080p]-BETTER.mkv',
        10_000,
      );
    },
  );

  it('removes an imported download from the client once it stops seeding; the library file stays', async () => {
    const [configured] = await service.app.domain.downloadClients.enabledClients();
    const hash = torrents.better.infoHash;
    const downloaded = findFile(client.downloadDir, 'The.Matrix.1999.1080p.BluRay.x264-BETTER.mkv');
    expect(downloaded).toBeDefined();
    await configured!.client.pause(hash); // seeding goals met: the client stops it
    const deadline = Date.now() + 20_000;
    let gone = false;
    while (!gone && Date.now() < deadline) {
      await api('POST', '/api/v1/queue/refresh');
      gone = await configured!.client.get(hash).then(
        () => false,
        () => true,
      );
      if (!gone) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(gone).toBe(true);
    await expect
      .poll(() => findFile(client.downloadDir, 'The.Matrix.1999.1080p.BluRay.x264-BETTER.mkv'), {
        timeout: 5000,
      })
      .toBeUndefined();
    const kept = path.join(library, 'The Matrix (1999)', 'The Matrix (1999) [Bluray-1080p]-BETTER.mkv');
    expect(readFileSync(kept).equals(readFileSync(torrents.better.filePaths[0]!))).toBe(true);
  });

  it('deletes the file on request: to the recycle bin, recorded, the movie wanted again', async () => {
    const deleted = await api<{ recycled: string[] }>('DELETE', `/api/v1/movies/${movieId}/file`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.body.recycled).toHaveLength(1);
    expect(readFileSync(deleted.body.recycled[0]!).equals(readFileSync(torrents.better.filePaths[0]!))).toBe(
      true,
    );
    expect(libraryFiles().filter((file) => !file.startsWith('.omniarr-recycle'))).toEqual([]);
    expect((await api<{ hasFile: boolean }>('GET', `/api/v1/movies/${movieId}`)).body.hasFile).toBe(false);
    expect((await historyEvents()).at(-1)).toBe('deleted The.Matrix.1999.1080p.BluRay.x264-BETTER');
    expect((await api('DELETE', `/api/v1/movies/${movieId}/file`)).status).toBe(404);
  });

  it('exposes the queue and indexer health as Prometheus metrics', async () => {
    const health = await api<{ checks: Array<{ name: string; status: string }> }>('GET', '/api/v1/health');
    expect(health.body.checks.find((check) => check.name === 'rootFolders')?.status).toBe('ok');
    const response = await fetch(`${service.url}/metrics`, {
      headers: { authorization: `Bearer ${service.apiKey}` },
    });
    const text = await response.text();
    expect(text).toMatch(/^omniarr_tracked_downloads\{state="import_blocked"\} 0$/m);
    expect(text).toMatch(/^omniarr_tracked_downloads\{state="stalled"\} 0$/m);
    expect(text).toMatch(/^omniarr_indexer_failing\{indexer="Good indexer"\} 0$/m);
    expect(text).toContain(`omniarr_disk_free_bytes{path="${library}"}`);
  });

  it('never shows or logs a secret', () => {
    const logs = service.logs.join('');
    for (const secret of [tmdb.apiKey, indexer.apiKey, looseIndexer.apiKey, jellyfin.token, service.apiKey])
      expect(logs).not.toContain(secret);
  });
});
