// The behaviour every MediaServer adapter must show, run against each one (Jellyfin's contract fake
// today). A harness gives the suite a way to build the adapter and to look at the server's side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaServer } from '../../src/mediaservers/media-server.js';
import type { PathMapping } from '../../src/mediaservers/path-mapping.js';
import { BadRequestError } from '../../src/shared/errors.js';

export interface MediaServerHarness {
  create(pathMappings: PathMapping[]): MediaServer;
  /** The server's own name and version, to compare with testConnection(). */
  expectedInfo: { name: string; version: string };
  /** Resolves once the server has been told about `serverPath`, with the update type it received. */
  waitForServerPath(serverPath: string): Promise<{ updateType: string }>;
  /** Every path the server has been told about so far. */
  receivedPaths(): string[];
  addLibrary(name: string, type: 'movies' | 'tvshows', serverPaths: string[]): void;
  stop(): Promise<void>;
}

export function describeMediaServerCompliance(name: string, start: () => Promise<MediaServerHarness>): void {
  describe(`${name}: MediaServer compliance`, () => {
    let harness: MediaServerHarness;
    beforeAll(async () => {
      harness = await start();
    });
    afterAll(async () => {
      await harness.stop();
    });

    it('reports its name and version', async () => {
      const info = await harness.create([]).testConnection();
      expect(info).toMatchObject(harness.expectedInfo);
      expect(info.id).not.toBe('');
    });

    it('tells the server about new, changed and deleted files in the server’s own paths', async () => {
      const server = harness.create([{ local: '/data/media/movies', remote: '/media/movies' }]);
      await server.notifyPathsUpdated([
        { path: '/data/media/movies/Dune (2021)/Dune (2021) WEBDL-1080p.mkv', updateType: 'Created' },
        { path: '/data/media/movies/Heat (1995)/Heat (1995) Bluray-1080p.mkv', updateType: 'Modified' },
        { path: '/data/media/movies/Old (1990)', updateType: 'Deleted' },
      ]);
      expect(
        await harness.waitForServerPath('/media/movies/Dune (2021)/Dune (2021) WEBDL-1080p.mkv'),
      ).toMatchObject({
        updateType: 'Created',
      });
      expect(
        await harness.waitForServerPath('/media/movies/Heat (1995)/Heat (1995) Bluray-1080p.mkv'),
      ).toMatchObject({
        updateType: 'Modified',
      });
      expect(await harness.waitForServerPath('/media/movies/Old (1990)')).toMatchObject({
        updateType: 'Deleted',
      });
    });

    it('sends nothing for an empty list and refuses relative paths', async () => {
      const server = harness.create([]);
      const before = harness.receivedPaths().length;
      await server.notifyPathsUpdated([]);
      await expect(
        server.notifyPathsUpdated([{ path: 'relative/x.mkv', updateType: 'Created' }]),
      ).rejects.toBeInstanceOf(BadRequestError);
      expect(harness.receivedPaths()).toHaveLength(before);
    });

    it('lists libraries with their folders in both views', async () => {
      harness.addLibrary('Films', 'movies', ['/media/movies', '/archive/films']);
      const server = harness.create([{ local: '/data/media', remote: '/media' }]);
      const films = (await server.libraries()).find((library) => library.name === 'Films');
      expect(films).toMatchObject({
        type: 'movies',
        serverPaths: ['/media/movies', '/archive/films'],
        paths: ['/data/media/movies', '/archive/films'],
      });
      expect(server.paths.toServer('/data/media/movies/x.mkv')).toBe('/media/movies/x.mkv');
    });
  });
}
