// The image recipe, checked without Docker: stages and targets, a non-root runtime user that matches
// the manifests, ffprobe and Chromium where needed, env names Omniarr reads, and a HEALTHCHECK that
// really probes /ping (run here against a local server).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { envVariableNames, envVariables, type EnvName } from '../../src/config/env.js';
import { freePort } from '../support/ports.js';
import { envPairs, lastOf, parseDockerfile, type Dockerfile } from './dockerfile.js';
import { kustomizeBaseWith, repoRoot } from './kustomize.js';
import { podWorkloads } from './manifest-invariants.js';

const run = promisify(execFile);

let dockerfile: Dockerfile;

beforeAll(async () => {
  dockerfile = parseDockerfile(await readFile(path.join(repoRoot, 'Dockerfile'), 'utf8'));
});

function stage(name: string): Dockerfile['stages'][number] {
  const found = dockerfile.stages.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
}

function runs(name: string): string {
  return stage(name)
    .instructions.filter((instruction) => instruction.keyword === 'RUN')
    .map((instruction) => instruction.args)
    .join('\n');
}

function execForm(args: string | undefined): string[] {
  const json = (args ?? '').replace(/^(--\S+\s+)*CMD\s+/, '');
  return JSON.parse(json) as string[];
}

describe('Dockerfile', () => {
  it('builds on Node 20 Debian slim, with omniarr as the default (last) target and a solver target', () => {
    expect(dockerfile.globalArgs.NODE_IMAGE).toMatch(/^node:20(\.\d+)*-(bookworm|trixie)-slim$/);
    expect(dockerfile.stages.map((candidate) => candidate.name)).toEqual([
      'build',
      'app',
      'solver',
      'omniarr',
    ]);
    for (const candidate of dockerfile.stages) expect(['${NODE_IMAGE}', 'app']).toContain(candidate.from);
  });

  it('compiles with the native-addon toolchain and leaves dev dependencies behind', async () => {
    expect(runs('build')).toMatch(/apt-get install[^\n]*python3[^\n]*make[^\n]*g\+\+/);
    expect(runs('build')).toMatch(/npm ci\b[\s\S]*npm run build && npm prune --omit=dev/);
    const copies = stage('app').instructions.filter((instruction) => instruction.keyword === 'COPY');
    expect(copies.every((copy) => copy.args.includes('--from=build'))).toBe(true);
    const packageJson = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(packageJson.scripts.build).toBeDefined();
    expect(packageJson.bin.omniarr).toBe('dist/src/cli/main.js');
  });

  it('runs both targets as a non-root uid that the pods run as too', async () => {
    const objects = await kustomizeBaseWith(['solver']);
    const podUsers = podWorkloads(objects)
      .filter((workload) => ['Deployment/omniarr', 'Deployment/omniarr-solver'].includes(workload.id))
      .map((workload) => workload.pod.securityContext?.runAsUser);
    for (const target of ['omniarr', 'solver']) {
      const user = lastOf(dockerfile, target, 'USER') ?? 'root';
      expect(user, target).toMatch(/^[1-9]\d*:[1-9]\d*$/);
      expect(podUsers).toEqual([Number(user.split(':')[0]), Number(user.split(':')[0])]);
    }
    expect(lastOf(dockerfile, 'omniarr', 'ENTRYPOINT')).toBe('["/usr/bin/tini", "--"]');
  });

  it('ships ffprobe with the service and Chromium with the solver only', () => {
    expect(runs('omniarr')).toMatch(/install[^\n]*\bffmpeg\b/);
    expect(runs('solver')).toMatch(/install[^\n]*\bchromium\b/);
    expect(runs('solver')).not.toMatch(/\bffmpeg\b/);
    expect(runs('omniarr')).not.toMatch(/\bchromium\b/);
  });

  it('sets only variables Omniarr reads, with values its config schema accepts', () => {
    const pairs = stage('omniarr')
      .instructions.filter((instruction) => instruction.keyword === 'ENV')
      .flatMap((instruction) => envPairs(instruction.args))
      .filter(([name]) => name.startsWith('OMNIARR_'));
    expect(pairs.length).toBeGreaterThan(0);
    for (const [name, value] of pairs) {
      expect(envVariableNames()).toContain(name);
      expect(envVariables[name as EnvName].schema.safeParse(value).success, `${name}=${value}`).toBe(true);
    }
    const port = pairs.find(([name]) => name === 'OMNIARR_PORT')?.[1];
    expect(lastOf(dockerfile, 'omniarr', 'EXPOSE')).toBe(port);
    expect(pairs).toContainEqual(['OMNIARR_DATA_DIR', '/config']);
  });

  it('starts `serve` and `solver` from the compiled CLI', () => {
    expect(execForm(lastOf(dockerfile, 'omniarr', 'CMD'))).toEqual(['node', 'dist/src/cli/main.js', 'serve']);
    expect(execForm(lastOf(dockerfile, 'solver', 'CMD'))).toEqual(['node', 'dist/src/cli/main.js', 'solver']);
  });

  it('keeps host state and host-built node_modules out of the build context', async () => {
    const ignored = (await readFile(path.join(repoRoot, '.dockerignore'), 'utf8'))
      .split('\n')
      .map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['.git', 'node_modules', 'dist', 'data']));
  });
});

describe('the omniarr HEALTHCHECK command', () => {
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function serve(status: number): Promise<{ port: number; paths: string[] }> {
    const paths: string[] = [];
    const port = await freePort();
    server = createServer((request, response) => {
      paths.push(request.url ?? '');
      response.writeHead(status).end();
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    return { port, paths };
  }

  async function healthcheck(port: number): Promise<number> {
    const [command, ...args] = execForm(lastOf(dockerfile, 'omniarr', 'HEALTHCHECK'));
    expect(command).toBe('node');
    try {
      await run(process.execPath, args, {
        env: { ...process.env, OMNIARR_PORT: String(port) },
        timeout: 10_000,
      });
      return 0;
    } catch (error) {
      return (error as { code?: number }).code ?? -1;
    }
  }

  it('passes when /ping answers 200', async () => {
    const { port, paths } = await serve(200);
    expect(await healthcheck(port)).toBe(0);
    expect(paths).toEqual(['/ping']);
  });

  it('fails when /ping answers an error', async () => {
    const { port } = await serve(503);
    expect(await healthcheck(port)).toBe(1);
  });

  it('fails when nothing listens', async () => {
    expect(await healthcheck(await freePort())).toBe(1);
  });
});
