import { describe, expect, it } from 'vitest';
import { parseSize } from './release-mapper.js';
import { cssSelector } from './rows.js';

describe('parseSize', () => {
  it.each<[string, number | null]>([
    ['1.4 GB', Math.round(1.4 * 1024 ** 3)],
    ['1.4 GB1234', Math.round(1.4 * 1024 ** 3)],
    ['900.5 MiB', Math.round(900.5 * 1024 ** 2)],
    ['1,536.0 MB', 1536 * 1024 ** 2],
    ['700,5 MB', Math.round(700.5 * 1024 ** 2)],
    ['1 234,5 KB', Math.round(1234.5 * 1024)],
    ['123456789', 123456789],
    ['18000000000', 18_000_000_000],
    ['512 bytes', 512],
    ['2 TB', 2 * 1024 ** 4],
    ['n/a', null],
  ])('%s', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });
});

describe('cssSelector', () => {
  it.each([
    ['td a', 'td a'],
    ['script:contains("hiba(\\"")', 'script:contains("hiba\\(\\"")'],
    ["p:contains('a)b'):has(a)", "p:contains('a\\)b'):has(a)"],
  ])('%s', (selector, expected) => {
    expect(cssSelector(selector)).toBe(expected);
  });
});
