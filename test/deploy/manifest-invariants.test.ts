// Each invariant must catch the mistake it exists for: the real k3s-home render (which passes every
// check) is broken in one place at a time, and the matching check has to name the problem.
import path from 'node:path';
import type { IContainer, IPodSpec } from 'kubernetes-models/v1';
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
  containersIn,
  parseQuantity,
  podWorkloads,
  secretValueReason,
} from './manifest-invariants.js';
import { knownKinds, schemaErrors } from './manifest-schemas.js';
import { kubernetesDir, kustomizeBuild, parseManifests, type KubernetesObject } from './kustomize.js';

let rendered: KubernetesObject[];

beforeAll(async () => {
  rendered = await kustomizeBuild(path.join(kubernetesDir, 'overlays/k3s-home'));
});

function allViolations(objects: KubernetesObject[]): string[] {
  // The invariants read schema-valid objects only, as in manifests.test.ts.
  const invalid = objects.flatMap(schemaErrors);
  if (invalid.length > 0) return invalid;
  return [
    ...checkContainers(objects, rootExceptions),
    ...checkSharedDataVolume(objects, dataVolumeRule),
    ...checkNoSecretValues(objects, secretEnvNames),
    ...checkOmniarrEnv(objects, omniarrTarget, omniarrVariables),
    ...checkReferences(objects, { secretsFromExternalSecrets: true }),
  ];
}

interface Edit {
  objects: KubernetesObject[];
  object(kind: string, name: string): KubernetesObject & { spec: Record<string, unknown> };
  pod(workload: string): IPodSpec;
  container(workload: string, name: string): IContainer;
}

function edited(change: (edit: Edit) => void): KubernetesObject[] {
  const objects = structuredClone(rendered);
  const object = (kind: string, name: string): KubernetesObject & { spec: Record<string, unknown> } => {
    const found = objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
    if (!found) throw new Error(`no ${kind}/${name}`);
    return found as KubernetesObject & { spec: Record<string, unknown> };
  };
  const pod = (workload: string): IPodSpec => {
    const found = podWorkloads(objects).find((candidate) => candidate.id === workload);
    if (!found) throw new Error(`no ${workload}`);
    return found.pod;
  };
  const container = (workload: string, name: string): IContainer => {
    const found = containersIn(objects).find(
      (entry) => entry.workload.id === workload && entry.container.name === name,
    );
    if (!found) throw new Error(`no container ${name} in ${workload}`);
    return found.container;
  };
  change({ objects, object, pod, container });
  return objects;
}

const OMNIARR = 'Deployment/omniarr';
const QBIT = 'Deployment/qbittorrent';

function setEnv(container: IContainer, name: string, value: string | undefined): void {
  const others = (container.env ?? []).filter((variable) => variable.name !== name);
  container.env = value === undefined ? others : [...others, { name, value }];
}

it('the unmodified render passes every check', () => {
  expect(allViolations(rendered)).toEqual([]);
});

const cases: [string, (edit: Edit) => void, RegExp][] = [
  // Containers
  [
    'omniarr without a readiness probe',
    (e) => delete e.container(OMNIARR, 'omniarr').readinessProbe,
    /omniarr: no readinessProbe/,
  ],
  [
    'qBittorrent without a memory limit',
    (e) => delete e.container(QBIT, 'qbittorrent').resources?.limits,
    /qbittorrent: no resources\.limits\.memory/,
  ],
  [
    'a memory limit below the request',
    (e) => {
      e.container(OMNIARR, 'omniarr').resources!.limits!.memory = '128Mi';
    },
    /below its request/,
  ],
  [
    'a writable root filesystem',
    (e) => {
      e.container(OMNIARR, 'omniarr').securityContext!.readOnlyRootFilesystem = false;
    },
    /root filesystem is not read-only/,
  ],
  [
    'a pod allowed to run as root',
    (e) => {
      e.pod(QBIT).securityContext!.runAsNonRoot = false;
      e.pod(QBIT).securityContext!.runAsUser = 0;
    },
    /qbittorrent: runAsNonRoot is not true/,
  ],
  [
    'privilege escalation allowed',
    (e) => {
      e.container(OMNIARR, 'omniarr').securityContext!.allowPrivilegeEscalation = true;
    },
    /allowPrivilegeEscalation is not false/,
  ],
  [
    'capabilities not dropped',
    (e) => {
      e.container(OMNIARR, 'omniarr').securityContext!.capabilities = {};
    },
    /does not drop ALL/,
  ],
  [
    'the VPN sidecar with more than NET_ADMIN',
    (e) => {
      e.pod(QBIT).initContainers![0]!.securityContext!.capabilities!.add!.push('SYS_ADMIN');
    },
    /SYS_ADMIN beyond its documented exception/,
  ],
  [
    'the VPN sidecar privileged',
    (e) => {
      e.pod(QBIT).initContainers![0]!.securityContext!.privileged = true;
    },
    /gluetun: privileged/,
  ],
  [
    'the VPN sidecar without a liveness probe',
    (e) => delete e.pod(QBIT).initContainers![0]!.livenessProbe,
    /gluetun: no livenessProbe/,
  ],
  [
    'a read-only root filesystem without /tmp',
    (e) => {
      const c = e.container(OMNIARR, 'omniarr');
      c.volumeMounts = c.volumeMounts!.filter((m) => m.mountPath !== '/tmp');
    },
    /without an emptyDir at \/tmp/,
  ],
  [
    'an image on :latest',
    (e) => {
      e.container(QBIT, 'qbittorrent').image = 'ghcr.io/home-operations/qbittorrent:latest';
    },
    /uses :latest/,
  ],
  [
    'an untagged image',
    (e) => {
      e.container(OMNIARR, 'omniarr').image = 'registry.home.example.com/omniarr';
    },
    /has no tag/,
  ],
  [
    'a service account token mounted',
    (e) => {
      e.pod(OMNIARR).automountServiceAccountToken = true;
    },
    /service account token/,
  ],
  // The shared media volume
  [
    'qBittorrent mounting the media volume elsewhere',
    (e) => {
      e.container(QBIT, 'qbittorrent').volumeMounts!.find((m) => m.name === 'data')!.mountPath = '/downloads';
    },
    /mounts omniarr-data at \/downloads, not \/data/,
  ],
  [
    'a subPath of the media volume',
    (e) => {
      e.container(QBIT, 'qbittorrent').volumeMounts!.find((m) => m.name === 'data')!.subPath = 'downloads';
    },
    /subPath/,
  ],
  [
    'a second volume under /data',
    (e) => {
      e.pod(QBIT).volumes!.push({ name: 'extra', emptyDir: {} });
      e.container(QBIT, 'qbittorrent').volumeMounts!.push({
        name: 'extra',
        mountPath: '/data/downloads/incomplete',
      });
    },
    /\/data\/downloads\/incomplete is not the shared omniarr-data volume/,
  ],
  [
    'a download client without the media volume',
    (e) => {
      const c = e.container(QBIT, 'qbittorrent');
      c.volumeMounts = c.volumeMounts!.filter((m) => m.name !== 'data');
    },
    /qbittorrent: handles downloads or media but does not mount omniarr-data/,
  ],
  [
    'the media volume written as two users',
    (e) => {
      e.pod(QBIT).securityContext!.runAsUser = 1001;
    },
    /run as different users/,
  ],
  // Secrets
  [
    'a Secret with values',
    (e) =>
      e.objects.push({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'leak', namespace: 'media' },
        stringData: { password: 'hunter2' },
      }),
    /Secret\/leak: a Secret with values/,
  ],
  [
    'the admin API key as a literal',
    (e) => setEnv(e.container(OMNIARR, 'omniarr'), 'OMNIARR_API_KEY', 'q8Jx2mVbT4nR7wLs0PzK3yHd6FgA9cEu1'),
    /OMNIARR_API_KEY is set inline/,
  ],
  [
    'a WireGuard private key as a literal',
    (e) => {
      const env = e.pod(QBIT).initContainers![0]!.env!;
      env.find((v) => v.name === 'WIREGUARD_PRIVATE_KEY')!.valueFrom = undefined;
      env.find((v) => v.name === 'WIREGUARD_PRIVATE_KEY')!.value =
        'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
    },
    /WIREGUARD_PRIVATE_KEY is set inline/,
  ],
  [
    'a database URL with its password',
    (e) =>
      setEnv(
        e.container(OMNIARR, 'omniarr'),
        'OMNIARR_DATABASE_URL',
        'postgresql://omniarr:s3cret@db:5432/omniarr',
      ),
    /URL with a password/,
  ],
  [
    'a password in an ExternalSecret template',
    (e) => {
      const spec = e.object('ExternalSecret', 'gluetun-control-auth').spec as {
        target: { template: { data: Record<string, string> } };
      };
      spec.target.template.data['config.toml'] = 'apikey = "Zr7kP2vQ9xL4mN8bT1wY6cH3jF5sD0aE"';
    },
    /random-looking token/,
  ],
  // Omniarr's environment
  [
    'a renamed config variable',
    (e) => {
      e.container(OMNIARR, 'omniarr').env!.find((v) => v.name === 'OMNIARR_LOG_LEVEL')!.name =
        'OMNIARR_LOGLEVEL';
    },
    /sets OMNIARR_LOGLEVEL, which Omniarr does not read/,
  ],
  [
    'a value the config schema rejects',
    (e) => setEnv(e.container(OMNIARR, 'omniarr'), 'OMNIARR_LOG_LEVEL', 'verbose'),
    /OMNIARR_LOG_LEVEL="verbose" is invalid/,
  ],
  [
    'a port that differs from the container port',
    (e) => setEnv(e.container(OMNIARR, 'omniarr'), 'OMNIARR_PORT', '8080'),
    /listens on 8080 but its http port is 7777/,
  ],
  [
    'the data directory off the config volume',
    (e) => setEnv(e.container(OMNIARR, 'omniarr'), 'OMNIARR_DATA_DIR', undefined),
    /data directory .*data is not a mounted PersistentVolumeClaim/,
  ],
  [
    'no proxy trust behind the Ingress',
    (e) => setEnv(e.container(OMNIARR, 'omniarr'), 'OMNIARR_TRUST_PROXY', undefined),
    /without OMNIARR_TRUST_PROXY=true/,
  ],
  [
    'a key file outside the Secret mount',
    (e) => setEnv(e.container(OMNIARR, 'omniarr'), 'OMNIARR_API_KEY_FILE', '/config/api-key'),
    /not inside a mounted Secret/,
  ],
  [
    'a key file the Secret volume does not hold',
    (e) => setEnv(e.container(OMNIARR, 'omniarr'), 'OMNIARR_API_KEY_FILE', '/run/secrets/omniarr/key'),
    /has no item key/,
  ],
  [
    'no admin API key',
    (e) => setEnv(e.container(OMNIARR, 'omniarr'), 'OMNIARR_API_KEY_FILE', undefined),
    /gets no admin API key/,
  ],
  [
    'a grace period shorter than the shutdown timeout',
    (e) => {
      e.pod(OMNIARR).terminationGracePeriodSeconds = 20;
    },
    /terminationGracePeriodSeconds 20 does not exceed OMNIARR_SHUTDOWN_TIMEOUT 25/,
  ],
  [
    'service links on',
    (e) => {
      e.pod(OMNIARR).enableServiceLinks = true;
    },
    /enableServiceLinks is not false/,
  ],
  [
    'a rolling update on SQLite',
    (e) => {
      e.object('Deployment', 'omniarr').spec.strategy = { type: 'RollingUpdate' };
    },
    /strategy is not Recreate/,
  ],
  [
    'two replicas',
    (e) => {
      e.object('Deployment', 'omniarr').spec.replicas = 2;
    },
    /exactly one replica/,
  ],
  [
    'liveness on the deep health check',
    (e) => {
      e.container(OMNIARR, 'omniarr').livenessProbe!.httpGet!.path = '/api/v1/health';
    },
    /liveness probe is not \/ping/,
  ],
  [
    'envFrom',
    (e) => {
      e.container(OMNIARR, 'omniarr').envFrom = [{ configMapRef: { name: 'x' } }];
    },
    /envFrom/,
  ],
  // References
  [
    'a Service pointing at a port no container has',
    (e) => {
      (e.object('Service', 'omniarr').spec.ports as { targetPort: string }[])[0]!.targetPort = 'web';
    },
    /targetPort web is not a container port/,
  ],
  [
    'an Ingress to a missing Service',
    (e) => {
      const rules = e.object('Ingress', 'omniarr').spec.rules as {
        http: { paths: { backend: { service: { name: string } } }[] };
      }[];
      rules[0]!.http.paths[0]!.backend.service.name = 'omniar';
    },
    /backend Service omniar is missing/,
  ],
  [
    'an Ingress without a cert-manager issuer',
    (e) => {
      e.object('Ingress', 'omniarr').metadata.annotations = {};
    },
    /no cert-manager issuer annotation/,
  ],
  [
    'TLS for another host',
    (e) => {
      (e.object('Ingress', 'omniarr').spec.tls as { hosts: string[] }[])[0]!.hosts = [
        'other.home.example.com',
      ];
    },
    /TLS hosts differ/,
  ],
  [
    'a Secret no ExternalSecret makes',
    (e) => {
      e.objects.splice(e.objects.indexOf(e.object('ExternalSecret', 'omniarr-secrets')), 1);
    },
    /Secret omniarr-secrets is made by no ExternalSecret/,
  ],
  [
    'an ExternalSecret missing a key',
    (e) => {
      (e.object('ExternalSecret', 'gluetun-wireguard').spec.data as { secretKey: string }[])[1]!.secretKey =
        'address';
    },
    /provides no key addresses/,
  ],
  [
    'a claim bound to a missing volume',
    (e) => {
      e.object('PersistentVolumeClaim', 'omniarr-data').spec.volumeName = 'omniarr-data-nsf';
    },
    /missing PersistentVolume omniarr-data-nsf/,
  ],
  [
    'a claim larger than its volume',
    (e) => {
      (e.object('PersistentVolume', 'omniarr-data-nfs').spec.capacity as Record<string, string>).storage =
        '100Gi';
    },
    /requests more than PersistentVolume/,
  ],
  [
    'a missing claim',
    (e) => {
      e.pod(OMNIARR).volumes!.find((v) => v.name === 'config')!.persistentVolumeClaim!.claimName =
        'omniarr-cfg';
    },
    /missing claim omniarr-cfg/,
  ],
  [
    'a ServiceMonitor on a port the Service lacks',
    (e) => {
      (e.object('ServiceMonitor', 'omniarr').spec.endpoints as { port: string }[])[0]!.port = 'metrics';
    },
    /no selected Service has port metrics/,
  ],
  [
    'a mount of an undeclared volume',
    (e) => {
      e.container(OMNIARR, 'omniarr').volumeMounts!.push({ name: 'cache', mountPath: '/cache' });
    },
    /undeclared volume cache/,
  ],
  // Schemas
  [
    'a field of the wrong type',
    (e) => {
      (e.container(OMNIARR, 'omniarr') as unknown as Record<string, unknown>).image = 7;
    },
    /Deployment\/omniarr: .*image must be string/,
  ],
  [
    'an ExternalSecret entry without remoteRef',
    (e) => {
      delete (e.object('ExternalSecret', 'omniarr-secrets').spec.data as { remoteRef?: unknown }[])[0]!
        .remoteRef;
    },
    /ExternalSecret\/omniarr-secrets: .*remoteRef/,
  ],
  [
    'a ServiceMonitor credential without a key',
    (e) => {
      delete (
        e.object('ServiceMonitor', 'omniarr').spec.endpoints as {
          authorization: { credentials: { key?: string } };
        }[]
      )[0]!.authorization.credentials.key;
    },
    /ServiceMonitor\/omniarr: .*key/,
  ],
  [
    'a kind without a schema',
    (e) => e.objects.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }),
    /no schema for example.com\/v1 Widget/,
  ],
];

describe('each check catches its mistake', () => {
  it.each(cases)('%s', (_name, change, expected) => {
    const violations = allViolations(edited(change));
    expect(
      violations.some((violation) => expected.test(violation)),
      violations.join('\n'),
    ).toBe(true);
  });
});

describe('schemas', () => {
  it('covers the kinds of every model package', () => {
    expect(knownKinds()).toEqual(
      expect.arrayContaining([
        'apps/v1/Deployment',
        'v1/PersistentVolume',
        'monitoring.coreos.com/v1/PrometheusRule',
        'cert-manager.io/v1/Certificate',
        'external-secrets.io/v1beta1/ExternalSecret',
      ]),
    );
  });

  it('rejects a cert-manager Certificate without its required fields', () => {
    const certificate = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'c' },
      spec: { dnsNames: ['a.example.com'] },
    };
    expect(schemaErrors(certificate).join()).toMatch(/issuerRef|secretName/);
  });

  it('reads YAML as Kubernetes does: an unquoted on is a boolean, which an env value cannot be', () => {
    const [deployment] = parseManifests(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: d}',
        'spec:',
        '  selector: {matchLabels: {a: b}}',
        '  template:',
        '    metadata: {labels: {a: b}}',
        '    spec:',
        '      containers:',
        '        - name: c',
        '          image: c:1',
        '          env: [{name: VPN_PORT_FORWARDING, value: on}]',
      ].join('\n'),
      'inline',
    );
    expect(schemaErrors(deployment!).join()).toMatch(/value must be string/);
  });

  it('refuses a YAML stream with a document that is not an object', () => {
    expect(() => parseManifests('apiVersion: v1\nkind: ConfigMap\n', 'inline')).toThrow(
      /without apiVersion, kind and metadata\.name/,
    );
  });
});

describe('parseQuantity', () => {
  it.each([
    ['256Mi', 256 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['100m', 0.1],
    ['1.5', 1.5],
    ['2k', 2000],
    [3, 3],
  ] as const)('%s', (quantity, expected) => {
    expect(parseQuantity(quantity)).toBeCloseTo(expected);
  });

  it.each(['', '1Xi', 'lots', '-1Gi'])('refuses %j', (quantity) => {
    expect(parseQuantity(quantity)).toBeUndefined();
  });
});

describe('secretValueReason', () => {
  it.each([
    ['yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=', 'a random-looking token'],
    ['q8Jx2mVbT4nR7wLs0PzK3yHd6FgA9cEu1', 'a random-looking token'],
    ['postgresql://omniarr:pw@db/omniarr', 'a URL with a password'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 'a PEM private key'],
  ])('flags %s', (text, reason) => {
    expect(secretValueReason(text)).toBe(reason);
  });

  it.each([
    'ghcr.io/qdm12/gluetun:v3.41.0@sha256:0f8e8f6c1c1c4f1f0b4cf7b2b0d3e5a6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2',
    'apikey = "{{ .controlApiKey }}"',
    'postgresql://omniarr:<password>@omniarr-postgres:5432/omniarr',
    'app.kubernetes.io/part-of',
    '/run/secrets/omniarr/api-key',
    'max by (namespace) (omniarr_tracked_downloads{state="import_blocked"}) > 0',
    'omniarr_backup_last_success_timestamp_seconds',
  ])('passes %s', (text) => {
    expect(secretValueReason(text)).toBeUndefined();
  });
});
