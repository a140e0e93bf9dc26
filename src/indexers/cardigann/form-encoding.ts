// Owns encoding query strings and form bodies in a site's own page encoding: a site declaring
// `encoding: windows-1251` expects "матрица" as %EC%E0%F2%F0%E8%F6%E0, not as UTF-8 bytes. Node can
// decode those encodings but not encode them, so the byte table of each single-byte encoding is built
// once by decoding bytes 0–255.

const tables = new Map<string, Map<string, number> | null>();

/** `key=value&…` with form encoding (space as `+`), in `encoding` (UTF-8 when it is multi-byte). */
export function encodeForm(pairs: Iterable<readonly [string, string]>, encoding: string): string {
  const table = byteTable(encoding);
  const encode = (text: string) => (table ? encodeSingleByte(text, table) : encodeUtf8(text));
  return [...pairs].map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
}

function encodeUtf8(text: string): string {
  return encodeURIComponent(text)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function encodeSingleByte(text: string, table: Map<string, number>): string {
  let out = '';
  for (const char of text) {
    if (/[A-Za-z0-9\-_.~]/.test(char)) out += char;
    else if (char === ' ') out += '+';
    else {
      // A character the page encoding lacks becomes "?", as browsers and .NET do.
      const byte = table.get(char) ?? 0x3f;
      out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

function byteTable(encoding: string): Map<string, number> | null {
  const key = encoding.toLowerCase();
  if (tables.has(key)) return tables.get(key)!;
  let table: Map<string, number> | null = null;
  try {
    const decoder = new TextDecoder(key, { fatal: false });
    if (!['utf-8', 'utf-16le', 'utf-16be'].includes(decoder.encoding) && isSingleByte(decoder.encoding)) {
      table = new Map();
      for (let byte = 0; byte < 256; byte++) {
        const char = decoder.decode(Uint8Array.of(byte));
        if (char !== '\ufffd' && !table.has(char)) table.set(char, byte);
      }
    }
  } catch {
    table = null;
  }
  tables.set(key, table);
  return table;
}

function isSingleByte(encoding: string): boolean {
  return /^(windows-12\d\d|windows-874|iso-8859-\d+|koi8-[ru]|ibm866|macintosh|x-mac-cyrillic|tis-620)$/.test(
    encoding,
  );
}
