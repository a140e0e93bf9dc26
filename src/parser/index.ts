// Owns the public face of the release-name parser: everything other modules may import from it.
import { parseRelease } from './release-parser.js';
import type { ParsedQuality } from './parsed-release.js';

export { parseRelease } from './release-parser.js';
export { cleanTitle } from './title.js';
export type {
  ParsedQuality,
  ParsedRelease,
  QualityModifier,
  QualitySource,
  ReleaseKind,
  Revision,
} from './parsed-release.js';

/** The quality a release name announces (what the decision engine ranks by). */
export function parseQuality(name: string): ParsedQuality {
  return parseRelease(name).quality;
}
