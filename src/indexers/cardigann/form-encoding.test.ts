import { describe, expect, it } from 'vitest';
import { encodeForm } from './form-encoding.js';

describe('encodeForm', () => {
  it.each([
    ['UTF-8', [['q', 'the matrix & co']], 'q=the+matrix+%26+co'],
    ['UTF-8', [['q', 'Amélie']], 'q=Am%C3%A9lie'],
    ['windows-1251', [['q', 'Матрица 1999']], 'q=%CC%E0%F2%F0%E8%F6%E0+1999'],
    ['iso-8859-1', [['q', 'Amélie']], 'q=Am%E9lie'],
    ['windows-1250', [['q', 'Łódź']], 'q=%A3%F3d%9F'],
    ['windows-1251', [['q', 'Amélie']], 'q=Am%3Flie'],
  ] as const)('%s %j', (encoding, pairs, expected) => {
    expect(encodeForm(pairs, encoding)).toBe(expected);
  });
});
