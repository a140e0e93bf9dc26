// Validates rendered objects against the Kubernetes API schemas offline, with the kubernetes-models
// packages (built from the Kubernetes OpenAPI spec and the CRDs of cert-manager, External Secrets and
// the Prometheus Operator). An object of a kind with no schema here is an error, not a pass.
import * as certManagerV1 from '@kubernetes-models/cert-manager/cert-manager.io/v1';
import * as externalSecretsV1beta1 from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1';
import * as monitoringV1 from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as rbacV1 from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as coreV1 from 'kubernetes-models/v1';
import type { KubernetesObject } from './kustomize.js';

interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: unknown): { validate(): void };
}

function isModelClass(value: unknown): value is ModelClass {
  if (typeof value !== 'function') return false;
  const statics = value as unknown as Record<string, unknown>;
  return (
    typeof statics.apiVersion === 'string' &&
    typeof statics.kind === 'string' &&
    'validate' in value.prototype
  );
}

const modules: readonly object[] = [
  coreV1,
  appsV1,
  batchV1,
  networkingV1,
  policyV1,
  rbacV1,
  monitoringV1,
  certManagerV1,
  externalSecretsV1beta1,
];

const models = new Map<string, ModelClass>();
for (const module of modules) {
  for (const value of Object.values(module)) {
    if (isModelClass(value)) models.set(`${value.apiVersion}/${value.kind}`, value);
  }
}

/**
 * External Secrets promoted v1beta1 to v1 unchanged (v0.16) and stopped serving v1beta1 in v0.17,
 * so manifests say v1; the model package we can use on Node 20 only ships the v1beta1 schema.
 */
const sameSchemaAs: Record<string, string> = {
  'external-secrets.io/v1': 'external-secrets.io/v1beta1',
};

/** Every apiVersion/kind that has a schema. */
export function knownKinds(): string[] {
  return [...models.keys()].sort();
}

/** Schema violations of one object, each prefixed with the object's kind and name; [] when valid. */
export function schemaErrors(object: KubernetesObject): string[] {
  const label = `${object.kind}/${object.metadata.name}`;
  const apiVersion = sameSchemaAs[object.apiVersion] ?? object.apiVersion;
  const Model = models.get(`${apiVersion}/${object.kind}`);
  if (!Model) return [`${label}: no schema for ${object.apiVersion} ${object.kind}`];
  try {
    new Model({ ...object, apiVersion }).validate();
    return [];
  } catch (error) {
    return [`${label}: ${(error as Error).message}`];
  }
}
