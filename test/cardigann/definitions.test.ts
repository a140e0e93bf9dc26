// Loads every definition shipped in ../shared/cardigann/v11 through the loader (YAML, JSON Schema v11,
// engine checks) and reports how many the engine can run, with the reasons for the rest.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DefinitionCatalog } from '../../src/indexers/cardigann/definition-catalog.js';

const definitionsDir = path.resolve(import.meta.dirname, '../../../shared/cardigann/v11');

// Measured: 541 of 544. The rest: a .NET balancing-group regex JavaScript cannot express
// (hawke-uno), and two CSS selectors no parser accepts (`tr:has()` in gigatorrents, a type selector
// after a pseudo-class in puntotorrent).
const LOADABLE_FLOOR = 541;

// Loading all 544 takes a few seconds: once for the whole file.
let catalog: DefinitionCatalog;
beforeAll(async () => {
  catalog = await DefinitionCatalog.load(definitionsDir);
});

describe('the shipped Cardigann definitions', () => {
  it('load and validate, with a precise reason for each one that cannot run', () => {
    const reports = catalog.reports;
    const counts = { ok: 0, invalid: 0, unsupported: 0 };
    const reasons = new Map<string, string[]>();
    for (const report of reports) {
      counts[report.status]++;
      if (report.status === 'ok') continue;
      expect(report.reasons.length).toBeGreaterThan(0);
      for (const reason of report.reasons) reasons.set(reason, [...(reasons.get(reason) ?? []), report.file]);
    }
    const top = [...reasons.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, 10);
    console.info(
      `Cardigann definitions: ${reports.length} files, ${counts.ok} load, ${counts.invalid} invalid, ${counts.unsupported} unsupported\n` +
        top
          .map(([reason, files]) => `  ${files.length}× ${reason} (${files.slice(0, 3).join(', ')})`)
          .join('\n'),
    );
    expect(reports).toHaveLength(544);
    expect(counts.ok).toBeGreaterThanOrEqual(LOADABLE_FLOOR);
  });

  it('reports a broken file without stopping the others', async () => {
    const { DefinitionValidator } = await import('../../src/indexers/cardigann/definition-loader.js');
    const validator = await DefinitionValidator.fromFile(path.join(definitionsDir, 'schema.json'));
    expect(validator.check('bad.yml', 'id: [unclosed')).toMatchObject({
      status: 'invalid',
      reasons: [expect.stringMatching(/^not valid YAML/)],
    });
    expect(validator.check('extra.yml', 'id: x\nname: x\nbogus: 1')).toMatchObject({ status: 'invalid' });
    const minimal = [
      'id: mini', 'name: Mini', 'description: d', 'language: en-US', 'type: public', 'encoding: UTF-8',
      'links: ["https://mini.test/"]', 'caps: {categories: {"1": Movies}, modes: {search: [q]}}', 'settings: []',
      'search:', '  paths: [{path: "s/{{ .Config.missing }}"}]', '  rows: {selector: tr}',
      '  fields: {category: {text: 1}, size: {text: 1}, seeders: {text: 1}, leechers: {text: 1}, title: {selector: a}, download: {selector: a, attribute: href, filters: [{name: re_replace, args: ["(?<-o>x)", ""]}]}}',
    ].join('\n'); // prettier-ignore
    const report = validator.check('mini.yml', minimal);
    expect(report.status).toBe('unsupported');
    expect(report.status !== 'ok' && report.reasons).toEqual([
      'search.paths[0].path: template reads .Config.missing, which no setting defines',
      expect.stringMatching(/^search\.fields\.download: regular expression "\(\?<-o>x\)" cannot be used/),
    ]);
  });
});

describe('the definition catalog', () => {
  it('lists what can run with its settings, explains what cannot, and builds indexers', async () => {
    expect(catalog.list()).toHaveLength(catalog.reports.length - catalog.problems().length);
    const aussie = catalog.list().find((d) => d.id === 'aussierules');
    expect(aussie?.settings.map((s) => s.name)).toEqual(['username', 'password', 'type', 'dead']);
    expect(aussie?.needsManualCookie).toBe(false);
    expect(() => catalog.get('hawke-uno')).toThrow(/cannot run: search\.fields\.title: regular expression/);
    expect(() => catalog.get('nope')).toThrow(/no Cardigann definition "nope"/);
    const indexer = catalog.createIndexer({ name: 'My 1337x', definitionId: '1337x', settings: {} });
    expect(indexer.name).toBe('My 1337x');
    expect((await indexer.capabilities()).movieSearch.available).toBe(true);
  });
});
