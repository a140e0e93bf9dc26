// Owns the Newznab standard categories by the names Cardigann definitions use ("Movies/HD"), and the
// mapping between a site's own category ids and ours, both ways: a search for 2000 asks the site for
// every site category mapped into 2000–2999, and a row's site category becomes Newznab ids.
import type { IndexerCategory } from '../indexer.js';

const STANDARD: Record<string, number> = {
  Console: 1000, 'Console/NDS': 1010, 'Console/PSP': 1020, 'Console/Wii': 1030, 'Console/XBox': 1040,
  'Console/XBox 360': 1050, 'Console/Wiiware': 1060, 'Console/XBox 360 DLC': 1070, 'Console/PS3': 1080,
  'Console/Other': 1090, 'Console/3DS': 1110, 'Console/PS Vita': 1120, 'Console/WiiU': 1130,
  'Console/XBox One': 1140, 'Console/PS4': 1180,
  Movies: 2000, 'Movies/Foreign': 2010, 'Movies/Other': 2020, 'Movies/SD': 2030, 'Movies/HD': 2040,
  'Movies/UHD': 2045, 'Movies/BluRay': 2050, 'Movies/3D': 2060, 'Movies/DVD': 2070, 'Movies/WEB-DL': 2080,
  'Movies/x265': 2090,
  Audio: 3000, 'Audio/MP3': 3010, 'Audio/Video': 3020, 'Audio/Audiobook': 3030, 'Audio/Lossless': 3040,
  'Audio/Other': 3050, 'Audio/Foreign': 3060,
  PC: 4000, 'PC/0day': 4010, 'PC/ISO': 4020, 'PC/Mac': 4030, 'PC/Mobile-Other': 4040, 'PC/Games': 4050,
  'PC/Mobile-iOS': 4060, 'PC/Mobile-Android': 4070,
  TV: 5000, 'TV/WEB-DL': 5010, 'TV/Foreign': 5020, 'TV/SD': 5030, 'TV/HD': 5040, 'TV/UHD': 5045,
  'TV/Other': 5050, 'TV/Sport': 5060, 'TV/Anime': 5070, 'TV/Documentary': 5080, 'TV/x265': 5090,
  XXX: 6000, 'XXX/DVD': 6010, 'XXX/WMV': 6020, 'XXX/XviD': 6030, 'XXX/x264': 6040, 'XXX/UHD': 6045,
  'XXX/Pack': 6050, 'XXX/ImageSet': 6060, 'XXX/Other': 6070, 'XXX/SD': 6080, 'XXX/WEB-DL': 6090,
  Books: 7000, 'Books/Mags': 7010, 'Books/EBook': 7020, 'Books/Comics': 7030, 'Books/Technical': 7040,
  'Books/Other': 7050, 'Books/Foreign': 7060,
  Other: 8000, 'Other/Misc': 8010, 'Other/Hashed': 8020,
}; // prettier-ignore

export function standardCategoryId(name: string): number | undefined {
  return STANDARD[name];
}

export interface CategoryMapping {
  /** The site's own id, as the definition writes it. */
  siteId: string;
  newznabId: number;
  description: string | null;
  default: boolean;
}

/** What a definition's `caps.categories` / `caps.categorymappings` say, once read. */
export class CategoryMap {
  constructor(readonly mappings: readonly CategoryMapping[]) {}

  /** Site ids to ask for: those mapped to a requested id or its parent/children. All when none asked. */
  siteIdsFor(newznabIds: readonly number[] | undefined): string[] {
    if (!newznabIds || newznabIds.length === 0) {
      const defaults = this.mappings.filter((m) => m.default);
      return unique((defaults.length > 0 ? defaults : []).map((m) => m.siteId));
    }
    const wanted = new Set(newznabIds);
    return unique(
      this.mappings
        .filter((m) => wanted.has(m.newznabId) || wanted.has(parentOf(m.newznabId)))
        .map((m) => m.siteId),
    );
  }

  /** Newznab ids (with their parents) for a site category id, or for a Newznab id given directly. */
  newznabIdsFor(siteId: string): number[] {
    const ids = this.mappings.filter((m) => m.siteId === siteId).map((m) => m.newznabId);
    if (ids.length === 0 && /^\d{4}$/.test(siteId) && Object.values(STANDARD).includes(Number(siteId))) {
      ids.push(Number(siteId));
    }
    return unique(ids.flatMap((id) => (id % 1000 === 0 ? [id] : [parentOf(id), id])));
  }

  /** The Newznab tree the site covers, for the indexer's capabilities. */
  capabilities(): IndexerCategory[] {
    const names = new Map(Object.entries(STANDARD).map(([name, id]) => [id, name]));
    const byParent = new Map<number, Set<number>>();
    for (const { newznabId } of this.mappings) {
      const parent = parentOf(newznabId);
      const children = byParent.get(parent) ?? new Set<number>();
      if (newznabId !== parent) children.add(newznabId);
      byParent.set(parent, children);
    }
    return [...byParent.entries()]
      .sort(([a], [b]) => a - b)
      .map(([id, children]) => ({
        id,
        name: names.get(id) ?? String(id),
        subcategories: [...children]
          .sort((a, b) => a - b)
          .map((child) => ({ id: child, name: names.get(child) ?? String(child) })),
      }));
  }
}

function parentOf(id: number): number {
  return id - (id % 1000);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
