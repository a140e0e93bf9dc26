// The rules every rendered set of manifests must follow, beyond schema validity: hardened containers,
// one shared /data volume, no secret values, Omniarr's env matching the config it reads, and references
// between objects that resolve. Each check is pure: objects in, human-readable violations out.
import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1';
import type {
  IContainer,
  IPersistentVolume,
  IPersistentVolumeClaim,
  IPodSpec,
  IProbe,
  IService,
  IVolume,
} from 'kubernetes-models/v1';
import type { z } from 'zod';
import type { KubernetesObject } from './kustomize.js';

// Schema validation ran first, so the objects can be read through the models' types.
const podTemplateKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export interface PodWorkload {
  /** `Kind/name`, as violations name it. */
  id: string;
  object: KubernetesObject;
  pod: IPodSpec;
  podLabels: Record<string, string>;
  /** Claims a StatefulSet creates per replica; they need no PersistentVolumeClaim object. */
  claimTemplates: string[];
}

export interface ContainerInPod {
  workload: PodWorkload;
  container: IContainer;
  /** `sidecar` is an init container with restartPolicy Always (a native sidecar). */
  role: 'container' | 'sidecar' | 'init';
  id: string;
}

interface PodTemplateHolder {
  spec?: {
    template?: { metadata?: { labels?: Record<string, string> }; spec?: IPodSpec };
    jobTemplate?: {
      spec?: { template?: { metadata?: { labels?: Record<string, string> }; spec?: IPodSpec } };
    };
    volumeClaimTemplates?: { metadata?: { name?: string } }[];
  };
}

export function podWorkloads(objects: readonly KubernetesObject[]): PodWorkload[] {
  const workloads: PodWorkload[] = [];
  for (const object of objects) {
    const holder = object as PodTemplateHolder;
    const template =
      object.kind === 'CronJob'
        ? holder.spec?.jobTemplate?.spec?.template
        : podTemplateKinds.has(object.kind)
          ? holder.spec?.template
          : undefined;
    if (!template?.spec) continue;
    workloads.push({
      id: `${object.kind}/${object.metadata.name}`,
      object,
      pod: template.spec,
      podLabels: template.metadata?.labels ?? {},
      claimTemplates: (holder.spec?.volumeClaimTemplates ?? []).flatMap((claim) =>
        claim.metadata?.name ? [claim.metadata.name] : [],
      ),
    });
  }
  return workloads;
}

export function containersIn(objects: readonly KubernetesObject[]): ContainerInPod[] {
  return podWorkloads(objects).flatMap((workload) => [
    ...(workload.pod.initContainers ?? []).map((container) => ({
      workload,
      container,
      role: container.restartPolicy === 'Always' ? ('sidecar' as const) : ('init' as const),
      id: `${workload.id} container ${container.name}`,
    })),
    ...workload.pod.containers.map((container) => ({
      workload,
      container,
      role: 'container' as const,
      id: `${workload.id} container ${container.name}`,
    })),
  ]);
}

function byKind<T>(objects: readonly KubernetesObject[], kind: string): (T & KubernetesObject)[] {
  return objects.filter((object) => object.kind === kind) as (T & KubernetesObject)[];
}

const binarySuffixes: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
};
const decimalSuffixes: Record<string, number> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

/** A Kubernetes resource quantity ("256Mi", "100m", "1.5", 2) as a number; undefined when malformed. */
export function parseQuantity(quantity: string | number | undefined): number | undefined {
  if (typeof quantity === 'number') return quantity;
  if (quantity === undefined) return undefined;
  const match = /^([0-9]+(?:\.[0-9]+)?)([A-Za-z]*)$/.exec(quantity);
  if (!match) return undefined;
  const [, digits = '', suffix = ''] = match;
  const factor = binarySuffixes[suffix] ?? decimalSuffixes[suffix];
  return factor === undefined ? undefined : Number(digits) * factor;
}

/** A container allowed to run as root, with the only capabilities it may add, and why. */
export interface RootException {
  workload: string;
  container: string;
  capabilities: string[];
  reason: string;
}

function volumeNamed(pod: IPodSpec, name: string): IVolume | undefined {
  return pod.volumes?.find((volume) => volume.name === name);
}

function checkProbes(entry: ContainerInPod): string[] {
  if (entry.role === 'init') return [];
  const { container } = entry;
  const probes: [string, IProbe | undefined][] = [
    ['startupProbe', container.startupProbe],
    ['livenessProbe', container.livenessProbe],
    ['readinessProbe', container.readinessProbe],
  ];
  return probes.filter(([, probe]) => probe === undefined).map(([name]) => `${entry.id}: no ${name}`);
}

function checkResources(entry: ContainerInPod): string[] {
  const { requests = {}, limits = {} } = entry.container.resources ?? {};
  const violations: string[] = [];
  for (const [where, values, name] of [
    ['requests', requests, 'cpu'],
    ['requests', requests, 'memory'],
    ['limits', limits, 'memory'],
  ] as const) {
    const value = values[name];
    if (value === undefined) violations.push(`${entry.id}: no resources.${where}.${name}`);
    else if (parseQuantity(value) === undefined)
      violations.push(`${entry.id}: resources.${where}.${name} "${value}"`);
  }
  const request = parseQuantity(requests.memory);
  const limit = parseQuantity(limits.memory);
  if (request !== undefined && limit !== undefined && limit < request) {
    violations.push(
      `${entry.id}: memory limit ${String(limits.memory)} below its request ${String(requests.memory)}`,
    );
  }
  return violations;
}

function checkImage(entry: ContainerInPod): string[] {
  const image = entry.container.image ?? '';
  const lastSegment = image.split('/').pop() ?? '';
  if (image.includes('@sha256:')) return [];
  if (!lastSegment.includes(':')) return [`${entry.id}: image "${image}" has no tag`];
  if (lastSegment.endsWith(':latest')) return [`${entry.id}: image "${image}" uses :latest`];
  return [];
}

function checkSecurityContext(entry: ContainerInPod, exception: RootException | undefined): string[] {
  const { container, workload } = entry;
  const context = container.securityContext ?? {};
  const podContext = workload.pod.securityContext ?? {};
  const violations: string[] = [];
  const fail = (message: string): number => violations.push(`${entry.id}: ${message}`);
  if (context.privileged === true) fail('privileged');
  if (context.allowPrivilegeEscalation !== false) fail('allowPrivilegeEscalation is not false');
  const added = context.capabilities?.add ?? [];
  if (exception) {
    const extra = added.filter((capability) => !exception.capabilities.includes(capability));
    if (extra.length > 0) fail(`adds capabilities ${extra.join(', ')} beyond its documented exception`);
    return violations;
  }
  const runAsNonRoot = context.runAsNonRoot ?? podContext.runAsNonRoot;
  const runAsUser = context.runAsUser ?? podContext.runAsUser;
  if (runAsNonRoot !== true) fail('runAsNonRoot is not true');
  if (runAsUser === undefined || runAsUser === 0) fail('no non-zero runAsUser');
  if (context.readOnlyRootFilesystem !== true) fail('root filesystem is not read-only');
  if (!(context.capabilities?.drop ?? []).includes('ALL')) fail('does not drop ALL capabilities');
  if (added.length > 0) fail(`adds capabilities ${added.join(', ')}`);
  if (context.readOnlyRootFilesystem === true && entry.role !== 'init') {
    const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
    if (!tmp || !volumeNamed(workload.pod, tmp.name)?.emptyDir)
      fail('read-only root filesystem without an emptyDir at /tmp');
  }
  return violations;
}

/**
 * Every container: resources (cpu and memory requests, a memory limit), startup, liveness and readiness
 * probes (init containers that run to completion excepted), a pinned image, and a hardened
 * securityContext; only the listed exceptions may run as root, and only with their capabilities.
 */
export function checkContainers(
  objects: readonly KubernetesObject[],
  exceptions: readonly RootException[],
): string[] {
  const entries = containersIn(objects);
  const violations: string[] = [];
  for (const entry of entries) {
    const exception = exceptions.find(
      (candidate) => candidate.workload === entry.workload.id && candidate.container === entry.container.name,
    );
    violations.push(
      ...checkResources(entry),
      ...checkProbes(entry),
      ...checkImage(entry),
      ...checkSecurityContext(entry, exception),
    );
  }
  for (const workload of podWorkloads(objects)) {
    if (workload.pod.automountServiceAccountToken !== false) {
      violations.push(`${workload.id}: mounts a service account token it does not need`);
    }
    if (workload.pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') {
      violations.push(`${workload.id}: no RuntimeDefault seccomp profile`);
    }
  }
  return violations;
}

export interface DataVolumeRule {
  /** The claim holding downloads/ and media/. */
  claim: string;
  mountPath: string;
  /** Images of programs that read or write downloads or media, which must mount the claim. */
  mediaImages: RegExp;
}

const mediaPathPattern = /download|media|torrent|usenet|movies|tv/i;

/**
 * Everything that reads or writes downloads or media mounts the same claim at the same path (no
 * subPath), as the same user and group: a second volume, another path or another owner turns the
 * importer's hardlinks into copies or permission errors.
 */
export function checkSharedDataVolume(objects: readonly KubernetesObject[], rule: DataVolumeRule): string[] {
  const violations: string[] = [];
  const owners = new Map<string, string>();
  for (const entry of containersIn(objects)) {
    const { container, workload } = entry;
    let mountsClaim = false;
    for (const mount of container.volumeMounts ?? []) {
      const claim = volumeNamed(workload.pod, mount.name)?.persistentVolumeClaim?.claimName;
      if (claim === rule.claim) {
        mountsClaim = true;
        if (mount.mountPath !== rule.mountPath) {
          violations.push(`${entry.id}: mounts ${rule.claim} at ${mount.mountPath}, not ${rule.mountPath}`);
        }
        if (mount.subPath || mount.subPathExpr)
          violations.push(`${entry.id}: mounts only a subPath of ${rule.claim}`);
      } else if (
        mount.mountPath === rule.mountPath ||
        mount.mountPath.startsWith(`${rule.mountPath}/`) ||
        mediaPathPattern.test(mount.mountPath)
      ) {
        violations.push(`${entry.id}: ${mount.mountPath} is not the shared ${rule.claim} volume`);
      }
    }
    if (!mountsClaim && rule.mediaImages.test(container.image ?? '')) {
      violations.push(`${entry.id}: handles downloads or media but does not mount ${rule.claim}`);
    }
    if (mountsClaim) {
      const podContext = workload.pod.securityContext ?? {};
      const user = container.securityContext?.runAsUser ?? podContext.runAsUser;
      const group = container.securityContext?.runAsGroup ?? podContext.runAsGroup;
      owners.set(entry.id, `${String(user)}:${String(group)}`);
    }
  }
  if (new Set(owners.values()).size > 1) {
    const listed = [...owners].map(([id, owner]) => `${id} as ${owner}`).join(', ');
    violations.push(`containers sharing ${rule.claim} run as different users: ${listed}`);
  }
  const users = [...owners.keys()].map((id) => id.split(' ')[0]);
  const claim = byKind<IPersistentVolumeClaim>(objects, 'PersistentVolumeClaim').find(
    (candidate) => candidate.metadata.name === rule.claim,
  );
  if (new Set(users).size > 1 && !claim?.spec?.accessModes?.includes('ReadWriteMany')) {
    violations.push(`${rule.claim} is mounted by several workloads but is not ReadWriteMany`);
  }
  return violations;
}

const secretLikeName = /(^|_)(API_?KEY|KEY|PASSWORD|PASSWD|TOKEN|SECRET|CREDENTIALS?|PRIVATE_KEY)($|_)/;
const pathLikeName = /_(FILE|FILEPATH|PATH|DIR)$/;

function entropyBitsPerChar(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Why a string looks like a secret value, or undefined. Templates (`{{ .x }}`) and digests are fine. */
export function secretValueReason(text: string): string | undefined {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return 'a PEM private key';
  // `<password>` and `{{ .password }}` are placeholders, not values.
  if (/[a-z][a-z0-9+.-]*:\/\/[^/\s:@{}<>]+:[^/\s@{}<>]+@/i.test(text)) return 'a URL with a password';
  for (const token of text.match(/[A-Za-z0-9+/_=-]{32,}/g) ?? []) {
    if (/^[0-9a-f]{64}$/.test(token) && text.includes(`sha256:${token}`)) continue;
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((pattern) => pattern.test(token)).length;
    if (classes >= 2 && /[0-9]/.test(token) && entropyBitsPerChar(token) > 3.5)
      return 'a random-looking token';
  }
  return undefined;
}

function* strings(value: unknown, at: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [at, value];
  else if (Array.isArray(value))
    for (const [index, item] of value.entries()) yield* strings(item, `${at}[${index}]`);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) yield* strings(item, `${at}.${key}`);
  }
}

/**
 * No secret value in any manifest: no Secret objects with data, secret-looking env variables only from
 * Secrets, and no string anywhere that looks like a key, a password URL or a private key.
 */
export function checkNoSecretValues(
  objects: readonly KubernetesObject[],
  secretEnvNames: readonly string[],
): string[] {
  const violations: string[] = [];
  for (const object of objects) {
    const label = `${object.kind}/${object.metadata.name}`;
    if (object.kind === 'Secret' && (object.data !== undefined || object.stringData !== undefined)) {
      violations.push(`${label}: a Secret with values in the manifests (use an ExternalSecret)`);
    }
    for (const [at, text] of strings(object, '')) {
      const reason = secretValueReason(text);
      if (reason) violations.push(`${label}${at}: looks like ${reason}`);
    }
  }
  for (const entry of containersIn(objects)) {
    for (const variable of entry.container.env ?? []) {
      const secretLike =
        secretEnvNames.includes(variable.name) ||
        (secretLikeName.test(variable.name) && !pathLikeName.test(variable.name));
      if (secretLike && variable.value !== undefined) {
        violations.push(`${entry.id}: ${variable.name} is set inline instead of from a Secret`);
      }
    }
  }
  return violations;
}

/** One variable of src/config/env.ts, as far as the deployment checks need it. */
export interface EnvVariableSpec {
  schema: z.ZodType;
  secret: boolean;
}

export interface OmniarrTarget {
  workload: string;
  container: string;
}

interface DeploymentLike extends KubernetesObject {
  spec?: IDeployment['spec'];
}

function effectiveValue(container: IContainer, name: string, spec: EnvVariableSpec | undefined): unknown {
  const literal = container.env?.find((variable) => variable.name === name)?.value;
  const result = spec?.schema.safeParse(literal);
  return result?.success ? result.data : undefined;
}

function probePath(probe: IProbe | undefined): string | undefined {
  return probe?.httpGet?.path;
}

/**
 * Omniarr's container sets only variables Omniarr reads (so a renamed variable fails), each value
 * passes the variable's own schema, secrets come from mounted Secret files or secretKeyRef, and the
 * values agree with the rest of the pod: port, data directory, probes, shutdown time, proxy trust.
 */
export function checkOmniarrEnv(
  objects: readonly KubernetesObject[],
  target: OmniarrTarget,
  variables: Readonly<Record<string, EnvVariableSpec>>,
): string[] {
  const entry = containersIn(objects).find(
    (candidate) => candidate.workload.id === target.workload && candidate.container.name === target.container,
  );
  if (!entry) return [`${target.workload}: no container ${target.container}`];
  const { container, workload } = entry;
  const violations: string[] = [];
  const fail = (message: string): number => violations.push(`${entry.id}: ${message}`);
  const fileVariables = new Map(
    Object.entries(variables).flatMap(([name, spec]) =>
      spec.secret ? [[`${name}_FILE`, name] as [string, string]] : [],
    ),
  );

  if (container.envFrom?.length) fail('envFrom hides which variables are set');
  for (const variable of container.env ?? []) {
    const spec = variables[variable.name];
    const secretOf = fileVariables.get(variable.name);
    if (!spec && !secretOf) {
      fail(`sets ${variable.name}, which Omniarr does not read`);
      continue;
    }
    if (spec?.secret) {
      if (variable.value !== undefined) fail(`${variable.name} must come from a Secret, not a literal`);
      else if (!variable.valueFrom?.secretKeyRef) fail(`${variable.name} must come from a secretKeyRef`);
      continue;
    }
    if (secretOf) {
      const file = variable.value ?? '';
      const mount = container.volumeMounts?.find((candidate) => file.startsWith(`${candidate.mountPath}/`));
      const secret = mount ? volumeNamed(workload.pod, mount.name)?.secret : undefined;
      const relative = mount ? file.slice(mount.mountPath.length + 1) : '';
      if (!mount || !secret) fail(`${variable.name}=${file} is not inside a mounted Secret`);
      else if (secret.items && !secret.items.some((item) => item.path === relative)) {
        fail(`${variable.name}=${file}: the Secret volume has no item ${relative}`);
      }
      continue;
    }
    if (variable.valueFrom) continue;
    const parsed = spec?.schema.safeParse(variable.value);
    if (parsed && !parsed.success) {
      fail(
        `${variable.name}="${variable.value ?? ''}" is invalid: ${parsed.error.issues[0]?.message ?? 'rejected'}`,
      );
    }
  }

  const port = effectiveValue(container, 'OMNIARR_PORT', variables.OMNIARR_PORT);
  const httpPort = container.ports?.find((candidate) => candidate.name === 'http')?.containerPort;
  if (port !== httpPort) fail(`listens on ${String(port)} but its http port is ${String(httpPort)}`);

  const dataDir = effectiveValue(container, 'OMNIARR_DATA_DIR', variables.OMNIARR_DATA_DIR);
  const dataMount = container.volumeMounts?.find((mount) => mount.mountPath === dataDir);
  if (!dataMount || !volumeNamed(workload.pod, dataMount.name)?.persistentVolumeClaim) {
    fail(`its data directory ${String(dataDir)} is not a mounted PersistentVolumeClaim`);
  }

  const hasApiKey = ['OMNIARR_API_KEY', 'OMNIARR_API_KEY_FILE'].some((name) =>
    container.env?.some((variable) => variable.name === name),
  );
  if (!hasApiKey) fail('gets no admin API key from a Secret (Prometheus needs the same key)');

  if (probePath(container.livenessProbe) !== '/ping') fail('liveness probe is not /ping');
  if (probePath(container.startupProbe) !== '/ping') fail('startup probe is not /ping');
  if (probePath(container.readinessProbe) !== '/api/v1/health?ready') {
    fail('readiness probe is not /api/v1/health?ready');
  }

  const shutdownSeconds = effectiveValue(
    container,
    'OMNIARR_SHUTDOWN_TIMEOUT',
    variables.OMNIARR_SHUTDOWN_TIMEOUT,
  );
  const grace = workload.pod.terminationGracePeriodSeconds ?? 30;
  if (typeof shutdownSeconds !== 'number' || grace <= shutdownSeconds) {
    fail(
      `terminationGracePeriodSeconds ${grace} does not exceed OMNIARR_SHUTDOWN_TIMEOUT ${String(shutdownSeconds)}`,
    );
  }

  const exposedByIngress = byKind<IIngress>(objects, 'Ingress').some((ingress) =>
    (ingress.spec?.rules ?? []).some((rule) =>
      (rule.http?.paths ?? []).some((route) =>
        servicesSelecting(objects, workload).includes(route.backend.service?.name ?? ''),
      ),
    ),
  );
  if (
    exposedByIngress &&
    effectiveValue(container, 'OMNIARR_TRUST_PROXY', variables.OMNIARR_TRUST_PROXY) !== true
  ) {
    fail('is behind an Ingress without OMNIARR_TRUST_PROXY=true');
  }

  // Kubernetes injects <SERVICE>_PORT=tcp://… for every Service; one named omniarr sets OMNIARR_PORT.
  if (workload.pod.enableServiceLinks !== false)
    violations.push(`${workload.id}: enableServiceLinks is not false`);

  const deployment = workload.object as DeploymentLike;
  if (workload.object.kind !== 'Deployment' || deployment.spec?.replicas !== 1) {
    violations.push(`${workload.id}: not a Deployment of exactly one replica`);
  }
  if (deployment.spec?.strategy?.type !== 'Recreate')
    violations.push(`${workload.id}: strategy is not Recreate`);
  return violations;
}

function matches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

function servicesSelecting(objects: readonly KubernetesObject[], workload: PodWorkload): string[] {
  return byKind<IService>(objects, 'Service')
    .filter((service) => matches(service.spec?.selector, workload.podLabels))
    .map((service) => service.metadata.name);
}

interface ExternalSecretLike extends KubernetesObject {
  spec?: {
    target?: { name?: string; template?: { data?: Record<string, string> } };
    data?: { secretKey: string }[];
  };
}

interface ServiceMonitorLike extends KubernetesObject {
  spec?: {
    selector?: { matchLabels?: Record<string, string> };
    endpoints?: { port?: string; authorization?: { credentials?: { name?: string; key: string } } }[];
  };
}

/** Secret name → keys it will hold, from the ExternalSecrets in the render. */
function externalSecretKeys(objects: readonly KubernetesObject[]): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const external of byKind<ExternalSecretLike>(objects, 'ExternalSecret')) {
    const name = external.spec?.target?.name ?? external.metadata.name;
    const template = external.spec?.target?.template?.data;
    // With a template, the Secret holds the template's keys; without one, the fetched keys.
    const held = template ? Object.keys(template) : (external.spec?.data ?? []).map((item) => item.secretKey);
    keys.set(name, new Set(held));
  }
  return keys;
}

/** Every Secret (and key) the workloads and ServiceMonitors use, with who uses it. */
function secretUses(objects: readonly KubernetesObject[]): { secret: string; key: string; by: string }[] {
  const uses: { secret: string; key: string; by: string }[] = [];
  for (const workload of podWorkloads(objects)) {
    for (const volume of workload.pod.volumes ?? []) {
      if (!volume.secret) continue;
      for (const item of volume.secret.items ?? []) {
        uses.push({
          secret: volume.secret.secretName ?? '',
          key: item.key,
          by: `${workload.id} volume ${volume.name}`,
        });
      }
    }
  }
  for (const entry of containersIn(objects)) {
    for (const variable of entry.container.env ?? []) {
      const ref = variable.valueFrom?.secretKeyRef;
      if (ref) uses.push({ secret: ref.name ?? '', key: ref.key, by: `${entry.id} env ${variable.name}` });
    }
  }
  for (const monitor of byKind<ServiceMonitorLike>(objects, 'ServiceMonitor')) {
    for (const endpoint of monitor.spec?.endpoints ?? []) {
      const credentials = endpoint.authorization?.credentials;
      if (credentials) {
        uses.push({
          secret: credentials.name ?? '',
          key: credentials.key,
          by: `ServiceMonitor/${monitor.metadata.name}`,
        });
      }
    }
  }
  return uses;
}

export interface ReferenceRules {
  /** Overlays are complete: every Secret used must be made by an ExternalSecret in the render. */
  secretsFromExternalSecrets: boolean;
}

/**
 * Names that point at other objects resolve: claims, Service selectors and target ports, Ingress
 * backends and TLS hosts, ServiceMonitor selectors and ports, PersistentVolume bindings, and (for
 * overlays) the Secrets and keys that ExternalSecrets must provide.
 */
export function checkReferences(objects: readonly KubernetesObject[], rules: ReferenceRules): string[] {
  const violations: string[] = [];
  const workloads = podWorkloads(objects);
  const claims = byKind<IPersistentVolumeClaim>(objects, 'PersistentVolumeClaim');
  const volumes = byKind<IPersistentVolume>(objects, 'PersistentVolume');
  const services = byKind<IService>(objects, 'Service');

  for (const workload of workloads) {
    for (const volume of workload.pod.volumes ?? []) {
      const claim = volume.persistentVolumeClaim?.claimName;
      if (claim && !claims.some((candidate) => candidate.metadata.name === claim)) {
        violations.push(`${workload.id}: volume ${volume.name} uses a missing claim ${claim}`);
      }
    }
    const declared = new Set([
      ...(workload.pod.volumes ?? []).map((volume) => volume.name),
      ...workload.claimTemplates,
    ]);
    for (const entry of containersIn([workload.object])) {
      for (const mount of entry.container.volumeMounts ?? []) {
        if (!declared.has(mount.name))
          violations.push(`${entry.id}: mounts an undeclared volume ${mount.name}`);
      }
    }
  }

  for (const service of services) {
    const label = `Service/${service.metadata.name}`;
    const selected = workloads.filter((workload) => matches(service.spec?.selector, workload.podLabels));
    if (selected.length === 0) {
      violations.push(`${label}: selects no pods`);
      continue;
    }
    const portNames = new Set(
      selected
        .flatMap((workload) =>
          containersIn([workload.object]).flatMap((entry) => entry.container.ports ?? []),
        )
        .map((port) => port.name),
    );
    for (const port of service.spec?.ports ?? []) {
      if (typeof port.targetPort === 'string' && !portNames.has(port.targetPort)) {
        violations.push(`${label}: targetPort ${port.targetPort} is not a container port`);
      }
    }
  }

  for (const ingress of byKind<IIngress>(objects, 'Ingress')) {
    const label = `Ingress/${ingress.metadata.name}`;
    const annotations = ingress.metadata.annotations ?? {};
    if (!annotations['cert-manager.io/cluster-issuer'] && !annotations['cert-manager.io/issuer']) {
      violations.push(`${label}: no cert-manager issuer annotation`);
    }
    const ruleHosts = (ingress.spec?.rules ?? []).map((rule) => rule.host ?? '').sort();
    const tlsHosts = (ingress.spec?.tls ?? []).flatMap((tls) => tls.hosts ?? []).sort();
    if (ruleHosts.join() !== tlsHosts.join()) violations.push(`${label}: TLS hosts differ from rule hosts`);
    for (const route of (ingress.spec?.rules ?? []).flatMap((rule) => rule.http?.paths ?? [])) {
      const backend = route.backend.service;
      const service = services.find((candidate) => candidate.metadata.name === backend?.name);
      const portName = backend?.port?.name;
      if (!service) violations.push(`${label}: backend Service ${backend?.name ?? '?'} is missing`);
      else if (portName && !service.spec?.ports?.some((port) => port.name === portName)) {
        violations.push(`${label}: Service ${service.metadata.name} has no port ${portName}`);
      }
    }
  }

  for (const monitor of byKind<ServiceMonitorLike>(objects, 'ServiceMonitor')) {
    const selected = services.filter((service) =>
      matches(monitor.spec?.selector?.matchLabels, service.metadata.labels ?? {}),
    );
    if (selected.length !== 1) {
      violations.push(`ServiceMonitor/${monitor.metadata.name}: selects ${selected.length} Services, not 1`);
    }
    for (const endpoint of monitor.spec?.endpoints ?? []) {
      if (!selected.some((service) => service.spec?.ports?.some((port) => port.name === endpoint.port))) {
        violations.push(
          `ServiceMonitor/${monitor.metadata.name}: no selected Service has port ${endpoint.port ?? '?'}`,
        );
      }
    }
  }

  for (const claim of claims) {
    const volumeName = claim.spec?.volumeName;
    if (!volumeName) continue;
    const label = `PersistentVolumeClaim/${claim.metadata.name}`;
    const volume = volumes.find((candidate) => candidate.metadata.name === volumeName);
    if (!volume) {
      violations.push(`${label}: binds to a missing PersistentVolume ${volumeName}`);
      continue;
    }
    if ((volume.spec?.storageClassName ?? '') !== (claim.spec?.storageClassName ?? '')) {
      violations.push(`${label}: storageClassName differs from PersistentVolume ${volumeName}`);
    }
    if (!(claim.spec?.accessModes ?? []).every((mode) => volume.spec?.accessModes?.includes(mode))) {
      violations.push(`${label}: access modes not offered by PersistentVolume ${volumeName}`);
    }
    const requested = parseQuantity(claim.spec?.resources?.requests?.storage);
    const capacity = parseQuantity(volume.spec?.capacity?.storage);
    if (requested === undefined || capacity === undefined || capacity < requested) {
      violations.push(`${label}: requests more than PersistentVolume ${volumeName} holds`);
    }
  }

  if (rules.secretsFromExternalSecrets) {
    const provided = externalSecretKeys(objects);
    for (const use of secretUses(objects)) {
      const keys = provided.get(use.secret);
      if (!keys) violations.push(`${use.by}: Secret ${use.secret} is made by no ExternalSecret`);
      else if (!keys.has(use.key))
        violations.push(`${use.by}: ExternalSecret for ${use.secret} provides no key ${use.key}`);
    }
  }
  return violations;
}

/** Omniarr's metric names a PromQL expression reads (label names never carry the prefix). */
export function omniarrMetricNames(expression: string): string[] {
  const withoutStrings = expression.replace(/"[^"]*"/g, '""');
  return [...new Set(withoutStrings.match(/\bomniarr_[a-z0-9_]+/g) ?? [])];
}
