// Renders the kustomize trees under deploy/kubernetes with `kubectl kustomize` (offline: it only reads
// files) and parses the output into plain objects for the deployment checks.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const kubernetesDir = path.join(repoRoot, 'deploy/kubernetes');

/** One rendered object; the schema checks decide whether the rest of it is well formed. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

function isKubernetesObject(value: unknown): value is KubernetesObject {
  if (typeof value !== 'object' || value === null) return false;
  const object = value as Record<string, unknown>;
  const metadata = object.metadata as Record<string, unknown> | undefined;
  return (
    typeof object.apiVersion === 'string' &&
    typeof object.kind === 'string' &&
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof metadata.name === 'string'
  );
}

/** Parses a multi-document YAML stream; throws on syntax errors or documents that are not objects. */
export function parseManifests(yamlText: string, source: string): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  // YAML 1.1, like the Kubernetes API server's parser: an unquoted `on` is a boolean there, not a string.
  for (const document of parseAllDocuments(yamlText, { version: '1.1' })) {
    if (document.errors.length > 0) {
      throw new Error(`${source}: ${document.errors.map((error) => error.message).join('; ')}`);
    }
    const value: unknown = document.toJS();
    if (value === null) continue;
    if (!isKubernetesObject(value)) {
      throw new Error(`${source}: a document without apiVersion, kind and metadata.name`);
    }
    objects.push(value);
  }
  return objects;
}

/** `kubectl kustomize DIR`, parsed. */
export async function kustomizeBuild(dir: string): Promise<KubernetesObject[]> {
  let stdout: string;
  try {
    ({ stdout } = await run('kubectl', ['kustomize', dir], { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }));
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new Error('kubectl is not installed (CI installs Debian kubernetes-client when it is missing)');
    }
    throw new Error(
      `kubectl kustomize ${path.relative(repoRoot, dir)} failed: ${failure.stderr ?? failure.message}`,
    );
  }
  return parseManifests(stdout, path.relative(repoRoot, dir));
}

/** The base with some components, the way an overlay would include them, rendered from a temp dir. */
export async function kustomizeBaseWith(components: readonly string[]): Promise<KubernetesObject[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'omniarr-kustomize-'));
  try {
    const relative = (target: string): string => path.relative(dir, path.join(kubernetesDir, target));
    const kustomization = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      `  - ${relative('base')}`,
      ...(components.length > 0
        ? ['components:', ...components.map((name) => `  - ${relative(`components/${name}`)}`)]
        : []),
      '',
    ].join('\n');
    await writeFile(path.join(dir, 'kustomization.yaml'), kustomization);
    return await kustomizeBuild(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Names of the folders directly under deploy/kubernetes/<kind>. */
export async function listTrees(kind: 'overlays' | 'components'): Promise<string[]> {
  const entries = await readdir(path.join(kubernetesDir, kind), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
