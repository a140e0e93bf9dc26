// The README documents every configuration variable the service reads.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envVariables } from '../src/config/env.js';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('documents every environment variable', () => {
    for (const name of Object.keys(envVariables))
      expect(readme, name).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
  });

  it('has the two Quickstart commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});
