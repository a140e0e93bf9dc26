// Table-driven cases by family, written from how scene, P2P, anime fansub and foreign groups name
// releases. Each row names only the fields it is about.
import { describe, expect, it } from 'vitest';
import { cleanTitle, parseQuality, parseRelease } from './index.js';
import type { ParsedRelease } from './index.js';

type Expect = Partial<Omit<ParsedRelease, 'quality'>> & { quality?: Partial<ParsedRelease['quality']> };
type Row = [name: string, expected: Expect];

function table(family: string, rows: Row[]): void {
  describe(family, () => {
    it.each(rows)('%s', (name, expected) => {
      expect(parseRelease(name)).toMatchObject(expected);
    });
  });
}

table('TV: season and episode', [
  [
    'The.Mandalorian.S02E05.1080p.WEB-DL.DDP5.1.H264-NTb',
    { title: 'The Mandalorian', seasons: [2], episodes: [5] },
  ],
  ['the.mandalorian.s02e05.720p.web.h264-ggez', { title: 'the mandalorian', seasons: [2], episodes: [5] }],
  [
    'Breaking Bad S05E14 Ozymandias 1080p BluRay x264',
    { title: 'Breaking Bad', seasons: [5], episodes: [14] },
  ],
  [
    'Californication.2x05.Vaginatown.HDTV.XviD-0TV',
    { title: 'Californication', seasons: [2], episodes: [5] },
  ],
  ['Show.Name.S1E1.720p.HDTV', { title: 'Show Name', seasons: [1], episodes: [1] }],
  ['Show Name - S01E01 - Pilot', { title: 'Show Name', seasons: [1], episodes: [1] }],
  ['Show_Name_S01E02_720p_HDTV', { title: 'Show Name', seasons: [1], episodes: [2] }],
  ['Show.Name.S01.E02.720p.HDTV', { title: 'Show Name', seasons: [1], episodes: [2] }],
  ['Show Name S01 E02 720p', { title: 'Show Name', seasons: [1], episodes: [2] }],
  ['The Office - S06xE01.avi', { title: 'The Office', seasons: [6], episodes: [1] }],
  ['Show.Name.S10E100.1080p.WEB', { seasons: [10], episodes: [100] }],
  ['Show.Name.S2024E05.1080p.WEB', { seasons: [2024], episodes: [5] }],
  ['Show.Name.s01ep05.720p', { seasons: [1], episodes: [5] }],
  ['Show Name Season 2 Episode 5 1080p', { title: 'Show Name', seasons: [2], episodes: [5] }],
  ['Show.Name.3x12.HDTV.XviD-LOL', { seasons: [3], episodes: [12] }],
  ['Show.Name.10x01.720p', { seasons: [10], episodes: [1] }],
  ['Show.Name.101.HDTV.XviD-LOL', { title: 'Show Name', seasons: [1], episodes: [1] }],
  ['Show.Name.1013.HDTV.x264-LOL', { title: 'Show Name', seasons: [10], episodes: [13] }],
  ['Show.Name.212.720p.HDTV', { seasons: [2], episodes: [12] }],
  ['Show.Name.S01E05.1920x1080.WEB', { seasons: [1], episodes: [5], quality: { resolution: 1080 } }],
  [
    'Show Name (2019) - S01E01 - Pilot [WEBDL-1080p].mkv',
    { title: 'Show Name', year: 2019, seasons: [1], episodes: [1] },
  ],
  [
    'Doctor.Who.2005.S13E01.1080p.WEB.h264',
    { title: 'Doctor Who', year: 2005, seasons: [13], episodes: [1] },
  ],
  ['The.Office.US.S05E10.720p.HDTV', { title: 'The Office US', seasons: [5], episodes: [10] }],
  ['Show.Name.S01E01.720p.HDTV.x264', { kind: 'episode', fullSeason: false, special: false }],
  [
    'Series/Californication/Season 2/Californication.2x05.Vaginatown.HDTV.XviD-0TV.avi',
    { title: 'Californication', seasons: [2], episodes: [5], extension: 'avi' },
  ],
]);

table('TV: multi-episode', [
  ['Show.Name.S01E01E02.720p.HDTV', { seasons: [1], episodes: [1, 2] }],
  ['Show.Name.S01E01E02E03.720p', { seasons: [1], episodes: [1, 2, 3] }],
  ['Show.Name.S01E01-E03.720p', { seasons: [1], episodes: [1, 2, 3] }],
  ['Show.Name.S01E01-03.720p', { seasons: [1], episodes: [1, 2, 3] }],
  ['Show Name S01E01 - E02 720p', { seasons: [1], episodes: [1, 2] }],
  ['Show.Name.S01E01.S01E02.720p', { seasons: [1], episodes: [1, 2] }],
  ['Show.Name.S01E01-S01E04.720p', { seasons: [1], episodes: [1, 2, 3, 4] }],
  ['Show.Name.1x01x02.HDTV', { seasons: [1], episodes: [1, 2] }],
  ['Show.Name.1x01-1x03.HDTV', { seasons: [1], episodes: [1, 2, 3] }],
  ['Show.Name.1x01-03.HDTV', { seasons: [1], episodes: [1, 2, 3] }],
  ['Show.Name.S02E05E06.1080p.WEB-DL', { seasons: [2], episodes: [5, 6] }],
  ['Show.Name.S01E10-E12.1080p', { episodes: [10, 11, 12] }],
  ['Show.Name.S01E05-1080p.WEB', { seasons: [1], episodes: [5], quality: { resolution: 1080 } }],
  ['Show.Name.S03E01+E02.720p', { seasons: [3], episodes: [1, 2] }],
]);

table('TV: season packs', [
  [
    'Show.Name.S01.1080p.BluRay.x264-GRP',
    { title: 'Show Name', seasons: [1], episodes: [], fullSeason: true },
  ],
  ['Show Name Season 1 1080p', { title: 'Show Name', seasons: [1], fullSeason: true }],
  ['Show.Name.Season.02.720p.HDTV', { seasons: [2], fullSeason: true }],
  [
    'Show Name Saison 3 FRENCH 720p',
    { title: 'Show Name', seasons: [3], fullSeason: true, languages: ['fr'] },
  ],
  ['Show.Name.Staffel.4.German.DL.1080p', { seasons: [4], fullSeason: true }],
  ['Show.Name.S01.COMPLETE.1080p.WEB', { seasons: [1], fullSeason: true }],
  ['Show.Name.S01.Part.2.1080p.NF.WEB-DL', { seasons: [1], seasonPart: 2, fullSeason: true }],
  ['Show Name S01 Part 2 1080p', { seasons: [1], seasonPart: 2 }],
  ['Show.Name.S01-S03.1080p.BluRay', { seasons: [1, 2, 3], multiSeason: true, fullSeason: true }],
  ['Show.Name.S01-03.720p', { seasons: [1, 2, 3], multiSeason: true }],
  ['Show Name Seasons 1-3 1080p', { title: 'Show Name', seasons: [1, 2, 3], multiSeason: true }],
  ['Show Name Season 1-5 720p', { seasons: [1, 2, 3, 4, 5], multiSeason: true }],
  ['Show.Name.S01.S02.S03.720p', { seasons: [1, 2, 3], multiSeason: true }],
  [
    'Show.Name.S05.1080p.AMZN.WEB-DL.DDP5.1.H.264-NTb',
    { seasons: [5], fullSeason: true, streamingService: 'Amazon' },
  ],
  ['Show.Name.S01.Special.720p.HDTV', { seasons: [1], special: true }],
]);

table('TV: specials and mini-series', [
  ['Show.Name.S00E05.720p.HDTV', { seasons: [0], episodes: [5], special: true }],
  ['Show.Name.Special.720p.HDTV.x264', { title: 'Show Name', special: true }],
  ['Show.Name.Part.1.of.6.720p.HDTV', { title: 'Show Name', seasons: [1], episodes: [1] }],
  ['Show Name Part 3 of 6 1080p', { seasons: [1], episodes: [3] }],
  ['Show.Name.2of6.720p.HDTV', { seasons: [1], episodes: [2] }],
  ['Show.Name.Part.Two.720p.HDTV', { seasons: [1], episodes: [2] }],
  ['Show.Name.Pt.4.720p.HDTV', { seasons: [1], episodes: [4] }],
]);

table('TV: daily shows', [
  ['The.Daily.Show.2024.03.15.Guest.720p.WEB.h264-EDITH', { title: 'The Daily Show', airDate: '2024-03-15' }],
  ['The Daily Show 2024-03-15 1080p', { airDate: '2024-03-15' }],
  ['Show.Name.15.03.2024.720p.HDTV', { airDate: '2024-03-15' }],
  ['Show.Name.03.15.2024.720p.HDTV', { airDate: '2024-03-15' }],
  ['Show.Name.04.03.2024.720p.HDTV', { airDate: '2024-04-03' }],
  ['Show Name 2023 12 31 720p', { airDate: '2023-12-31' }],
  ['Show.Name.2024.02.29.720p', { airDate: '2024-02-29' }],
  ['Show.Name.2023.02.29.720p', { airDate: null }],
  ['Conan.2010.11.15.Jack.Black.720p.HDTV.x264-CROOKS', { title: 'Conan', airDate: '2010-11-15' }],
  ['WWE.Raw.2024.01.08.720p.WEB.h264-HEEL', { title: 'WWE Raw', airDate: '2024-01-08', kind: 'episode' }],
]);

table('Anime', [
  [
    '[SubsPlease] Jujutsu Kaisen - 24 (1080p) [ABCD1234].mkv',
    { title: 'Jujutsu Kaisen', absoluteEpisodes: [24], releaseGroup: 'SubsPlease', releaseHash: 'ABCD1234' },
  ],
  [
    '[HorribleSubs] One Piece - 1013 [720p].mkv',
    { title: 'One Piece', absoluteEpisodes: [1013], releaseGroup: 'HorribleSubs' },
  ],
  [
    '[Erai-raws] Title - 05v2 [1080p].mkv',
    {
      absoluteEpisodes: [5],
      quality: { revision: { version: 2, real: 0, repack: false } },
      releaseGroup: 'Erai-raws',
    },
  ],
  [
    'Title - 123v2 [1080p]',
    {
      title: 'Title',
      absoluteEpisodes: [123],
      quality: { revision: { version: 2, real: 0, repack: false } },
    },
  ],
  ['[Judas] Title - 01-12 [1080p][Batch]', { absoluteEpisodes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }],
  [
    '[Group] Title (01-24) [1080p]',
    { title: 'Title', absoluteEpisodes: Array.from({ length: 24 }, (_, i) => i + 1) },
  ],
  ['[Group] Title - 01 ~ 12 [720p]', { absoluteEpisodes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }],
  ['[Group] Title - S02E05 - 30 [1080p]', { seasons: [2], episodes: [5], absoluteEpisodes: [30] }],
  ['[Group] Title - 30 (S02E05) [1080p]', { seasons: [2], episodes: [5], absoluteEpisodes: [30] }],
  ['Title.S02E05.1080p.WEB.x264-GRP', { seasons: [2], episodes: [5], absoluteEpisodes: [] }],
  [
    '[SubDESU] High School DxD 07 (1280x720 x264-AAC) [6B7FD717]',
    {
      title: 'High School DxD',
      absoluteEpisodes: [7],
      releaseHash: '6B7FD717',
      quality: { resolution: 720 },
    },
  ],
  ['[Group]_Title_-_05_[720p]', { title: 'Title', absoluteEpisodes: [5] }],
  ['[Group] Title Episode 12 [1080p]', { title: 'Title', absoluteEpisodes: [12] }],
  ['[Group] Title Ep.03 [1080p]', { absoluteEpisodes: [3] }],
  ['[Group] 進撃の巨人 第05話 [1080p]', { title: '進撃の巨人', absoluteEpisodes: [5] }],
  [
    '[ANi] 我推的孩子 - 05 [1080P][Baha][WEB-DL][AAC AVC][CHT].mp4',
    { title: '我推的孩子', absoluteEpisodes: [5], quality: { name: 'WEBDL-1080p' }, languages: ['zh'] },
  ],
  [
    '[喵萌奶茶屋&LoliHouse] 葬送的芙莉莲 / Sousou no Frieren - 05 [WebRip 1080p HEVC-10bit AAC]',
    {
      title: '葬送的芙莉莲',
      alternativeTitles: ['Sousou no Frieren'],
      absoluteEpisodes: [5],
      quality: { name: 'WEBRip-1080p' },
    },
  ],
  [
    '[字幕组][某科学的超电磁炮][05][1080P]',
    { title: '某科学的超电磁炮', absoluteEpisodes: [5], releaseGroup: '字幕组' },
  ],
  [
    '【喵萌奶茶屋】[测试动画][12][1080p]',
    { title: '测试动画', absoluteEpisodes: [12], releaseGroup: '喵萌奶茶屋' },
  ],
  ['[Group] Mob Psycho 100 - 03 [1080p]', { title: 'Mob Psycho 100', absoluteEpisodes: [3] }],
  ['[Group] 86 - 05 [1080p]', { title: '86', absoluteEpisodes: [5] }],
  ['[Group] Title - 05 END [1080p]', { absoluteEpisodes: [5] }],
  ['[Group] Title - 1000 [1080p]', { absoluteEpisodes: [1000] }],
  ['[Group] Title - 05 [1080p][Multiple Subtitle]', { releaseGroup: 'Group', languages: ['en'] }],
  ['[Group] Title - 05 [1080p].mkv', { extension: 'mkv', quality: { name: 'HDTV-1080p' } }],
]);

table('Titles with numbers or years', [
  ['24.S01E01.720p.HDTV', { title: '24', seasons: [1], episodes: [1] }],
  ['1923.S01E01.1080p.WEB.h264', { title: '1923', year: null, seasons: [1], episodes: [1] }],
  ['The.100.S01E01.720p.HDTV', { title: 'The 100', seasons: [1], episodes: [1] }],
  ['The.100.210.HDTV.x264-LOL', { title: 'The 100', seasons: [2], episodes: [10] }],
  ['9-1-1.S05E03.720p.HDTV.x264-SVA', { title: '9-1-1', seasons: [5], episodes: [3], releaseGroup: 'SVA' }],
  ['9-1-1.Lone.Star.S01E01.720p', { title: '9-1-1 Lone Star' }],
  ['11.22.63.S01E01.720p.HDTV', { title: '11 22 63', seasons: [1], episodes: [1] }],
  ['S.W.A.T.2017.S01E01.720p.HDTV', { title: 'S.W.A.T.', year: 2017, seasons: [1], episodes: [1] }],
  ['Room.104.S01E01.720p', { title: 'Room 104', seasons: [1], episodes: [1] }],
  ['This.Is.Us.S01E01.720p', { title: 'This Is Us' }],
  ['Station.19.S01E01.720p', { title: 'Station 19' }],
  ['The.4400.S01E01.720p', { title: 'The 4400' }],
  ['1883.S01E01.1080p', { title: '1883', year: null }],
]);

table('Movies: title and year', [
  ['The.Matrix.1999.1080p.BluRay.x264-GRP', { title: 'The Matrix', year: 1999, kind: 'movie' }],
  ['The Matrix (1999) 1080p BluRay', { title: 'The Matrix', year: 1999 }],
  ['The Matrix [1999] [1080p]', { title: 'The Matrix', year: 1999 }],
  ['1917.2019.1080p.BluRay.x264-SPARKS', { title: '1917', year: 2019 }],
  ['1917.1080p.BluRay.x264-SPARKS', { title: '1917', year: null }],
  ['2001.A.Space.Odyssey.1968.1080p', { title: '2001 A Space Odyssey', year: 1968 }],
  ['2012.2009.720p.BluRay', { title: '2012', year: 2009 }],
  ['Blade.Runner.2049.2017.1080p', { title: 'Blade Runner 2049', year: 2017 }],
  ['Wonder.Woman.1984.2020.1080p.WEB', { title: 'Wonder Woman 1984', year: 2020 }],
  ['V.H.S.2.2013.1080p.BluRay', { title: 'V.H.S. 2', year: 2013 }],
  ['Mr. & Mrs. Smith (2005) 1080p', { title: 'Mr. & Mrs. Smith', year: 2005 }],
  [
    'Star Wars: Episode IV - A New Hope (1977) 1080p',
    { title: 'Star Wars: Episode IV - A New Hope', year: 1977 },
  ],
  ['Amélie.2001.1080p.BluRay', { title: 'Amélie', year: 2001, cleanTitle: 'amelie' }],
  ['Spider-Man.No.Way.Home.2021.1080p.WEB-DL', { title: 'Spider-Man No Way Home', year: 2021 }],
  [
    'Movie.Title.AKA.Other.Title.2010.1080p',
    { title: 'Movie Title', alternativeTitles: ['Other Title'], year: 2010 },
  ],
  ['Le Fabuleux Destin AKA Amelie 2001 720p', { title: 'Le Fabuleux Destin', alternativeTitles: ['Amelie'] }],
  [
    'Harry.Potter.and.the.Deathly.Hallows.Part.1.2010.1080p',
    { title: 'Harry Potter and the Deathly Hallows Part 1', year: 2010, kind: 'movie', seasons: [] },
  ],
  ['Dune.Part.Two.2024.2160p.WEB-DL', { title: 'Dune Part Two', year: 2024, kind: 'movie' }],
  ['Movie.Title.2019', { title: 'Movie Title', year: 2019 }],
  ['Movie Title', { title: 'Movie Title', year: null, kind: 'movie' }],
  ['Movie (2019) {imdb-tt1234567}', { title: 'Movie', year: 2019, imdbId: 'tt1234567' }],
  ['Movie (2019) [tmdbid-550] 1080p', { title: 'Movie', year: 2019, tmdbId: 550 }],
  ['Movie.2019.1080p.BluRay.x264.tt0137523', { imdbId: 'tt0137523' }],
  ['Movie Title 2019 1080p WEB-DL {tvdb-12345}', { tvdbId: 12345 }],
  ['Simpsons, The 1990 720p', { title: 'The Simpsons' }],
  ['www.Torrenting.com - Movie.Title.2019.1080p.WEB', { title: 'Movie Title', year: 2019 }],
  ['[ www.Speed.cd ] - Movie.Title.2019.720p', { title: 'Movie Title', year: 2019 }],
  [
    'Movie.Title.2019.720p.BluRay.x264-[YTS.AM].mp4',
    { title: 'Movie Title', releaseGroup: 'YTS.AM', extension: 'mp4' },
  ],
  ['Movie.Title.1990s.2019.720p', { year: 2019 }],
]);

table('Movies: editions and subtitles', [
  ["Movie.2019.Director's.Cut.1080p.BluRay", { title: 'Movie', edition: "Director's Cut" }],
  ['Movie.2019.Directors.Cut.1080p.BluRay', { edition: "Director's Cut" }],
  ['Movie.Directors.Cut.2019.1080p.BluRay', { title: 'Movie', edition: "Director's Cut", year: 2019 }],
  ['Movie.2019.EXTENDED.1080p.BluRay', { edition: 'Extended' }],
  ['Movie.2019.Extended.Cut.1080p.BluRay', { edition: 'Extended' }],
  ['Movie.2019.UNRATED.720p.BluRay', { edition: 'Unrated' }],
  ['Movie.2019.Theatrical.Cut.1080p', { edition: 'Theatrical' }],
  ['Movie.2019.REMASTERED.1080p.BluRay', { edition: 'Remastered' }],
  ['Movie.2019.IMAX.2160p.WEB-DL', { edition: 'IMAX' }],
  ['Movie.2019.IMAX.Enhanced.2160p.WEB-DL', { edition: 'IMAX' }],
  ['Movie.2019.Criterion.Collection.1080p.BluRay', { edition: 'Criterion' }],
  ['Movie.2019.Final.Cut.1080p.BluRay', { edition: 'Final Cut' }],
  ['Movie.2019.Extended.Cut.REMASTERED.2160p', { edition: 'Extended Remastered' }],
  ['Movie.2019.Ultimate.Edition.1080p', { edition: 'Ultimate' }],
  ['Movie.2019.Open.Matte.1080p', { edition: 'Open Matte' }],
  ['Movie.2019.Uncut.1080p', { edition: 'Uncut' }],
  ['Movie.2019.1080p.BluRay', { edition: null }],
  ['The.Extended.Family.2019.1080p', { title: 'The Extended Family', edition: null }],
  ['Movie.2018.HC.HDRip.XviD-EVO', { hardcodedSubs: 'HC' }],
  ['Movie.2019.KORSUB.720p.HDRip', { hardcodedSubs: 'KORSUB' }],
  ['Movie.2019.HC.1080p.WEB-DL', { hardcodedSubs: 'HC' }],
  ['Movie.2019.1080p.WEB-DL', { hardcodedSubs: null }],
]);

const qualityRows: [string, string, string, number | null][] = [
  // name, quality name, source, resolution
  ['Show.S01E01.HDTV.XviD-LOL', 'SDTV', 'tv', null],
  ['Show.S01E01.PDTV.x264', 'SDTV', 'tv', null],
  ['Show.S01E01.DSR.XviD', 'SDTV', 'tv', null],
  ['Show.S01E01.TVRip.x264', 'SDTV', 'tv', null],
  ['Show.S01E01.480p.HDTV.x264', 'SDTV', 'tv', 480],
  ['Show.S01E01.720p.HDTV.x264', 'HDTV-720p', 'tv', 720],
  ['Show.S01E01.1080p.HDTV.x264', 'HDTV-1080p', 'tv', 1080],
  ['Show.S01E01.1080i.HDTV.DD5.1.MPEG2', 'Raw-HD', 'tv', 1080],
  ['Show.S01E01.2160p.HDTV.x265', 'HDTV-2160p', 'tv', 2160],
  ['Show.S01E01.RawHD.x264', 'Raw-HD', 'tv', 1080],
  ['Show.S01E01.480p.WEB-DL.x264', 'WEBDL-480p', 'webdl', 480],
  ['Show.S01E01.WEB-DL.x264', 'WEBDL-480p', 'webdl', null],
  ['Show.S01E01.720p.WEB-DL.DD5.1.H.264', 'WEBDL-720p', 'webdl', 720],
  ['Show.S01E01.1080p.WEB-DL.DD5.1.H.264', 'WEBDL-1080p', 'webdl', 1080],
  ['Show.S01E01.1080p.WEB.H264-GGEZ', 'WEBDL-1080p', 'webdl', 1080],
  ['Show S01E01 1080p WEB DL', 'WEBDL-1080p', 'webdl', 1080],
  ['Show.S01E01.1080p.WEBDL', 'WEBDL-1080p', 'webdl', 1080],
  ['Show.S01E01.2160p.WEB-DL.DDP5.1.HDR.HEVC', 'WEBDL-2160p', 'webdl', 2160],
  ['Show.S01E01.4K.WEB-DL', 'WEBDL-2160p', 'webdl', 2160],
  ['Show.S01E01.UHD.WEB-DL', 'WEBDL-2160p', 'webdl', 2160],
  ['Show.S01E01.480p.WEBRip.x264', 'WEBRip-480p', 'webrip', 480],
  ['Show.S01E01.720p.WEBRip.x264', 'WEBRip-720p', 'webrip', 720],
  ['Show.S01E01.1080p.WEBRip.x264', 'WEBRip-1080p', 'webrip', 1080],
  ['Show.S01E01.1080p.WEB-Rip.x264', 'WEBRip-1080p', 'webrip', 1080],
  ['Show.S01E01.2160p.WEBRip.x265', 'WEBRip-2160p', 'webrip', 2160],
  ['Show.S01E01.1080p.AMZN.WEBRip.DDP5.1.x264', 'WEBRip-1080p', 'webrip', 1080],
  ['Show.S01E01.1080p.NF.x264', 'WEBDL-1080p', 'webdl', 1080],
  ['Show.S01E01.DVDRip.XviD', 'DVD', 'dvd', null],
  ['Show.S01E01.DVD.x264', 'DVD', 'dvd', null],
  ['Show.S01E01.480p.BluRay.x264', 'Bluray-480p', 'bluray', 480],
  ['Show.S01E01.576p.BluRay.x264', 'Bluray-576p', 'bluray', 576],
  ['Show.S01E01.720p.BluRay.x264', 'Bluray-720p', 'bluray', 720],
  ['Show.S01E01.1080p.BluRay.x264', 'Bluray-1080p', 'bluray', 1080],
  ['Show.S01E01.1080p.Blu-ray.x264', 'Bluray-1080p', 'bluray', 1080],
  ['Show.S01E01.1080p.BDRip.x264', 'Bluray-1080p', 'bluray', 1080],
  ['Show.S01E01.720p.BRRip.x264', 'Bluray-720p', 'bluray', 720],
  ['Show.S01E01.2160p.UHD.BluRay.x265', 'Bluray-2160p', 'bluray', 2160],
  ['Show.S01E01.BDRip.XviD', 'Bluray-480p', 'bluray', null],
  ['Show.S01E01.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1', 'Bluray-1080p Remux', 'bluray', 1080],
  ['Show.S01E01.2160p.BluRay.REMUX.HEVC.TrueHD', 'Bluray-2160p Remux', 'bluray', 2160],
  ['Show.S01E01.1080p.BDRemux', 'Bluray-1080p Remux', 'bluray', 1080],
  ['Movie.2019.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP', 'Remux-1080p', 'bluray', 1080],
  ['Movie.2019.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos-GRP', 'Remux-2160p', 'bluray', 2160],
  ['Movie.2019.1080p.BluRay.x264-GRP', 'Bluray-1080p', 'bluray', 1080],
  ['Movie.2019.COMPLETE.BLURAY-GRP', 'BR-DISK', 'bluray', null],
  ['Movie.2019.1080p.BluRay.AVC.DTS-HD.MA.5.1-GRP', 'BR-DISK', 'bluray', 1080],
  ['Movie.2019.BD50.1080p', 'BR-DISK', 'bluray', 1080],
  ['Movie.2019.2160p.UHD.BluRay.HEVC.TrueHD.Atmos-GRP', 'BR-DISK', 'bluray', 2160],
  ['Movie.2019.DVD9.NTSC-GRP', 'DVD-R', 'dvd', null],
  ['Movie.2019.DVDR-GRP', 'DVD-R', 'dvd', null],
  ['Movie.2019.CAM.x264-GRP', 'CAM', 'cam', null],
  ['Movie.2019.HDCAM.x264-GRP', 'CAM', 'cam', null],
  ['Movie 2019 1080p HDCAM-C1NEM4', 'CAM', 'cam', 1080],
  ['Movie.2019.TS.x264-GRP', 'TELESYNC', 'telesync', null],
  ['Movie.2019.HDTS.x264-GRP', 'TELESYNC', 'telesync', null],
  ['Movie.2019.TELESYNC.XviD-GRP', 'TELESYNC', 'telesync', null],
  ['Movie.2019.TC.XviD-GRP', 'TELECINE', 'telecine', null],
  ['Movie.2019.TELECINE.XviD-GRP', 'TELECINE', 'telecine', null],
  ['Movie.2019.WORKPRINT.XviD-GRP', 'WORKPRINT', 'workprint', null],
  ['Movie.2019.DVDSCR.XviD-GRP', 'DVDSCR', 'dvd', null],
  ['Movie.2019.SCREENER.XviD-GRP', 'DVDSCR', 'dvd', null],
  ['Movie.2019.R5.XviD-GRP', 'REGIONAL', 'dvd', null],
  ['Movie.2019.1080p.WEB-DL.DDP5.1.H264', 'WEBDL-1080p', 'webdl', 1080],
  ['Movie.2019.720p', 'HDTV-720p', 'tv', 720],
  ['Movie.2019.x264-GRP', 'SDTV', 'tv', null],
  ['Movie.2019', 'Unknown', 'unknown', null],
  ['Movie 2019 HDRip XviD', 'SDTV', 'tv', null],
  ['[Group] Title - 05 [1080p]', 'HDTV-1080p', 'tv', 1080],
];

describe('Quality', () => {
  it.each(qualityRows)('%s → %s', (name, qualityName, source, resolution) => {
    expect(parseQuality(name)).toMatchObject({ name: qualityName, source, resolution });
  });
});

table('Quality: modifiers and revisions', [
  [
    'Show.S01E01.720p.HDTV.x264-GRP',
    { quality: { modifier: null, revision: { version: 1, real: 0, repack: false } } },
  ],
  [
    'Show.S01E01.PROPER.720p.HDTV.x264-GRP',
    { quality: { revision: { version: 2, real: 0, repack: false } } },
  ],
  ['Show.S01E01.REPACK.720p.HDTV.x264-GRP', { quality: { revision: { version: 2, real: 0, repack: true } } }],
  ['Show.S01E01.RERIP.720p.HDTV.x264-GRP', { quality: { revision: { version: 2, real: 0, repack: true } } }],
  [
    'Show.S01E01.REPACK2.720p.HDTV.x264-GRP',
    { quality: { revision: { version: 3, real: 0, repack: true } } },
  ],
  [
    'Show.S01E01.REAL.PROPER.720p.HDTV.x264-GRP',
    { quality: { revision: { version: 2, real: 1, repack: false } } },
  ],
  [
    'Show.S01E01.REAL.REAL.PROPER.720p.HDTV',
    { quality: { revision: { version: 2, real: 2, repack: false } } },
  ],
  [
    'The.Real.Housewives.S01E01.720p.HDTV',
    { title: 'The Real Housewives', quality: { revision: { version: 1, real: 0, repack: false } } },
  ],
  [
    'Proper.Show.S01E01.720p.HDTV',
    { title: 'Proper Show', quality: { revision: { version: 1, real: 0, repack: false } } },
  ],
  ['[Group] Title - 05v3 [1080p]', { quality: { revision: { version: 3, real: 0, repack: false } } }],
  ['Movie.2019.1080p.BluRay.REMUX.AVC-GRP', { quality: { modifier: 'remux' } }],
  ['Movie.2019.COMPLETE.BLURAY-GRP', { quality: { modifier: 'brdisk' } }],
  ['Movie.2019.DVDSCR.XviD-GRP', { quality: { modifier: 'screener' } }],
]);

table('Languages', [
  ['Show.S01E01.720p.HDTV.x264-GRP', { languages: ['en'] }],
  ['Show.S01E01.GERMAN.720p.HDTV.x264-GRP', { languages: ['de'] }],
  ['Movie.2019.German.DL.1080p.BluRay.x264-GRP', { languages: ['de', 'mul'] }],
  ['Movie.2019.German.DL.1080p.BluRay.x264-GRP', { title: 'Movie', releaseGroup: 'GRP' }],
  ['Movie.2019.MULTi.1080p.WEB.H264-FW', { languages: ['mul'] }],
  ['Movie.2019.MULTi.VFF.1080p.WEB', { languages: ['mul', 'fr'] }],
  ['Movie.2019.FRENCH.1080p.WEB.H264-FW', { languages: ['fr'] }],
  ['Movie.2019.TRUEFRENCH.1080p.BluRay', { languages: ['fr'] }],
  ['Show.S01E01.VOSTFR.720p.WEB', { languages: ['fr'] }],
  ['Show.S01E01.iTALiAN.720p.HDTV.x264-NovaRip', { languages: ['it'] }],
  ['Show.S01E01.ITA.ENG.1080p.WEB', { languages: ['it', 'en'] }],
  ['Movie.2019.SPANISH.1080p.WEB', { languages: ['es'] }],
  ['Movie.2019.LATINO.1080p.WEB', { languages: ['es'] }],
  ['Movie.2019.Castellano.1080p.BluRay', { languages: ['es'] }],
  ['Movie.2019.Hindi.720p.WEB-DL', { languages: ['hi'] }],
  ['Movie.2019.Japanese.1080p.BluRay', { languages: ['ja'] }],
  ['Movie.2019.KOREAN.1080p.WEB', { languages: ['ko'] }],
  ['Movie.2019.Russian.1080p.WEB', { languages: ['ru'] }],
  ['Movie.2019.DUTCH.1080p.WEB', { languages: ['nl'] }],
  ['Movie.2019.PLDUB.1080p.WEB', { languages: ['pl'] }],
  ['Movie.2019.NORDiC.1080p.WEB', { languages: ['no'] }],
  ['Movie.2019.Dual.Audio.1080p.BluRay', { languages: ['mul'] }],
  ['The.German.2006.1080p.BluRay', { title: 'The German', languages: ['en'] }],
  ['French.Kiss.1995.1080p.BluRay', { title: 'French Kiss', languages: ['en'] }],
  ['It.2017.1080p.BluRay.x264', { title: 'It', languages: ['en'] }],
  ['Movie.2019.FR.1080p.WEB', { languages: ['fr'] }],
]);

table('Release group and hash', [
  ['Show.S01E01.720p.HDTV.x264-KILLERS', { releaseGroup: 'KILLERS' }],
  ['Show.S01E01.720p.HDTV.x264-KILLERS[rarbg]', { releaseGroup: 'KILLERS' }],
  ['Show.S01E01.720p.HDTV.x264-KILLERS[eztv].mkv', { releaseGroup: 'KILLERS', extension: 'mkv' }],
  ['Show.S01E01.720p.HDTV.x264-KILLERS.mkv', { releaseGroup: 'KILLERS' }],
  ['Show.S01E01.1080p.WEB-DL', { releaseGroup: null }],
  ['Show.S01E01.1080p.WEB-DL-NTb', { releaseGroup: 'NTb' }],
  ['Show.S01E01.1080p.WEB-DL.DDP5.1.H.264-NTb-postbot', { releaseGroup: 'NTb' }],
  ['Show.S01E01.1080p.WEB-DL.DDP5.1.H.264-NTb-Obfuscated', { releaseGroup: 'NTb' }],
  ['Show.S01E01.1080p.WEB-DL.DDP5.1.H.264-NTb-xpost', { releaseGroup: 'NTb' }],
  ['Show.S01E01.REPACK.720p.HDTV.x264', { releaseGroup: null }],
  ['Show.S01E01.720p.HDTV.x264-REPACK', { releaseGroup: null }],
  ['Show.S01E01.720p.HDTV.x264-GERMAN', { releaseGroup: null }],
  ['Show - S01E01 - Episode Title', { releaseGroup: null }],
  ['Show - S01E01 - Episode-Title', { releaseGroup: null, title: 'Show' }],
  ['Movie.2019.1080p.BluRay.x264-D-Z0N3', { releaseGroup: 'D-Z0N3' }],
  ['Movie.2019.1080p.BluRay.x264-VH-PROD', { releaseGroup: 'VH-PROD' }],
  [
    'Movie (2019) (1080p BluRay x265 10bit AAC 5.1 Tigole)',
    { releaseGroup: 'Tigole', title: 'Movie', year: 2019 },
  ],
  ['Movie.2019.1080p.BluRay.x264-[YTS.MX]', { releaseGroup: 'YTS.MX' }],
  ['[SubsPlease] Title - 01 (1080p) [ABCD1234].mkv', { releaseGroup: 'SubsPlease', releaseHash: 'ABCD1234' }],
  ['[Group] Title - 01 [1080p][20190101]', { releaseHash: null }],
  ['Title - 01 [1080p][0A1B2C3D]', { releaseHash: '0A1B2C3D' }],
  ['Spider-Man', { title: 'Spider-Man', releaseGroup: null }],
  ['Spider-Man.2002.1080p', { title: 'Spider-Man', releaseGroup: null }],
  ['Movie.2019.1080p.WEB.H264-GRP.mkv', { releaseGroup: 'GRP' }],
  ['Movie.2019.1080p.WEB.H264-GRP.Sample.mkv', { releaseGroup: 'GRP' }],
  ['Show.S01E01.1080p.WEB.h264-ETHEL[TGx]', { releaseGroup: 'ETHEL' }],
  ['Show.S01E01.1080p.WEB.h264-ETHEL-Rakuv', { releaseGroup: 'ETHEL' }],
]);

table('Codecs, audio, HDR and services', [
  ['Movie.2019.1080p.BluRay.x264', { videoCodec: 'h264' }],
  ['Movie.2019.1080p.BluRay.H.264', { videoCodec: 'h264' }],
  ['Movie.2019.1080p.BluRay.AVC', { videoCodec: 'h264' }],
  ['Movie.2019.1080p.BluRay.x265', { videoCodec: 'h265' }],
  ['Movie.2019.1080p.BluRay.HEVC', { videoCodec: 'h265' }],
  ['Movie.2019.1080p.WEB.H.265', { videoCodec: 'h265' }],
  ['Movie.2019.DVDRip.XviD', { videoCodec: 'xvid' }],
  ['Movie.2019.DVDRip.DivX', { videoCodec: 'divx' }],
  ['Movie.2019.1080p.WEB.AV1', { videoCodec: 'av1' }],
  ['Movie.2019.1080p.WEB.VP9', { videoCodec: 'vp9' }],
  ['Movie.2019.1080p.BluRay.DD5.1.x264', { audioCodec: 'AC3', audioChannels: '5.1' }],
  ['Movie.2019.1080p.WEB.DDP5.1.x264', { audioCodec: 'EAC3', audioChannels: '5.1' }],
  ['Movie.2019.1080p.WEB.DD+5.1.x264', { audioCodec: 'EAC3', audioChannels: '5.1' }],
  ['Movie.2019.1080p.WEB.EAC3.5.1.x264', { audioCodec: 'EAC3', audioChannels: '5.1' }],
  ['Movie.2019.1080p.WEB.E-AC-3.2.0', { audioCodec: 'EAC3', audioChannels: '2.0' }],
  ['Movie.2019.1080p.WEB.AAC2.0.x264', { audioCodec: 'AAC', audioChannels: '2.0' }],
  ['Movie.2019.1080p.WEB.AAC.x264', { audioCodec: 'AAC', audioChannels: null }],
  ['Movie.2019.1080p.BluRay.DTS.x264', { audioCodec: 'DTS' }],
  ['Movie.2019.1080p.BluRay.DTS-HD.MA.7.1.x264', { audioCodec: 'DTS-HD MA', audioChannels: '7.1' }],
  ['Movie.2019.1080p.BluRay.DTS-X.7.1', { audioCodec: 'DTS-X', audioChannels: '7.1' }],
  ['Movie.2019.2160p.BluRay.TrueHD.Atmos.7.1', { audioCodec: 'TrueHD Atmos', audioChannels: '7.1' }],
  ['Movie.2019.2160p.WEB.DDP5.1.Atmos', { audioCodec: 'EAC3 Atmos', audioChannels: '5.1' }],
  ['Movie.2019.1080p.BluRay.FLAC.2.0', { audioCodec: 'FLAC', audioChannels: '2.0' }],
  ['Movie.2019.1080p.BluRay.6CH.x264', { audioChannels: '5.1' }],
  ['Movie.2019.2160p.WEB.HDR.HEVC', { hdr: ['HDR'] }],
  ['Movie.2019.2160p.WEB.HDR10.HEVC', { hdr: ['HDR10'] }],
  ['Movie.2019.2160p.WEB.HDR10+.HEVC', { hdr: ['HDR10+'] }],
  ['Movie.2019.2160p.WEB.HDR10Plus.HEVC', { hdr: ['HDR10+'] }],
  ['Movie.2019.2160p.WEB.DV.HDR.HEVC', { hdr: ['DV', 'HDR'] }],
  ['Movie.2019.2160p.WEB.DoVi.HEVC', { hdr: ['DV'] }],
  ['Movie.2019.2160p.WEB.Dolby.Vision.HEVC', { hdr: ['DV'] }],
  ['Movie.2019.2160p.BluRay.HLG.HEVC', { hdr: ['HLG'] }],
  ['Movie.2019.1080p.WEB.x264', { hdr: [] }],
  ['Show.S01E01.1080p.AMZN.WEB-DL', { streamingService: 'Amazon' }],
  ['Show.S01E01.1080p.NF.WEB-DL', { streamingService: 'Netflix' }],
  ['Show.S01E01.1080p.DSNP.WEB-DL', { streamingService: 'Disney+' }],
  ['Show.S01E01.1080p.HMAX.WEB-DL', { streamingService: 'HBO Max' }],
  ['Show.S01E01.1080p.ATVP.WEB-DL', { streamingService: 'Apple TV+' }],
  ['Show.S01E01.1080p.HULU.WEB-DL', { streamingService: 'Hulu' }],
  ['Show.S01E01.1080p.PCOK.WEB-DL', { streamingService: 'Peacock' }],
  ['Show.S01E01.1080p.PMTP.WEB-DL', { streamingService: 'Paramount+' }],
  ['Show.S01E01.1080p.iT.WEB-DL', { streamingService: 'iTunes' }],
  ['Show.S01E01.1080p.CR.WEB-DL', { streamingService: 'Crunchyroll' }],
  ['It.2017.1080p.WEB-DL', { streamingService: null, title: 'It' }],
  ['Red.2010.1080p.BluRay', { streamingService: null, title: 'Red' }],
]);

table('Files and paths', [
  [
    'Show.S01.1080p.WEB-DL-GRP/Show.S01E02.mkv',
    {
      title: 'Show',
      seasons: [1],
      episodes: [2],
      quality: { name: 'WEBDL-1080p' },
      releaseGroup: 'GRP',
      extension: 'mkv',
    },
  ],
  [
    'Movie.2019.1080p.BluRay.x264-GRP/abc123def.mkv',
    { title: 'Movie', year: 2019, quality: { name: 'Bluray-1080p' }, releaseGroup: 'GRP', extension: 'mkv' },
  ],
  ['/data/downloads/Show.S01E05.720p.HDTV.x264-GRP.mkv', { title: 'Show', seasons: [1], episodes: [5] }],
  [
    'C:\\Downloads\\Show.S01E05.720p.HDTV.x264-GRP\\show.s01e05.720p.hdtv.x264-grp.mkv',
    { seasons: [1], episodes: [5], quality: { name: 'HDTV-720p' } },
  ],
  ['Show/Season 2/Show - 2x05 - Title.mkv', { title: 'Show', seasons: [2], episodes: [5] }],
  ['Movie.2019.1080p.BluRay.x264-GRP.mkv', { extension: 'mkv', releaseGroup: 'GRP' }],
  ['Movie.2019.1080p.BluRay.x264-GRP.srt', { extension: 'srt' }],
  ['Movie.2019.1080p.BluRay.x264-GRP.nfo', { extension: 'nfo' }],
  ['Movie.2019.TS', { quality: { name: 'TELESYNC' }, extension: null }],
  ['movie.2019.hdts.ts', { quality: { name: 'TELESYNC' }, extension: 'ts' }],
]);

describe('cleanTitle', () => {
  it.each([
    ['The Office (US)', 'theofficeus'],
    ['the.office.us', 'theofficeus'],
    ['The Office: US', 'theofficeus'],
    ['Marvel’s Agents of S.H.I.E.L.D.', 'marvelsagentsshield'],
    ['Law & Order', 'laworder'],
    ['Law and Order', 'laworder'],
    ['Amélie', 'amelie'],
    ['Pokémon', 'pokemon'],
    ['A Quiet Place', 'aquietplace'],
    ['進撃の巨人', '進撃の巨人'],
    ['9-1-1', '911'],
    ['The', 'the'],
    ['', ''],
  ])('%s → %s', (title, clean) => {
    expect(cleanTitle(title)).toBe(clean);
  });

  it('gives the same clean title for a release and its library title', () => {
    expect(parseRelease("Grey's.Anatomy.S19E01.720p.HDTV").cleanTitle).toBe(cleanTitle("Grey's Anatomy"));
    expect(parseRelease('Star.Trek.Strange.New.Worlds.S01E01').cleanTitle).toBe(
      cleanTitle('Star Trek: Strange New Worlds'),
    );
  });
});

describe('never throws', () => {
  it.each([
    '',
    ' ',
    '.',
    '-',
    '[]',
    '[[[',
    '((()))',
    '.mkv',
    'S01E01',
    '2019',
    '1080p',
    '-GRP',
    '\u0000\u0001',
    '🎬🎬',
  ])('%j', (name) => {
    const result = parseRelease(name);
    expect(typeof result.title).toBe('string');
    expect(result.quality.name).toBeTypeOf('string');
  });

  it('accepts a non-string at runtime without throwing', () => {
    expect(() => parseRelease(undefined as unknown as string)).not.toThrow();
  });
});
