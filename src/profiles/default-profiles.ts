// Owns what a new install starts with: a quality definition per quality (Radarr-like sizes) and the
// quality profiles Radarr users know by name. Every profile lists every quality (wanted or not) so a
// user editing one only ticks boxes; web downloads and web rips are grouped per resolution, as in Radarr.
import type { ProfileItem, QualityDefinition, QualityProfileInput } from './profile.schema.js';
import { QUALITIES } from './qualities.js';

export function defaultQualityDefinitions(): QualityDefinition[] {
  return QUALITIES.map((quality) => ({
    quality: quality.name,
    title: quality.name,
    minSize: quality.defaultSize.min,
    preferredSize: quality.defaultSize.preferred,
    maxSize: quality.defaultSize.max,
  }));
}

const WEB_GROUPS: Record<string, [string, string]> = {
  'WEB 480p': ['WEBDL-480p', 'WEBRip-480p'],
  'WEB 720p': ['WEBDL-720p', 'WEBRip-720p'],
  'WEB 1080p': ['WEBDL-1080p', 'WEBRip-1080p'],
  'WEB 2160p': ['WEBDL-2160p', 'WEBRip-2160p'],
};

/** All qualities, best first, web ones grouped; `allowed` names the items (qualities or groups) wanted. */
function items(allowed: readonly string[]): ProfileItem[] {
  const result: ProfileItem[] = [];
  const grouped = new Set(Object.values(WEB_GROUPS).flat());
  for (const quality of [...QUALITIES].reverse()) {
    if (grouped.has(quality.name)) {
      const group = Object.entries(WEB_GROUPS).find(([, members]) => members[0] === quality.name);
      if (group) {
        const [name, qualities] = group;
        result.push({ kind: 'group', name, qualities: [...qualities], allowed: allowed.includes(name) });
      }
      continue;
    }
    result.push({ kind: 'quality', quality: quality.name, allowed: allowed.includes(quality.name) });
  }
  return result;
}

const SD = ['SDTV', 'DVD', 'WEB 480p', 'Bluray-480p', 'Bluray-576p'];
const HD720 = ['HDTV-720p', 'WEB 720p', 'Bluray-720p'];
const HD1080 = ['HDTV-1080p', 'WEB 1080p', 'Bluray-1080p', 'Remux-1080p'];
const UHD = ['HDTV-2160p', 'WEB 2160p', 'Bluray-2160p', 'Remux-2160p'];

function profile(name: string, allowed: string[], cutoff: string): QualityProfileInput {
  return {
    name,
    upgradeAllowed: true,
    items: items(allowed),
    cutoff,
    minFormatScore: 0,
    cutoffFormatScore: 0,
    minUpgradeFormatScore: 1,
    formatScores: [],
  };
}

export function defaultQualityProfiles(): QualityProfileInput[] {
  return [
    profile('Any', [...SD, ...HD720, ...HD1080, ...UHD], 'Bluray-1080p'),
    profile('SD', SD, 'Bluray-576p'),
    profile('HD-720p', HD720, 'Bluray-720p'),
    profile('HD-1080p', HD1080, 'Bluray-1080p'),
    profile('Ultra-HD', UHD, 'Remux-2160p'),
    profile('HD - 720p/1080p', [...HD720, ...HD1080], 'Bluray-1080p'),
  ];
}
