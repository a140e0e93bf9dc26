// Owns reading what a grab hands to a download client: a .torrent file (bencoded metainfo) or a
// magnet link, down to the info-hash that identifies the download in every client. Clients such as
// qBittorrent do not return the hash when a torrent is added, so we compute it ourselves (SHA-1 of
// the exact bytes of the `info` dictionary, as BEP 3 defines it).
import { createHash } from 'node:crypto';
import { BadRequestError } from '../../shared/errors.js';

export type BencodeValue = number | Buffer | BencodeValue[] | BencodeDictionary;
export interface BencodeDictionary {
  [key: string]: BencodeValue;
}

export interface TorrentMetainfo {
  /** v1 info-hash: 40 lower-case hex characters. */
  infoHash: string;
  name: string;
  /** Sum of the lengths of all files, in bytes. */
  sizeBytes: number;
  files: { path: string; sizeBytes: number }[];
}

export interface MagnetLink {
  infoHash: string;
  name: string | undefined;
}

/** Decodes a bencoded value; also reports where the raw bytes of the top-level `info` key lie. */
export function bencodeDecode(data: Buffer): { value: BencodeValue; infoSpan: [number, number] | undefined } {
  let position = 0;
  let infoSpan: [number, number] | undefined;

  function fail(message: string): never {
    throw new BadRequestError(`not a valid .torrent file: ${message} at byte ${position}`);
  }

  function readUntil(terminator: number): string {
    const end = data.indexOf(terminator, position);
    if (end < 0) fail('unterminated value');
    const text = data.toString('latin1', position, end);
    position = end + 1;
    return text;
  }

  function readValue(depth: number): BencodeValue {
    if (depth > 64) fail('nesting too deep');
    const byte = data[position];
    if (byte === undefined) fail('unexpected end of data');
    if (byte === 0x69 /* i */) {
      position += 1;
      const text = readUntil(0x65 /* e */);
      if (!/^(0|-?[1-9][0-9]*)$/.test(text)) fail(`bad integer "${text}"`);
      return Number(text);
    }
    if (byte === 0x6c /* l */) {
      position += 1;
      const list: BencodeValue[] = [];
      while (data[position] !== 0x65) {
        if (position >= data.length) fail('unterminated list');
        list.push(readValue(depth + 1));
      }
      position += 1;
      return list;
    }
    if (byte === 0x64 /* d */) {
      position += 1;
      const dictionary: BencodeDictionary = {};
      while (data[position] !== 0x65) {
        if (position >= data.length) fail('unterminated dictionary');
        const key = readValue(depth + 1);
        if (!Buffer.isBuffer(key)) fail('dictionary key is not a string');
        const start = position;
        dictionary[key.toString('utf8')] = readValue(depth + 1);
        if (depth === 0 && key.toString('latin1') === 'info') infoSpan = [start, position];
      }
      position += 1;
      return dictionary;
    }
    if (byte >= 0x30 && byte <= 0x39) {
      const lengthText = readUntil(0x3a /* : */);
      if (!/^(0|[1-9][0-9]*)$/.test(lengthText)) fail(`bad string length "${lengthText}"`);
      const length = Number(lengthText);
      if (position + length > data.length) fail('string runs past the end');
      const bytes = data.subarray(position, position + length);
      position += length;
      return bytes;
    }
    return fail(`unexpected byte 0x${byte.toString(16)}`);
  }

  const value = readValue(0);
  if (position !== data.length) fail('trailing data');
  return { value, infoSpan };
}

/** Encodes a value; dictionary keys are sorted as BEP 3 requires, so equal content gives equal bytes. */
export function bencodeEncode(value: BencodeValue | string): Buffer {
  const parts: Buffer[] = [];
  function write(item: BencodeValue | string): void {
    if (typeof item === 'number') {
      if (!Number.isSafeInteger(item))
        throw new TypeError(`bencode integers must be safe integers, got ${item}`);
      parts.push(Buffer.from(`i${item}e`, 'latin1'));
    } else if (typeof item === 'string' || Buffer.isBuffer(item)) {
      const bytes = typeof item === 'string' ? Buffer.from(item, 'utf8') : item;
      parts.push(Buffer.from(`${bytes.length}:`, 'latin1'), bytes);
    } else if (Array.isArray(item)) {
      parts.push(Buffer.from('l', 'latin1'));
      item.forEach(write);
      parts.push(Buffer.from('e', 'latin1'));
    } else {
      parts.push(Buffer.from('d', 'latin1'));
      const keys = Object.keys(item).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      for (const key of keys) {
        write(key);
        write(item[key] as BencodeValue);
      }
      parts.push(Buffer.from('e', 'latin1'));
    }
  }
  write(value);
  return Buffer.concat(parts);
}

function isDictionary(value: BencodeValue | undefined): value is BencodeDictionary {
  return typeof value === 'object' && !Buffer.isBuffer(value) && !Array.isArray(value);
}

function text(value: BencodeValue | undefined, what: string): string {
  if (!Buffer.isBuffer(value)) throw new BadRequestError(`not a valid .torrent file: ${what} is missing`);
  return value.toString('utf8');
}

function length(value: BencodeValue | undefined, what: string): number {
  if (typeof value !== 'number' || value < 0)
    throw new BadRequestError(`not a valid .torrent file: ${what} is missing`);
  return value;
}

/** Reads a .torrent file. Throws BadRequestError for anything that is not valid v1 metainfo. */
export function readTorrentFile(data: Uint8Array): TorrentMetainfo {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const { value, infoSpan } = bencodeDecode(bytes);
  if (!isDictionary(value) || !infoSpan)
    throw new BadRequestError('not a valid .torrent file: no info dictionary');
  const info = value.info;
  if (!isDictionary(info)) throw new BadRequestError('not a valid .torrent file: info is not a dictionary');
  const name = text(info['name.utf-8'] ?? info.name, 'info.name');
  let files: TorrentMetainfo['files'];
  if (info.files !== undefined) {
    if (!Array.isArray(info.files))
      throw new BadRequestError('not a valid .torrent file: info.files is not a list');
    files = info.files.map((file, index) => {
      if (!isDictionary(file)) throw new BadRequestError(`not a valid .torrent file: info.files[${index}]`);
      const segments = file['path.utf-8'] ?? file.path;
      if (!Array.isArray(segments) || segments.length === 0) {
        throw new BadRequestError(`not a valid .torrent file: info.files[${index}].path is missing`);
      }
      const relative = segments.map((segment) => text(segment, `info.files[${index}].path`)).join('/');
      return { path: `${name}/${relative}`, sizeBytes: length(file.length, `info.files[${index}].length`) };
    });
  } else {
    files = [{ path: name, sizeBytes: length(info.length, 'info.length') }];
  }
  const infoHash = createHash('sha1').update(bytes.subarray(infoSpan[0], infoSpan[1])).digest('hex');
  return { infoHash, name, sizeBytes: files.reduce((sum, file) => sum + file.sizeBytes, 0), files };
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32ToHex(value: string): string {
  let bits = '';
  for (const char of value.toUpperCase()) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) throw new BadRequestError(`magnet link has an invalid base32 info-hash "${value}"`);
    bits += index.toString(2).padStart(5, '0');
  }
  let hex = '';
  for (let offset = 0; offset + 4 <= bits.length; offset += 4) {
    hex += parseInt(bits.slice(offset, offset + 4), 2).toString(16);
  }
  return hex;
}

/** Reads the v1 info-hash (hex or base32 form) and display name from a magnet link. */
export function readMagnetLink(magnet: string): MagnetLink {
  if (!magnet.startsWith('magnet:?'))
    throw new BadRequestError('not a magnet link (must start with "magnet:?")');
  const params = new URLSearchParams(magnet.slice('magnet:?'.length));
  for (const topic of params.getAll('xt')) {
    const match = /^urn:btih:([0-9a-fA-F]{40}|[A-Za-z2-7]{32})$/.exec(topic);
    if (!match?.[1]) continue;
    const hash = match[1].length === 40 ? match[1].toLowerCase() : base32ToHex(match[1]);
    return { infoHash: hash, name: params.get('dn') ?? undefined };
  }
  throw new BadRequestError('magnet link has no BitTorrent v1 info-hash (xt=urn:btih:…)');
}

export function isInfoHash(value: string): boolean {
  return /^[0-9a-f]{40}$/.test(value);
}
