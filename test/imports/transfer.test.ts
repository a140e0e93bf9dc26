// FileTransfer on real files: real hardlinks (inode and link count checked), a real cross-device copy
// (tmpfs /dev/shm against the disk), upgrades into a recycle bin, and a kill -9 in the middle of a copy.
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { link, mkdir, mkdtemp, open, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FileTransfer,
  isTransferTemporary,
  probeHardlinks,
  temporaryPathFor,
} from '../../src/imports/transfer.js';
import { BadRequestError, ConflictError } from '../../src/shared/errors.js';

let disk: string; // downloads and library on the same filesystem
let shm: string; // another filesystem (tmpfs)
let downloads: string;
let library: string;
let bin: string;

beforeEach(async () => {
  disk = await mkdtemp(path.join(tmpdir(), 'omniarr-transfer-'));
  shm = await mkdtemp('/dev/shm/omniarr-transfer-');
  downloads = path.join(disk, 'downloads');
  library = path.join(disk, 'movies');
  bin = path.join(disk, 'recycle');
  await mkdir(downloads, { recursive: true });
  await mkdir(library, { recursive: true });
});
afterEach(async () => {
  await rm(disk, { recursive: true, force: true });
  await rm(shm, { recursive: true, force: true });
});

async function file(where: string, content: string): Promise<string> {
  await mkdir(path.dirname(where), { recursive: true });
  await writeFile(where, content);
  return where;
}

async function namesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

const movieFolder = () => path.join(library, 'Heat (1995)');
const movieFile = (name = 'Heat (1995) Bluray-1080p.mkv') => path.join(movieFolder(), name);

describe('FileTransfer', () => {
  it('hardlinks on one filesystem: same inode, two links, source kept, no temporary left', async () => {
    const source = await file(path.join(downloads, 'Heat.1995.1080p/heat.mkv'), 'the movie');
    const result = await new FileTransfer().transfer({
      source,
      destination: movieFile(),
      libraryRoot: library,
    });
    expect(result).toMatchObject({
      mode: 'hardlink',
      crossDevice: false,
      alreadyInPlace: false,
      sizeBytes: 9,
    });
    const [a, b] = await Promise.all([stat(source), stat(movieFile())]);
    expect(b.ino).toBe(a.ino);
    expect(b.nlink).toBe(2);
    expect(await namesIn(movieFolder())).toEqual(['Heat (1995) Bluray-1080p.mkv']);
  });

  it('copies across filesystems (EXDEV) and says so', async () => {
    const source = await file(path.join(shm, 'heat.mkv'), 'the movie from tmpfs');
    const result = await new FileTransfer().transfer({
      source,
      destination: movieFile(),
      libraryRoot: library,
    });
    expect(result).toMatchObject({ mode: 'copy', crossDevice: true });
    expect(await readFile(movieFile(), 'utf8')).toBe('the movie from tmpfs');
    expect((await stat(movieFile())).nlink).toBe(1);
    expect(await readFile(source, 'utf8')).toBe('the movie from tmpfs');
    expect(await namesIn(movieFolder())).toEqual(['Heat (1995) Bluray-1080p.mkv']);
  });

  it('copies on one filesystem when hardlinks are turned off', async () => {
    const source = await file(path.join(downloads, 'heat.mkv'), 'x');
    const result = await new FileTransfer().transfer({
      source,
      destination: movieFile(),
      libraryRoot: library,
      preferCopy: true,
    });
    expect(result).toMatchObject({ mode: 'copy', crossDevice: false });
    expect((await stat(movieFile())).ino).not.toBe((await stat(source)).ino);
  });

  it('moves when allowed, on one filesystem and across filesystems', async () => {
    const local = await file(path.join(downloads, 'heat.mkv'), 'local');
    const inode = (await stat(local)).ino;
    const first = await new FileTransfer().transfer({
      source: local,
      destination: movieFile(),
      libraryRoot: library,
      allowMove: true,
    });
    expect(first).toMatchObject({ mode: 'move', crossDevice: false });
    expect((await stat(movieFile())).ino).toBe(inode);
    await expect(stat(local)).rejects.toThrow(/ENOENT/);

    const remote = await file(path.join(shm, 'ronin.mkv'), 'remote');
    const second = await new FileTransfer().transfer({
      source: remote,
      destination: path.join(library, 'Ronin (1998)/Ronin (1998).mkv'),
      libraryRoot: library,
      allowMove: true,
    });
    expect(second).toMatchObject({ mode: 'move', crossDevice: true });
    expect(await readFile(path.join(library, 'Ronin (1998)/Ronin (1998).mkv'), 'utf8')).toBe('remote');
    await expect(stat(remote)).rejects.toThrow(/ENOENT/);
  });

  it('never overwrites a library file it was not told to replace', async () => {
    const existing = await file(movieFile(), 'the one already in the library');
    const source = await file(path.join(downloads, 'heat.mkv'), 'another release');
    const transfer = new FileTransfer({ recycleBin: bin });
    await expect(
      transfer.transfer({ source, destination: existing, libraryRoot: library }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await readFile(existing, 'utf8')).toBe('the one already in the library');
    expect(await namesIn(movieFolder())).toEqual(['Heat (1995) Bluray-1080p.mkv']);
    expect(await readFile(source, 'utf8')).toBe('another release');
  });

  it('upgrades under the same name: old file to the recycle bin, keeping its path, timestamped on collision', async () => {
    const clock = { now: () => Date.parse('2025-03-04T05:06:07.890Z') };
    const transfer = new FileTransfer({ recycleBin: bin, clock });
    const destination = await file(movieFile(), 'old 720p');
    const better = await file(path.join(downloads, 'better.mkv'), 'new 1080p');
    const first = await transfer.transfer({
      source: better,
      destination,
      libraryRoot: library,
      replaces: [destination],
    });
    const recycledPath = path.join(bin, 'Heat (1995)', 'Heat (1995) Bluray-1080p.mkv');
    expect(first.recycled).toEqual([{ from: destination, to: recycledPath }]);
    expect(await readFile(destination, 'utf8')).toBe('new 1080p');
    expect(await readFile(recycledPath, 'utf8')).toBe('old 720p');
    // Recycling time, not the file's age, starts the bin's clock.
    expect((await stat(recycledPath)).mtimeMs).toBe(clock.now());

    const best = await file(path.join(downloads, 'best.mkv'), 'newer remux');
    const second = await transfer.transfer({
      source: best,
      destination,
      libraryRoot: library,
      replaces: [destination],
    });
    const stamped = path.join(
      bin,
      'Heat (1995)',
      'Heat (1995) Bluray-1080p (recycled 2025-03-04T05-06-07Z).mkv',
    );
    expect(second.recycled).toEqual([{ from: destination, to: stamped }]);
    expect(await readFile(stamped, 'utf8')).toBe('new 1080p');
    expect(await readFile(destination, 'utf8')).toBe('newer remux');
    expect(await namesIn(movieFolder())).toEqual(['Heat (1995) Bluray-1080p.mkv']);
  });

  it('upgrades to a new name, and deletes the old file when there is no recycle bin', async () => {
    const old = await file(movieFile('Heat (1995) HDTV-720p.mkv'), 'old');
    const source = await file(path.join(downloads, 'new.mkv'), 'new');
    const result = await new FileTransfer().transfer({
      source,
      destination: movieFile(),
      libraryRoot: library,
      replaces: [old],
    });
    expect(result.recycled).toEqual([{ from: old, to: undefined }]);
    expect(await namesIn(movieFolder())).toEqual(['Heat (1995) Bluray-1080p.mkv']);
  });

  it('refuses destinations and replaced files outside the library root', async () => {
    const source = await file(path.join(downloads, 'heat.mkv'), 'x');
    const transfer = new FileTransfer();
    for (const destination of [path.join(library, '../escape.mkv'), '/etc/cron.d/x', library]) {
      await expect(transfer.transfer({ source, destination, libraryRoot: library })).rejects.toBeInstanceOf(
        BadRequestError,
      );
    }
    await expect(
      transfer.transfer({ source, destination: movieFile(), libraryRoot: library, replaces: [source] }),
    ).rejects.toBeInstanceOf(BadRequestError);
    expect(await namesIn(library)).toEqual([]);
  });
});

describe('FileTransfer after a crash', () => {
  it('a rerun after the file was placed writes nothing and finishes the move (hardlink and copy)', async () => {
    const transfer = new FileTransfer({ recycleBin: bin });
    const local = await file(path.join(downloads, 'heat.mkv'), 'linked');
    await transfer.transfer({ source: local, destination: movieFile(), libraryRoot: library });
    const again = await transfer.transfer({
      source: local,
      destination: movieFile(),
      libraryRoot: library,
      allowMove: true,
    });
    expect(again).toMatchObject({ alreadyInPlace: true, mode: 'move', recycled: [] });
    await expect(stat(local)).rejects.toThrow(/ENOENT/);

    const remote = await file(path.join(shm, 'ronin.mkv'), 'copied');
    const destination = path.join(library, 'Ronin (1998)/Ronin (1998).mkv');
    await transfer.transfer({ source: remote, destination, libraryRoot: library });
    // Same-name upgrade rerun: the file in place IS the new one; it must not go to the bin.
    const rerun = await transfer.transfer({
      source: remote,
      destination,
      libraryRoot: library,
      replaces: [destination],
    });
    expect(rerun).toMatchObject({ alreadyInPlace: true, mode: 'copy', crossDevice: true, recycled: [] });
    expect(await namesIn(path.dirname(destination))).toEqual(['Ronin (1998).mkv']);
  });

  it('reuses a leftover staged hardlink and discards a leftover partial copy', async () => {
    const local = await file(path.join(downloads, 'heat.mkv'), 'full movie');
    await mkdir(movieFolder(), { recursive: true });
    await link(local, temporaryPathFor(movieFile()));
    const linked = await new FileTransfer().transfer({
      source: local,
      destination: movieFile(),
      libraryRoot: library,
    });
    expect(linked.mode).toBe('hardlink');
    expect((await stat(movieFile())).nlink).toBe(2);

    const remote = await file(path.join(shm, 'ronin.mkv'), 'full movie from tmpfs');
    const destination = path.join(library, 'Ronin (1998)/Ronin (1998).mkv');
    await file(temporaryPathFor(destination), 'full mov'); // half a copy
    await new FileTransfer().transfer({ source: remote, destination, libraryRoot: library });
    expect(await readFile(destination, 'utf8')).toBe('full movie from tmpfs');
    expect(await namesIn(path.dirname(destination))).toEqual(['Ronin (1998).mkv']);
  });

  it('a crash between recycling the old file and placing the new one is finished by the rerun', async () => {
    const transfer = new FileTransfer({ recycleBin: bin });
    const destination = await file(movieFile(), 'old');
    const source = await file(path.join(downloads, 'new.mkv'), 'new');
    // State after steps 1–2 of a crashed run: new file staged, old one already in the bin.
    await link(source, temporaryPathFor(destination));
    await file(path.join(bin, 'Heat (1995)', path.basename(destination)), 'old');
    await rm(destination);
    const result = await transfer.transfer({
      source,
      destination,
      libraryRoot: library,
      replaces: [destination],
    });
    expect(result).toMatchObject({ mode: 'hardlink', alreadyInPlace: false, recycled: [] });
    expect(await readFile(destination, 'utf8')).toBe('new');
    expect(await namesIn(movieFolder())).toEqual([path.basename(destination)]);
  });

  it('kill -9 during a cross-device copy leaves no file under the final name; the rerun completes it', async () => {
    const source = path.join(shm, 'big.mkv');
    const handle = await open(source, 'w');
    const block = Buffer.alloc(1024 * 1024, 0x5a);
    for (let i = 0; i < 256; i++) await handle.write(block);
    await handle.close();
    const destination = movieFile();
    await mkdir(movieFolder(), { recursive: true });

    const staged = new Promise<void>((resolve) => {
      const watcher = watch(movieFolder(), (_event, name) => {
        if (name && isTransferTemporary(name)) {
          watcher.close();
          resolve();
        }
      });
    });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'transfer-child.ts'), source, destination, library],
      { stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await Promise.race([staged, exited]);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const left = await namesIn(movieFolder());
    expect(left.every(isTransferTemporary)).toBe(true); // never the final name
    expect(left.length).toBeLessThanOrEqual(1);

    const result = await new FileTransfer().transfer({ source, destination, libraryRoot: library });
    expect(result.mode).toBe('copy');
    expect((await stat(destination)).size).toBe(256 * 1024 * 1024);
    expect(await namesIn(movieFolder())).toEqual([path.basename(destination)]);
  });

  it('sweeps temporaries nobody touched for a while, and nothing else', async () => {
    const folder = movieFolder();
    const stale = await file(temporaryPathFor(path.join(folder, 'a.mkv')), 'stale');
    const keep = await file(path.join(folder, 'Heat (1995).mkv'), 'library file');
    const lookalike = await file(path.join(folder, '.omniarr-notours.partial'), 'x');
    await utimes(stale, new Date(0), new Date(0)); // ctime still "now": a recent link or write counts
    const now = Date.now();
    expect(await new FileTransfer({ clock: { now: () => now } }).removeLeftovers(folder, 60_000)).toEqual([]);
    const later = new FileTransfer({ clock: { now: () => now + 3_600_000 } });
    expect(await later.removeLeftovers(folder, 60_000)).toEqual([stale]);
    expect(await namesIn(folder)).toEqual([path.basename(lookalike), path.basename(keep)].sort());
  });
});

describe('probeHardlinks', () => {
  it('finds that downloads and library share a filesystem', async () => {
    const probe = await probeHardlinks(downloads, library);
    expect(probe).toMatchObject({ sameDevice: true, hardlinks: true });
    expect(await namesIn(downloads)).toEqual([]);
    expect(await namesIn(library)).toEqual([]);
  });

  it('reports EXDEV across filesystems and leaves nothing behind', async () => {
    const probe = await probeHardlinks(shm, library);
    expect(probe).toMatchObject({ sameDevice: false, hardlinks: false });
    expect(probe.message).toMatch(/EXDEV/);
    expect(await namesIn(shm)).toEqual([]);
    expect(await namesIn(library)).toEqual([]);
  });
});
