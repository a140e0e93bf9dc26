// Owns the quality of a release: combining the source tags, resolution and codec found in a name into
// the source/resolution/modifier triple and the quality name users know from Sonarr and Radarr
// (`WEBDL-1080p`, `Bluray-2160p Remux` for series, `Remux-2160p` for movies, `SDTV`, `Unknown`, …).
import type {
  ParsedQuality,
  QualityModifier,
  QualitySource,
  ReleaseKind,
  Revision,
} from './parsed-release.js';
import type { SourceTag } from './tags.js';

export interface QualityEvidence {
  sources: ReadonlySet<SourceTag>;
  resolution: number | null;
  videoCodec: string | null;
  /** The codec tag said `x264`/`x265`: an encode, so never an untouched disc. */
  encoded: boolean;
  /** The name names a disc codec (`AVC`, `VC-1`, `MPEG-2`, `HEVC` without an encoder). */
  discCodec: boolean;
  streamingService: string | null;
  kind: ReleaseKind;
  revision: Revision;
}

type Band = 480 | 576 | 720 | 1080 | 2160;

function band(resolution: number | null): Band | null {
  if (resolution === null) return null;
  if (resolution >= 2160) return 2160;
  if (resolution >= 1080) return 1080;
  if (resolution >= 720) return 720;
  if (resolution === 576) return 576;
  return 480;
}

function quality(
  name: string,
  source: QualitySource,
  resolution: number | null,
  modifier: QualityModifier | null,
  revision: Revision,
): ParsedQuality {
  return { name, source, resolution, modifier, revision };
}

export function resolveQuality(evidence: QualityEvidence): ParsedQuality {
  const { sources, resolution, revision, kind } = evidence;
  const has = (tag: SourceTag) => sources.has(tag);
  const b = band(resolution);
  const bluray = has('bluray') || has('bdrip');

  if (
    has('brdisk') ||
    (has('bluray') && evidence.discCodec && !evidence.encoded && !has('bdrip') && !has('remux'))
  ) {
    return quality('BR-DISK', 'bluray', resolution, 'brdisk', revision);
  }
  if (has('rawhd') || (evidence.videoCodec === 'mpeg2' && resolution === 1080 && !bluray && !has('remux'))) {
    return quality('Raw-HD', 'tv', resolution ?? 1080, 'rawhd', revision);
  }
  if (has('remux') && !(has('dvd') || has('dvdr'))) {
    const res = b === 2160 ? 2160 : 1080;
    const name = kind === 'movie' ? `Remux-${res}p` : `Bluray-${res}p Remux`;
    return quality(name, 'bluray', resolution ?? res, 'remux', revision);
  }
  if (has('workprint')) return quality('WORKPRINT', 'workprint', resolution, null, revision);
  if (has('cam')) return quality('CAM', 'cam', resolution, null, revision);
  if (has('telesync')) return quality('TELESYNC', 'telesync', resolution, null, revision);
  if (has('telecine')) return quality('TELECINE', 'telecine', resolution, null, revision);
  if (has('screener')) return quality('DVDSCR', 'dvd', resolution, 'screener', revision);
  if (has('regional')) return quality('REGIONAL', 'dvd', resolution, 'regional', revision);
  if (has('dvdr')) return quality('DVD-R', 'dvd', resolution, 'dvdr', revision);

  if (bluray) {
    if (b === 2160 || b === 1080 || b === 720)
      return quality(`Bluray-${b}p`, 'bluray', resolution, null, revision);
    if (b === 576) return quality('Bluray-576p', 'bluray', resolution, null, revision);
    if (b === 480) return quality('Bluray-480p', 'bluray', resolution, null, revision);
    // An unsized Blu-ray rip in XviD/DivX is standard definition; otherwise assume the smallest HD.
    if (evidence.videoCodec === 'xvid' || evidence.videoCodec === 'divx') {
      return quality('Bluray-480p', 'bluray', resolution, null, revision);
    }
    return quality('Bluray-720p', 'bluray', resolution, null, revision);
  }
  for (const web of ['webrip', 'webdl'] as const) {
    if (!has(web)) continue;
    const prefix = web === 'webrip' ? 'WEBRip' : 'WEBDL';
    const source = web === 'webrip' ? 'webrip' : 'webdl';
    if (b === 2160 || b === 1080 || b === 720)
      return quality(`${prefix}-${b}p`, source, resolution, null, revision);
    return quality(`${prefix}-480p`, source, resolution, null, revision);
  }
  if (has('hdtv') || has('sdtv')) {
    if (b === 2160 || b === 1080 || b === 720) return quality(`HDTV-${b}p`, 'tv', resolution, null, revision);
    return quality('SDTV', 'tv', resolution, null, revision);
  }
  if (has('dvd')) {
    if (b === 1080 || b === 720 || b === 2160)
      return quality(`Bluray-${b}p`, 'bluray', resolution, null, revision);
    return quality('DVD', 'dvd', resolution, null, revision);
  }
  // No source tag. A streaming-service tag means a web download; otherwise the resolution alone says
  // television, as Sonarr and Radarr assume.
  if (evidence.streamingService && b !== null) {
    if (b === 2160 || b === 1080 || b === 720)
      return quality(`WEBDL-${b}p`, 'webdl', resolution, null, revision);
    return quality('WEBDL-480p', 'webdl', resolution, null, revision);
  }
  if (b === 2160 || b === 1080 || b === 720) return quality(`HDTV-${b}p`, 'tv', resolution, null, revision);
  if (b !== null) return quality('SDTV', 'tv', resolution, null, revision);
  if (evidence.videoCodec === 'xvid' || evidence.videoCodec === 'divx' || evidence.encoded) {
    return quality('SDTV', 'tv', resolution, null, revision);
  }
  return quality('Unknown', 'unknown', resolution, null, revision);
}
