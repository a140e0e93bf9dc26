// Renders every overlay, and the base with each component, with `kubectl kustomize`; validates every
// object against the Kubernetes and CRD schemas offline and asserts the deployment invariants.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  dataVolumeRule,
  omniarrTarget,
  omniarrVariables,
  rootExceptions,
  secretEnvNames,
} from './deploy-rules.js';
import {
  checkContainers,
  checkNoSecretValues,
  checkOmniarrEnv,
  checkReferences,
  checkSharedDataVolume,
  podWorkloads,
  secretValueReason,
} from './manifest-invariants.js';
import { schemaErrors } from './manifest-schemas.js';
import {
  kubernetesDir,
  kustomizeBaseWith,
  kustomizeBuild,
  listTrees,
  repoRoot,
  type KubernetesObject,
} from './kustomize.js';

interface Render {
  name: string;
  /** Overlays must be complete (their Secrets come from ExternalSecrets); bare component renders not. */
  complete: boolean;
  render: () => Promise<KubernetesObject[]>;
}

const overlays = await listTrees('overlays');
const components = await listTrees('components');

const renders: Render[] = [
  ...overlays.map((name) => ({
    name: `overlay ${name}`,
    complete: true,
    render: () => kustomizeBuild(path.join(kubernetesDir, 'overlays', name)),
  })),
  { name: 'base', complete: false, render: () => kustomizeBaseWith([]) },
  ...components.map((name) => ({
    name: `base + ${name}`,
    complete: false,
    render: () => kustomizeBaseWith([name]),
  })),
  { name: 'base + every component', complete: false, render: () => kustomizeBaseWith(components) },
];

it('finds the overlays and components to render', () => {
  expect(overlays).toContain('k3s-home');
  expect(components).toEqual(expect.arrayContaining(['postgres', 'qbittorrent-gluetun', 'solver']));
});

describe.each(renders)('$name', ({ complete, render }) => {
  let objects: KubernetesObject[];

  beforeAll(async () => {
    objects = await render();
  });

  it('renders Omniarr and validates every object against its schema', () => {
    expect(podWorkloads(objects).map((workload) => workload.id)).toContain(omniarrTarget.workload);
    expect(objects.flatMap(schemaErrors)).toEqual([]);
  });

  it('gives every container resources, probes, a pinned image and a hardened securityContext', () => {
    expect(checkContainers(objects, rootExceptions)).toEqual([]);
  });

  it('mounts the one media volume at /data wherever downloads or media are touched', () => {
    expect(checkSharedDataVolume(objects, dataVolumeRule)).toEqual([]);
  });

  it('holds no secret value', () => {
    expect(checkNoSecretValues(objects, secretEnvNames)).toEqual([]);
  });

  it("sets only Omniarr's own config variables, with valid values that agree with the pod", () => {
    expect(checkOmniarrEnv(objects, omniarrTarget, omniarrVariables)).toEqual([]);
  });

  it('has references that resolve', () => {
    expect(checkReferences(objects, { secretsFromExternalSecrets: complete })).toEqual([]);
  });
});

describe('overlay k3s-home', () => {
  let objects: KubernetesObject[];

  beforeAll(async () => {
    objects = await kustomizeBuild(path.join(kubernetesDir, 'overlays/k3s-home'));
  });

  const named = (kind: string, name: string): KubernetesObject => {
    const object = objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
    if (!object) throw new Error(`no ${kind}/${name}`);
    return object;
  };

  it('puts everything in the media namespace', () => {
    const clusterScoped = new Set(['Namespace', 'PersistentVolume']);
    const namespaced = objects.filter((object) => !clusterScoped.has(object.kind));
    expect(namespaced.filter((object) => object.metadata.namespace !== 'media')).toEqual([]);
    expect(named('Namespace', 'media')).toBeDefined();
  });

  it('binds /data to the NAS over NFS and /config to local-path', () => {
    const volume = named('PersistentVolume', 'omniarr-data-nfs') as KubernetesObject & {
      spec: { nfs?: { server: string; path: string }; persistentVolumeReclaimPolicy?: string };
    };
    expect(volume.spec.nfs?.path).toMatch(/^\//);
    expect(volume.spec.persistentVolumeReclaimPolicy).toBe('Retain');
    const config = named('PersistentVolumeClaim', 'omniarr-config') as KubernetesObject & {
      spec: { storageClassName?: string };
    };
    expect(config.spec.storageClassName).toBe('local-path');
  });

  it('pins every pod that shares /data to the same single node', () => {
    const nodes = podWorkloads(objects)
      .filter((workload) =>
        (workload.pod.volumes ?? []).some(
          (volume) => volume.persistentVolumeClaim?.claimName === 'omniarr-data',
        ),
      )
      .map((workload) => {
        const terms =
          workload.pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
            ?.nodeSelectorTerms;
        const expression = terms?.[0]?.matchExpressions?.[0];
        return `${expression?.key ?? '?'}=${(expression?.values ?? []).join('|')}`;
      });
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(nodes).size).toBe(1);
    expect(nodes[0]).toMatch(/^kubernetes\.io\/hostname=[^|]+$/);
  });

  it('reads the VPN keys and the admin API key from the 1Password ClusterSecretStore', () => {
    const externals = objects.filter((object) => object.kind === 'ExternalSecret') as (KubernetesObject & {
      spec: { secretStoreRef: { kind: string; name: string } };
    })[];
    expect(externals.map((external) => external.metadata.name).sort()).toEqual([
      'gluetun-control-auth',
      'gluetun-wireguard',
      'omniarr-secrets',
    ]);
    for (const external of externals) expect(external.spec.secretStoreRef.kind).toBe('ClusterSecretStore');
    expect(new Set(externals.map((external) => external.spec.secretStoreRef.name)).size).toBe(1);
  });

  it('serves every ingress host under one domain', () => {
    const hosts = objects
      .filter((object) => object.kind === 'Ingress')
      .flatMap(
        (ingress) => (ingress as KubernetesObject & { spec: { rules: { host: string }[] } }).spec.rules,
      )
      .map((rule) => rule.host);
    expect(hosts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(hosts.map((host) => host.split('.').slice(1).join('.'))).size).toBe(1);
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

it('has no secret-looking value in any file under deploy/ or in the Dockerfile', async () => {
  const files = [...(await filesUnder(path.join(repoRoot, 'deploy'))), path.join(repoRoot, 'Dockerfile')];
  const findings: string[] = [];
  for (const file of files) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    for (const [index, line] of lines.entries()) {
      const reason = secretValueReason(line);
      if (reason) findings.push(`${path.relative(repoRoot, file)}:${index + 1}: ${reason}`);
    }
  }
  expect(files.length).toBeGreaterThan(10);
  expect(findings).toEqual([]);
});
