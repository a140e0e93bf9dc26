import { describe, expect, it } from 'vitest';
import { classifyByName, type SkipReason } from './candidates.js';
import { temporaryPathFor } from './transfer.js';

describe('classifyByName', () => {
  const files: Array<[string, SkipReason | 'keep']> = [
    ['Heat.1995.1080p.BluRay.x264-GRP.mkv', 'keep'],
    ['heat.mp4', 'keep'],
    ['Heat.1995.1080p.mkv.!qB', 'partial'],
    ['Heat.1995.1080p.mkv.part', 'partial'],
    ['Heat.1995.1080p.mkv.crdownload', 'partial'],
    [temporaryPathFor('/x/Heat (1995).mkv').slice(3), 'partial'],
    ['.Heat.mkv', 'hidden'],
    ['._Heat.mkv', 'hidden'],
    ['Heat.nfo', 'not_video'],
    ['Heat.en.srt', 'not_video'],
    ['poster.jpg', 'not_video'],
    ['Heat.1995.iso', 'disc_image'],
    ['heat.rar', 'archive'],
    ['heat.r00', 'archive'],
    ['heat.7z', 'archive'],
    ['Heat-trailer.mkv', 'extra'],
    ['Heat.Trailer.mp4', 'extra'],
    ['Heat-featurette.mkv', 'extra'],
    ['Heat-behindthescenes.mkv', 'extra'],
    ['Heat-deleted.mkv', 'extra'],
    // Not extras: the plain words need Jellyfin's "-" and must end the name.
    ['The.Short.Game.2013.mkv', 'keep'],
    ['The.Other.Guys.2010.mkv', 'keep'],
    ['Trailer.Park.Boys.S01E01.mkv', 'keep'],
    // Named like a sample: left to the duration rule, not skipped by name.
    ['heat-sample.mkv', 'keep'],
  ];
  it.each(files)('file %s → %s', (name, expected) => {
    expect(classifyByName(name, 'movie', false)?.reason ?? 'keep').toBe(expected);
  });

  const folders: Array<[string, SkipReason | 'keep']> = [
    ['Heat.1995.1080p.BluRay', 'keep'],
    ['Sample', 'sample_folder'],
    ['samples', 'sample_folder'],
    ['Extras', 'extras_folder'],
    ['Featurettes', 'extras_folder'],
    ['Behind The Scenes', 'extras_folder'],
    ['Deleted Scenes', 'extras_folder'],
    ['Trailers', 'extras_folder'],
    ['_UNPACK_Heat.1995', 'partial'],
    ['_FAILED_Heat.1995', 'partial'],
    ['BDMV', 'disc_image'],
    ['VIDEO_TS', 'disc_image'],
    ['.AppleDouble', 'hidden'],
    ['Specials', 'keep'],
    ['Season 01', 'keep'],
  ];
  it.each(folders)('folder %s → %s', (name, expected) => {
    expect(classifyByName(`Heat/${name}`, 'movie', true)?.reason ?? 'keep').toBe(expected);
  });

  it('explains itself', () => {
    expect(classifyByName('Heat.mkv.!qB', 'movie', false)?.message).toBe(
      '"Heat.mkv.!qB" is still being downloaded or written',
    );
  });
});
