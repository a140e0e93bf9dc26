// Owns reading the regular expressions definitions are written in (.NET flavour, as Jackett and
// Prowlarr run them) with JavaScript's RegExp: inline `(?i)`, Unicode blocks such as
// `\p{IsCyrillic}`, and `$0` in replacements. A pattern JavaScript cannot express throws a
// RegexError naming the pattern, so the definition is reported instead of misbehaving.

export class RegexError extends Error {
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`regular expression ${JSON.stringify(pattern)} cannot be used: ${reason}`);
    this.name = 'RegexError';
  }
}

// .NET named blocks used by definitions, mapped to the script JavaScript knows.
const BLOCKS: Record<string, string> = {
  IsCyrillic: '\\p{Script=Cyrillic}',
  IsCJKUnifiedIdeographs: '\\p{Script=Han}',
  IsGreek: '\\p{Script=Greek}',
  IsArabic: '\\p{Script=Arabic}',
  IsHebrew: '\\p{Script=Hebrew}',
  IsThai: '\\p{Script=Thai}',
};

const cache = new Map<string, RegExp>();

/** A RegExp for a .NET pattern; `flags` adds JavaScript flags (e.g. `g`). Cached per pattern. */
export function compileDotNetRegex(pattern: string, flags = ''): RegExp {
  const key = `${flags}/${pattern}`;
  const cached = cache.get(key);
  if (cached) {
    cached.lastIndex = 0;
    return cached;
  }
  let source = pattern;
  let allFlags = flags;
  // JavaScript (Node 20) has no inline modifiers; definitions use `(?i)` for the whole pattern, so it
  // becomes the `i` flag (a pattern that turns it on half-way is matched case-insensitively throughout).
  if (/\(\?i\)/.test(source)) {
    source = source.replace(/\(\?i\)/g, '');
    allFlags += 'i';
  }
  if (/\(\?[a-z]+\)/.test(source)) throw new RegexError(pattern, 'inline options other than (?i)');
  if (/\\[AZz]/.test(source)) {
    source = source.replace(/\\A/g, '^').replace(/\\[Zz]/g, '$');
  }
  if (/\\p\{/.test(source)) {
    source = source.replace(/\\p\{(Is\w+)\}/g, (whole, block: string) => {
      const mapped = BLOCKS[block];
      if (!mapped) throw new RegexError(pattern, `unknown Unicode block ${block}`);
      return mapped;
    });
    allFlags += 'u';
  }
  let regex: RegExp;
  try {
    regex = new RegExp(source, allFlags);
  } catch (error) {
    if (allFlags.includes('u')) {
      // Unicode mode refuses identity escapes such as `\-` or `\_` outside classes, which .NET allows.
      try {
        regex = new RegExp(
          source.replace(/\\([_\-'"\s!#%&,:;<=>@`~])/g, (_, c: string) => escapeLiteral(c)),
          allFlags,
        );
      } catch {
        throw new RegexError(pattern, (error as Error).message);
      }
    } else throw new RegexError(pattern, (error as Error).message);
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(key, regex);
  return regex;
}

function escapeLiteral(char: string): string {
  return char === '-' ? '\\x2d' : char;
}

/** A .NET replacement string (`$1`, `${name}`, `$0`) as JavaScript's `String.replace` reads it. */
export function dotNetReplacement(replacement: string): string {
  return replacement.replace(/\$0(?!\d)/g, '$$&');
}
