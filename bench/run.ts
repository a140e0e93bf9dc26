// `npm run bench`: runs every benchmark and prints one JSON document. Figures, not pass/fail: the
// targets live in the issues and the notes compare against them.
import { parserBenchmark } from './parser.bench.js';
import { serviceBenchmark } from './service.bench.js';

const results: Record<string, unknown> = {
  machine: { node: process.version, arch: process.arch, cpus: (await import('node:os')).cpus().length },
  service: await serviceBenchmark(),
  parser: await parserBenchmark(),
};

process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
