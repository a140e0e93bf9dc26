// Cost of reading one 100-row 1337x results page through the Cardigann engine with the site's real
// definition: rows found with cheerio, every field's selector, template and filters (the title alone
// has ten re_replace steps), dates, sizes and categories mapped to releases. No network: the page is
// built here, in the markup the definition expects.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CategoryMap, standardCategoryId } from '../src/indexers/cardigann/categories.js';
import { DefinitionValidator } from '../src/indexers/cardigann/definition-loader.js';
import { readSearchResults } from '../src/indexers/cardigann/search-results.js';
import { configVariables, queryVariables } from '../src/indexers/cardigann/variables.js';

const ROWS = 100;

export interface CardigannBenchmark {
  rows: number;
  /** Median of the timed runs, one page each. */
  parseMs: number;
  releases: number;
  runs: number;
}

export async function cardigannBenchmark(runs = 15): Promise<CardigannBenchmark> {
  const definitionsDir = path.join(repositoryRoot(), '..', 'shared', 'cardigann', 'v11');
  const validator = await DefinitionValidator.fromFile(path.join(definitionsDir, 'schema.json'));
  const report = validator.check('1337x.yml', await readFile(path.join(definitionsDir, '1337x.yml'), 'utf8'));
  if (report.status !== 'ok') throw new Error(`1337x definition cannot run: ${report.reasons.join('; ')}`);
  const definition = report.definition;

  const siteLink = new URL('http://127.0.0.1:9/');
  const now = new Date('2026-06-15T10:00:00Z');
  const variables = new Map([
    ...configVariables(definition, {}, siteLink, now),
    ...queryVariables({ kind: 'text', text: 'matrix' }, 'matrix', []),
  ]);
  const categories = new CategoryMap(
    (definition.caps.categorymappings ?? []).map((m) => ({
      siteId: String(m.id),
      newznabId: standardCategoryId(m.cat) ?? 8000,
      description: m.desc ?? null,
      default: false,
    })),
  );
  const page = resultsPage(ROWS);
  const context = { definition, indexer: '1337x', siteLink, categories, now };
  const path0 = definition.search.paths![0]!;

  let releases = 0;
  for (let i = 0; i < 3; i++) releases = readSearchResults(page, path0, variables, context).releases.length;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    releases = readSearchResults(page, path0, variables, context).releases.length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    rows: ROWS,
    parseMs: Math.round(times[Math.floor(times.length / 2)]! * 100) / 100,
    releases,
    runs,
  };
}

function resultsPage(count: number): string {
  const dates = ['7am Sep. 14th', "Apr. 18th '11", '12:25am', '11pm Jan. 3rd'];
  const categories = [42, 54, 41, 76, 70];
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const title = `The.Matrix.Part.${i}.1999.1080p.BluRay.DD 5 1.x264-GRP${i % 7}`;
    const slug = title.replace(/[^\w]+/g, '-');
    rows.push(`<tr>
<td class="coll-1 name"><a href="/sub/${categories[i % categories.length]}/0/" class="icon"><i class="flaticon-hd"></i></a><a href="/torrent/${1000 + i}/${slug}/">${title}</a></td>
<td class="coll-2 seeds">${(i * 37) % 5000}</td><td class="coll-3 leeches">${(i * 13) % 700}</td>
<td class="coll-date">${dates[i % dates.length]}</td>
<td class="coll-4 size mob-uploader">${(1 + (i % 40) / 10).toFixed(1)} GB<span class="seeds">${(i * 37) % 5000}</span></td>
<td class="coll-5 uploader"><a href="/user/u${i % 9}/">u${i % 9}</a></td></tr>`);
  }
  return `<!DOCTYPE html><html><head><title>1337x</title></head><body><main>
<table class="table-list table table-responsive table-striped"><thead><tr><th class="coll-1 name">name</th>
<th class="coll-2">se</th><th class="coll-3">le</th><th class="coll-date">time</th><th class="coll-4">size</th>
<th class="coll-5">uploader</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></main></body></html>`;
}

/** The checkout's root (holding package.json), from src or from the build in dist/. */
function repositoryRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the benchmark');
    dir = parent;
  }
  return dir;
}
