// Owns the vocabulary of release-name tags: every word (or run of up to three words) that says
// something about quality, codecs, audio, languages, editions or the streaming service. Keys are
// lower-case with separators and apostrophes removed, so `WEB-DL`, `WEB.DL` and `web dl` meet at `webdl`.

export type SourceTag =
  | 'bluray'
  | 'bdrip'
  | 'remux'
  | 'brdisk'
  | 'webdl'
  | 'webrip'
  | 'hdtv'
  | 'sdtv'
  | 'rawhd'
  | 'dvd'
  | 'dvdr'
  | 'cam'
  | 'telesync'
  | 'telecine'
  | 'workprint'
  | 'screener'
  | 'regional';

export type Tag =
  | { kind: 'resolution'; value: number }
  | { kind: 'source'; value: SourceTag }
  | { kind: 'videoCodec'; value: string }
  | { kind: 'audioCodec'; value: string }
  | { kind: 'audioChannels'; value: string }
  | { kind: 'atmos' }
  | { kind: 'hdr'; value: string[] }
  | { kind: 'service'; value: string }
  | { kind: 'language'; value: string[] }
  | { kind: 'revision'; value: 'proper' | 'repack' | 'rerip' }
  | { kind: 'edition'; value: string }
  | { kind: 'hardcodedSubs' }
  | { kind: 'complete' }
  | { kind: 'special' }
  | { kind: 'misc' };

/**
 * Strong tags end a title wherever they appear; weak tags are ordinary words too (`It`, `Cam`,
 * `Extended`, `German`) and only count once the title has ended.
 */
export interface TagEntry {
  tag: Tag;
  strong: boolean;
}

const entries = new Map<string, TagEntry>();

function add(keys: string, tag: Tag, strong: boolean): void {
  for (const key of keys.split(' ')) entries.set(key, { tag, strong });
}

const strong = true;
const weak = false;

// Resolutions
add('360p', { kind: 'resolution', value: 360 }, strong);
add('480p 480i', { kind: 'resolution', value: 480 }, strong);
add('540p', { kind: 'resolution', value: 540 }, strong);
add('576p 576i', { kind: 'resolution', value: 576 }, strong);
add('720p 720i', { kind: 'resolution', value: 720 }, strong);
add('1080p 1080i fhd', { kind: 'resolution', value: 1080 }, strong);
add('1440p', { kind: 'resolution', value: 1440 }, strong);
add('2160p 2160i 4kuhd uhd4k', { kind: 'resolution', value: 2160 }, strong);
add('4k uhd', { kind: 'resolution', value: 2160 }, weak);
add('4320p 8k', { kind: 'resolution', value: 4320 }, strong);

// Sources
add('bluray bluraydisc blurayrip bdmux hddvd hddvdrip', { kind: 'source', value: 'bluray' }, strong);
add('bd', { kind: 'source', value: 'bluray' }, weak);
add('bdrip brrip bdriphd', { kind: 'source', value: 'bdrip' }, strong);
add('remux bdremux blurayremux uhdremux', { kind: 'source', value: 'remux' }, strong);
add('bd25 bd50 bd66 bd100 bdmv bdiso completebluray', { kind: 'source', value: 'brdisk' }, strong);
add('webdl webhd webdlrip amzndl nfdl', { kind: 'source', value: 'webdl' }, strong);
add('web', { kind: 'source', value: 'webdl' }, weak);
add('webrip webmux webcap', { kind: 'source', value: 'webrip' }, strong);
add('hdtv hdtvrip ahdtv uhdtv hdtvmux', { kind: 'source', value: 'hdtv' }, strong);
add('pdtv sdtv dsrip dthrip dvbrip tvrip satrip hdrip', { kind: 'source', value: 'sdtv' }, strong);
add('dsr dvb', { kind: 'source', value: 'sdtv' }, weak);
add('rawhd rawhdtv', { kind: 'source', value: 'rawhd' }, strong);
add('dvdrip dvdmux xvidvd ntsc', { kind: 'source', value: 'dvd' }, strong);
add('dvd pal', { kind: 'source', value: 'dvd' }, weak);
add('dvdr dvd5 dvd9 dvdiso videots fulldvd', { kind: 'source', value: 'dvdr' }, strong);
add('camrip hdcam camhd', { kind: 'source', value: 'cam' }, strong);
add('cam', { kind: 'source', value: 'cam' }, weak);
add('telesync hdts tsrip pdvd predvdrip predvd', { kind: 'source', value: 'telesync' }, strong);
add('ts', { kind: 'source', value: 'telesync' }, weak);
add('telecine hdtc', { kind: 'source', value: 'telecine' }, strong);
add('tc', { kind: 'source', value: 'telecine' }, weak);
add('workprint', { kind: 'source', value: 'workprint' }, strong);
add('wp', { kind: 'source', value: 'workprint' }, weak);
add('dvdscr dvdscreener bdscr webscreener', { kind: 'source', value: 'screener' }, strong);
add('scr screener', { kind: 'source', value: 'screener' }, weak);
add('r5 r6', { kind: 'source', value: 'regional' }, weak);

// Video codecs
add('x264 h264 avc x264hi10p', { kind: 'videoCodec', value: 'h264' }, strong);
add('x265 h265 hevc', { kind: 'videoCodec', value: 'h265' }, strong);
add('xvid', { kind: 'videoCodec', value: 'xvid' }, strong);
add('divx dvix', { kind: 'videoCodec', value: 'divx' }, strong);
add('av1', { kind: 'videoCodec', value: 'av1' }, strong);
add('vp9', { kind: 'videoCodec', value: 'vp9' }, strong);
add('mpeg2 mpeg2video', { kind: 'videoCodec', value: 'mpeg2' }, strong);
add('vc1', { kind: 'videoCodec', value: 'vc1' }, strong);
add('hi10p 10bit 8bit 12bit', { kind: 'misc' }, strong);

// Audio
add('aac aaclc heaac', { kind: 'audioCodec', value: 'AAC' }, strong);
add('ac3 dd dolbydigital', { kind: 'audioCodec', value: 'AC3' }, strong);
add('eac3 ddp dd+ ddplus dolbydigitalplus', { kind: 'audioCodec', value: 'EAC3' }, strong);
add('ddpa', { kind: 'audioCodec', value: 'EAC3 Atmos' }, strong);
add('dts', { kind: 'audioCodec', value: 'DTS' }, strong);
add('dtshd dtshdma dtsma dtshdmaster', { kind: 'audioCodec', value: 'DTS-HD MA' }, strong);
add('dtshdhra dtshra', { kind: 'audioCodec', value: 'DTS-HD HRA' }, strong);
add('dtsx', { kind: 'audioCodec', value: 'DTS-X' }, strong);
add('dtses', { kind: 'audioCodec', value: 'DTS-ES' }, strong);
add('truehd', { kind: 'audioCodec', value: 'TrueHD' }, strong);
add('flac', { kind: 'audioCodec', value: 'FLAC' }, strong);
add('mp3', { kind: 'audioCodec', value: 'MP3' }, strong);
add('mp2', { kind: 'audioCodec', value: 'MP2' }, strong);
add('opus', { kind: 'audioCodec', value: 'Opus' }, strong);
add('pcm lpcm', { kind: 'audioCodec', value: 'PCM' }, strong);
add('vorbis', { kind: 'audioCodec', value: 'Vorbis' }, strong);
add('atmos', { kind: 'atmos' }, strong);
add('2ch stereo', { kind: 'audioChannels', value: '2.0' }, weak);
add('mono', { kind: 'audioChannels', value: '1.0' }, weak);
add('6ch', { kind: 'audioChannels', value: '5.1' }, strong);
add('8ch', { kind: 'audioChannels', value: '7.1' }, strong);

// Dynamic range
add('hdr', { kind: 'hdr', value: ['HDR'] }, strong);
add('hdr10', { kind: 'hdr', value: ['HDR10'] }, strong);
add('hdr10+ hdr10plus', { kind: 'hdr', value: ['HDR10+'] }, strong);
add('dv', { kind: 'hdr', value: ['DV'] }, weak);
add('dovi dolbyvision', { kind: 'hdr', value: ['DV'] }, strong);
add('dvhdr', { kind: 'hdr', value: ['DV', 'HDR'] }, strong);
add('dvhdr10', { kind: 'hdr', value: ['DV', 'HDR10'] }, strong);
add('hlg', { kind: 'hdr', value: ['HLG'] }, strong);

// Streaming services whose tags are unmistakable in any case; short ones are in caseSensitiveServices.
add('amzn amazon', { kind: 'service', value: 'Amazon' }, strong);
add('netflix', { kind: 'service', value: 'Netflix' }, weak);
add('dsnp dsny disneyplus', { kind: 'service', value: 'Disney+' }, strong);
add('hmax', { kind: 'service', value: 'HBO Max' }, strong);
add('atvp aptv', { kind: 'service', value: 'Apple TV+' }, strong);
add('hulu', { kind: 'service', value: 'Hulu' }, weak);
add('pcok', { kind: 'service', value: 'Peacock' }, strong);
add('pmtp', { kind: 'service', value: 'Paramount+' }, strong);
add('crav', { kind: 'service', value: 'Crave' }, strong);
add('funi funimation', { kind: 'service', value: 'Funimation' }, strong);
add('hidive hidi', { kind: 'service', value: 'HIDIVE' }, strong);
add('crunchyroll', { kind: 'service', value: 'Crunchyroll' }, weak);
add('vrv', { kind: 'service', value: 'VRV' }, weak);
add('skst', { kind: 'service', value: 'SkyShowtime' }, strong);
add('viap', { kind: 'service', value: 'Viaplay' }, strong);
add('bcore', { kind: 'service', value: 'Bravia Core' }, strong);
add('mubi', { kind: 'service', value: 'MUBI' }, weak);
add('dscp', { kind: 'service', value: 'Discovery+' }, strong);
add('iqiyi', { kind: 'service', value: 'iQIYI' }, weak);
add('viki', { kind: 'service', value: 'Viki' }, weak);
add('zee5', { kind: 'service', value: 'ZEE5' }, weak);
add('snxt', { kind: 'service', value: 'Sun NXT' }, strong);
add('abema', { kind: 'service', value: 'ABEMA' }, weak);
add('bilibili', { kind: 'service', value: 'Bilibili' }, weak);
add('tving', { kind: 'service', value: 'TVING' }, weak);
add('wavve', { kind: 'service', value: 'Wavve' }, weak);

// Languages (ISO 639-1). Long names are weak: `The German`, `French Kiss`.
const languages: [string, string][] = [
  ['en', 'english eng'],
  ['de', 'german ger deutsch'],
  ['fr', 'french fre vff vfq vf2 vfi'],
  ['it', 'italian ita'],
  ['es', 'spanish spa esp castellano latino espanol'],
  ['hi', 'hindi hin'],
  ['ja', 'japanese jpn jap'],
  ['zh', 'chinese chi chs cht mandarin cantonese'],
  ['ko', 'korean kor'],
  ['ru', 'russian rus'],
  ['pt', 'portuguese por dublado ptbr'],
  ['nl', 'dutch flemish nldub'],
  ['pl', 'polish pldub plsub lektor'],
  ['sv', 'swedish swe swesub'],
  ['no', 'norwegian nor norsk nordic'],
  ['da', 'danish dan'],
  ['fi', 'finnish fin'],
  ['tr', 'turkish tur'],
  ['el', 'greek gre'],
  ['hu', 'hungarian hun hundub'],
  ['cs', 'czech cze'],
  ['sk', 'slovak slo'],
  ['ar', 'arabic ara'],
  ['he', 'hebrew heb'],
  ['th', 'thai'],
  ['vi', 'vietnamese vie'],
  ['uk', 'ukrainian ukr'],
  ['ta', 'tamil tam'],
  ['te', 'telugu tel'],
  ['ml', 'malayalam mal'],
  ['kn', 'kannada kan'],
  ['bn', 'bengali ben'],
  ['mr', 'marathi'],
  ['pa', 'punjabi'],
  ['id', 'indonesian ind'],
  ['ro', 'romanian rum ron'],
  ['bg', 'bulgarian bul'],
  ['lt', 'lithuanian lit'],
  ['lv', 'latvian lav'],
  ['et', 'estonian est'],
  ['is', 'icelandic ice'],
  ['fa', 'persian farsi'],
  ['ca', 'catalan cat'],
  ['sr', 'serbian srp'],
  ['hr', 'croatian hrv'],
  ['sl', 'slovenian slv'],
  ['ms', 'malay'],
  ['tl', 'tagalog filipino'],
];
for (const [code, names] of languages) add(names, { kind: 'language', value: [code] }, weak);
add('multi multilang multilanguage dual dualaudio ml', { kind: 'language', value: ['mul'] }, weak);
add('germandl', { kind: 'language', value: ['de', 'mul'] }, weak);
add('dl', { kind: 'language', value: ['de', 'mul'] }, weak);
add('vostfr', { kind: 'language', value: ['fr'] }, strong);
add('truefrench', { kind: 'language', value: ['fr'] }, strong);
add('subfrench', { kind: 'language', value: ['fr'] }, strong);

// Revision
add('proper', { kind: 'revision', value: 'proper' }, strong);
add('repack', { kind: 'revision', value: 'repack' }, strong);
add('rerip', { kind: 'revision', value: 'rerip' }, strong);

// Editions: canonical display names.
const editions: [string, string][] = [
  ["Director's Cut", 'directorscut directorcut directorsedition'],
  ['Extended', 'extended extendededition extendedcut extendedversion'],
  ['Unrated', 'unrated'],
  ['Uncut', 'uncut'],
  ['Uncensored', 'uncensored'],
  ['Theatrical', 'theatrical theatricalcut theatricaledition theatricalversion'],
  ['Remastered', 'remastered remaster 4kremaster 4kremastered'],
  ['IMAX', 'imax imaxenhanced imaxedition'],
  ['Criterion', 'criterion criterioncollection'],
  ['Final Cut', 'finalcut'],
  ['Ultimate', 'ultimateedition ultimatecut'],
  ['Special Edition', 'specialedition'],
  ["Collector's Edition", 'collectorsedition collectorscut'],
  ['Anniversary Edition', 'anniversaryedition'],
  ['Open Matte', 'openmatte'],
  ['Despecialized', 'despecialized'],
  ['Redux', 'redux'],
  ['Rogue Cut', 'roguecut'],
  ['Assembly Cut', 'assemblycut'],
  ['Alternate Cut', 'alternatecut alternativecut'],
  ['Black and Chrome', 'blackandchrome'],
  ['Diamond Edition', 'diamondedition'],
  ['Signature Edition', 'signatureedition'],
  ['Restored', 'restored'],
];
for (const [name, keys] of editions) add(keys, { kind: 'edition', value: name }, weak);

// Subtitles burnt into the picture.
add(
  'hc hcsub hcsubs hardsub hardsubs hardcoded hardcodedsubs korsub korsubs subbed engsub engsubs hebsub nlsub nlsubs chisub',
  { kind: 'hardcodedSubs' },
  weak,
);

add('complete integrale integral', { kind: 'complete' }, weak);
add('special specials ova oad ona', { kind: 'special' }, weak);
add(
  'multisubs multisub multisubbed softsubs softsub internal limited dubbed subs readnfo nfofix dirfix syncfix extras',
  { kind: 'misc' },
  weak,
);

/** Service tags so short they are ordinary words in other cases (`It`, `Red`, `Now`): exact case only. */
const caseSensitiveServices = new Map<string, string>([
  ['AMZN', 'Amazon'],
  ['NF', 'Netflix'],
  ['NFLX', 'Netflix'],
  ['DSNP', 'Disney+'],
  ['HULU', 'Hulu'],
  ['iT', 'iTunes'],
  ['ITUNES', 'iTunes'],
  ['CR', 'Crunchyroll'],
  ['MA', 'Movies Anywhere'],
  ['RED', 'YouTube Red'],
  ['NOW', 'NOW'],
  ['SHO', 'Showtime'],
  ['STZ', 'Starz'],
  ['STAN', 'Stan'],
  ['CC', 'Comedy Central'],
  ['iP', 'BBC iPlayer'],
  ['HBO', 'HBO'],
  ['MAX', 'Max'],
  ['AMC', 'AMC'],
  ['NBC', 'NBC'],
  ['CBS', 'CBS'],
  ['ITV', 'ITV'],
  ['ALL4', 'All 4'],
  ['MY5', 'My5'],
  ['TVNZ', 'TVNZ'],
  ['CBC', 'CBC'],
  ['ROKU', 'Roku'],
  ['TUBI', 'Tubi'],
  ['PLUZ', 'Pluto TV'],
  ['PMNT', 'Paramount+'],
  ['JC', 'JioCinema'],
  ['HS', 'Hotstar'],
  ['HTSR', 'Hotstar'],
  ['VIKI', 'Viki'],
  ['MUBI', 'MUBI'],
  ['FOXP', 'Fox+'],
  ['DCU', 'DC Universe'],
  ['YT', 'YouTube'],
  ['SYFY', 'SyFy'],
  ['TLC', 'TLC'],
  ['ESPN', 'ESPN'],
  ['NATG', 'National Geographic'],
  ['AUBC', 'ABC Australia'],
  ['9NOW', '9Now'],
  ['SBS', 'SBS'],
  ['CRIT', 'Criterion Channel'],
]);

/** The tag for one normalised key (lower-case, no separators), or undefined. */
export function lookupTag(key: string): TagEntry | undefined {
  return entries.get(key);
}

/** A short service tag matched in its exact published case. */
export function lookupCaseSensitiveService(text: string): string | undefined {
  return caseSensitiveServices.get(text);
}
