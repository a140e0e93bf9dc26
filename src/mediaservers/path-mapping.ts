// Owns the translation between Omniarr's paths and a media server's, when the two see the same
// files under different mounts (Omniarr: /data/media/movies, Jellyfin: /media/movies or
// D:\Media\Movies). Prefixes match on whole path segments and the longest one wins; a path no
// mapping covers is taken to be the same on both sides.
import { BadRequestError } from '../shared/errors.js';

/** Omniarr's path prefix (`local`) and the media server's path for the same folder (`remote`). */
export interface PathMapping {
  local: string;
  remote: string;
}

interface Side {
  prefix: string;
  separator: '/' | '\\';
  caseInsensitive: boolean;
}

interface CompiledMapping {
  local: Side;
  remote: Side;
}

const WINDOWS_PATH = /^(?:[A-Za-z]:[\\/]|\\\\[^\\]+\\[^\\]+)/;

function side(path: string, which: 'local' | 'remote'): Side {
  const trimmed = path.trim();
  const windows = which === 'remote' && WINDOWS_PATH.test(trimmed);
  if (!windows && !trimmed.startsWith('/')) {
    throw new BadRequestError(`Path mapping ${which} path must be absolute: ${path}`);
  }
  const separator = windows ? '\\' : '/';
  const unified = windows ? trimmed.replace(/\//g, '\\') : trimmed;
  // Keep a bare root ("/" or "C:\") as it is; strip trailing separators elsewhere.
  const prefix =
    unified.length > 1 && !/^[A-Za-z]:\\$/.test(unified) ? unified.replace(/[\\/]+$/, '') : unified;
  return { prefix, separator, caseInsensitive: windows };
}

function remainderAfter(path: string, from: Side): string | null {
  const subject = from.caseInsensitive ? path.toLowerCase() : path;
  const prefix = from.caseInsensitive ? from.prefix.toLowerCase() : from.prefix;
  if (subject === prefix) return '';
  const withSeparator = prefix.endsWith(from.separator) ? prefix : prefix + from.separator;
  if (!subject.startsWith(withSeparator)) return null;
  return path.slice(withSeparator.length);
}

function join(to: Side, remainder: string, fromSeparator: string): string {
  if (!remainder) return to.prefix;
  const parts = remainder.split(fromSeparator).join(to.separator);
  return to.prefix.endsWith(to.separator) ? to.prefix + parts : `${to.prefix}${to.separator}${parts}`;
}

export class PathMapper {
  private readonly mappings: CompiledMapping[];

  constructor(mappings: readonly PathMapping[] = []) {
    this.mappings = mappings.map((mapping) => ({
      local: side(mapping.local, 'local'),
      remote: side(mapping.remote, 'remote'),
    }));
  }

  /** Omniarr's path → the media server's. */
  toServer(path: string): string {
    return this.translate(path, 'local', 'remote');
  }

  /** The media server's path → Omniarr's. */
  toLocal(path: string): string {
    return this.translate(path, 'remote', 'local');
  }

  private translate(path: string, from: 'local' | 'remote', to: 'local' | 'remote'): string {
    let best: { mapping: CompiledMapping; remainder: string } | undefined;
    for (const mapping of this.mappings) {
      const source = mapping[from];
      const normalised = source.separator === '\\' ? path.replace(/\//g, '\\') : path;
      const remainder = remainderAfter(normalised, source);
      if (remainder !== null && (!best || source.prefix.length > best.mapping[from].prefix.length)) {
        best = { mapping, remainder };
      }
    }
    if (!best) return path;
    return join(best.mapping[to], best.remainder, best.mapping[from].separator);
  }
}
