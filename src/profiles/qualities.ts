// Owns the movie quality vocabulary: every quality name the parser can announce for a movie, worst to
// best, with the default size limits (MB per minute of runtime) a new install starts with. The sizes
// follow Radarr's defaults in spirit: no floor for low qualities, a floor that rises with resolution
// so a 300 MB "1080p" is refused, and a generous ceiling.
import type { QualityModifier, QualitySource } from '../parser/index.js';

export interface QualityInfo {
  name: string;
  source: QualitySource;
  resolution: number | null;
  modifier: QualityModifier | null;
  /** Default minimum, preferred and maximum sizes in MB per minute; null maximum means no limit. */
  defaultSize: { min: number; preferred: number | null; max: number | null };
}

function q(
  name: string,
  source: QualitySource,
  resolution: number | null,
  modifier: QualityModifier | null,
  min: number,
  preferred: number | null = 1995,
  max: number | null = 2000,
): QualityInfo {
  return { name, source, resolution, modifier, defaultSize: { min, preferred, max } };
}

/** Worst to best, the order a new profile lists them in (reversed). */
export const QUALITIES: readonly QualityInfo[] = [
  q('Unknown', 'unknown', null, null, 0, 95, 100),
  q('WORKPRINT', 'workprint', null, null, 0, 95, 100),
  q('CAM', 'cam', null, null, 0, 95, 100),
  q('TELESYNC', 'telesync', null, null, 0, 95, 100),
  q('TELECINE', 'telecine', null, null, 0, 95, 100),
  q('REGIONAL', 'dvd', 480, 'regional', 0, 95, 100),
  q('DVDSCR', 'dvd', 480, 'screener', 0, 95, 100),
  q('SDTV', 'tv', 480, null, 0, 95, 100),
  q('DVD', 'dvd', null, null, 0, 95, 100),
  q('DVD-R', 'dvd', 480, 'dvdr', 0, 95, 100),
  q('WEBDL-480p', 'webdl', 480, null, 0, 95, 100),
  q('WEBRip-480p', 'webrip', 480, null, 0, 95, 100),
  q('Bluray-480p', 'bluray', 480, null, 0, 95, 100),
  q('Bluray-576p', 'bluray', 576, null, 0, 95, 100),
  q('HDTV-720p', 'tv', 720, null, 17.1),
  q('WEBDL-720p', 'webdl', 720, null, 12.5),
  q('WEBRip-720p', 'webrip', 720, null, 12.5),
  q('Bluray-720p', 'bluray', 720, null, 25.7),
  q('HDTV-1080p', 'tv', 1080, null, 33.8),
  q('WEBDL-1080p', 'webdl', 1080, null, 12.5),
  q('WEBRip-1080p', 'webrip', 1080, null, 12.5),
  q('Bluray-1080p', 'bluray', 1080, null, 50.8),
  q('Remux-1080p', 'bluray', 1080, 'remux', 102, null, null),
  q('HDTV-2160p', 'tv', 2160, null, 85),
  q('WEBDL-2160p', 'webdl', 2160, null, 34.5),
  q('WEBRip-2160p', 'webrip', 2160, null, 34.5),
  q('Bluray-2160p', 'bluray', 2160, null, 102),
  q('Remux-2160p', 'bluray', 2160, 'remux', 187.4, null, null),
  q('BR-DISK', 'bluray', 1080, 'brdisk', 102, null, null),
  q('Raw-HD', 'tv', 1080, 'rawhd', 0, null, null),
];

export const QUALITY_NAMES: readonly string[] = QUALITIES.map((quality) => quality.name);

const byName = new Map(QUALITIES.map((quality) => [quality.name, quality]));

export function qualityInfo(name: string): QualityInfo | undefined {
  return byName.get(name);
}

export function isKnownQuality(name: string): boolean {
  return byName.has(name);
}

/**
 * The movie name of a quality the parser may have named the series way (`Bluray-1080p Remux` when a
 * movie title looked like an episode): so a profile written in Radarr's words still recognises it.
 */
export function movieQualityName(name: string): string {
  const remux = /^Bluray-(1080|2160)p Remux$/.exec(name);
  return remux ? `Remux-${remux[1]}p` : name;
}
