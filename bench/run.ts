// `npm run bench`: runs every benchmark and prints one JSON document. Figures, not pass/fail: the
// targets live in the issues and the notes compare against them. They run one after another, never
// side by side, so no benchmark steals the other's cores.
import { cpus, loadavg } from 'node:os';
import { cardigannBenchmark } from './cardigann.bench.js';
import { decisionBenchmark } from './decisions.bench.js';
import { fanoutBenchmark } from './fanout.bench.js';
import { importBenchmark } from './import.bench.js';
import { libraryMemoryBenchmark } from './library-memory.bench.js';
import { moviesBenchmark } from './movies.bench.js';
import { parserBenchmark } from './parser.bench.js';
import { rssBenchmark } from './rss.bench.js';
import { seriesBenchmark } from './series.bench.js';
import { serviceBenchmark } from './service.bench.js';
import { solverBenchmark } from './solver.bench.js';

const started = performance.now();
const results: Record<string, unknown> = {
  machine: {
    node: process.version,
    arch: process.arch,
    cpus: cpus().length,
    // Other work on the machine moves every figure; the load at start says how much.
    loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
  },
  service: await serviceBenchmark(),
  serviceWith10000Movies: await libraryMemoryBenchmark(),
  parser: await parserBenchmark(),
  decisions: decisionBenchmark(),
  movies: await moviesBenchmark(),
  import: await importBenchmark(),
  solver: await solverBenchmark(),
  fanout: await fanoutBenchmark(),
  cardigann: await cardigannBenchmark(),
  series2000: await seriesBenchmark(),
  rssSync1000: await rssBenchmark(),
};
results.totalSeconds = Math.round((performance.now() - started) / 100) / 10;

process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
