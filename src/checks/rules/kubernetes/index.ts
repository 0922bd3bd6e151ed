import type { KubernetesRule, KubernetesSetRule } from './rule.js';
import { rbacRules } from './rbac/index.js';
import { netpolRules } from './netpol/index.js';
import { meshRules } from './mesh/index.js';
import { pssRules } from './pss/index.js';
import { removedApiVersion } from './api-versions/removed-api-version.js';
import { hostAliases } from './host/host-aliases.js';
import { hostPathSensitive } from './host/host-path-sensitive.js';
import { hostPathWritable } from './host/host-path-writable.js';
import { runtimeSocketMount } from './host/runtime-socket-mount.js';
import { shareProcessNamespace } from './host/share-process-namespace.js';
import { imageNoDigest } from './images/image-no-digest.js';
import { imagePullPolicyLatest } from './images/image-pull-policy-latest.js';
import { imageRegistryNotAllowed } from './images/image-registry-not-allowed.js';
import { imageTagLatest } from './images/image-tag-latest.js';
import { defaultNamespace } from './namespaces/default-namespace.js';
import { ingressWithoutTls } from './network/ingress-without-tls.js';
import { serviceExternalIps } from './network/service-external-ips.js';
import { serviceLoadBalancerOpen } from './network/service-load-balancer-open.js';
import { serviceNodePort } from './network/service-node-port.js';
import { livenessProbeMissing } from './probes/liveness-probe-missing.js';
import { probesIdentical } from './probes/probes-identical.js';
import { readinessProbeMissing } from './probes/readiness-probe-missing.js';
import { cpuLimitMissing } from './resources/cpu-limit-missing.js';
import { cpuRequestsMissing } from './resources/cpu-requests-missing.js';
import { ephemeralStorageLimitMissing } from './resources/ephemeral-storage-limit-missing.js';
import { memoryLimitMissing } from './resources/memory-limit-missing.js';
import { memoryRequestsMissing } from './resources/memory-requests-missing.js';
import { configMapCredentials } from './secrets/configmap-credentials.js';
import { envPlainSecret } from './secrets/env-plain-secret.js';
import { secretDataInvalidBase64 } from './secrets/secret-data-invalid-base64.js';
import { secretInEnv } from './secrets/secret-in-env.js';
import { secretInManifest } from './secrets/secret-in-manifest.js';
import { secretConfigInManifest } from './secrets/secret-config-in-manifest.js';
import { readOnlyRootFilesystem } from './security-context/read-only-root-filesystem.js';
import { runAsGroupLow } from './security-context/run-as-group-low.js';
import { runAsUserLow } from './security-context/run-as-user-low.js';
import { automountServiceAccountToken } from './service-accounts/automount-service-account-token.js';
import { defaultServiceAccountAutomount } from './service-accounts/default-service-account-automount.js';
import { defaultServiceAccount } from './service-accounts/default-service-account.js';
import { encryptionRules } from './encryption/index.js';

/** Kubernetes rules beyond the Pod Security Standards, grouped by family. */
export const bestPracticeRules: KubernetesRule[] = [
  // images
  imageTagLatest,
  imageNoDigest,
  imageRegistryNotAllowed,
  imagePullPolicyLatest,
  // resources
  cpuRequestsMissing,
  memoryRequestsMissing,
  memoryLimitMissing,
  cpuLimitMissing,
  ephemeralStorageLimitMissing,
  // security context
  readOnlyRootFilesystem,
  runAsUserLow,
  runAsGroupLow,
  // service accounts
  automountServiceAccountToken,
  defaultServiceAccount,
  defaultServiceAccountAutomount,
  // namespaces
  defaultNamespace,
  // host access
  runtimeSocketMount,
  hostPathSensitive,
  hostPathWritable,
  hostAliases,
  shareProcessNamespace,
  // secrets and credentials
  secretInManifest,
  secretConfigInManifest,
  secretDataInvalidBase64,
  envPlainSecret,
  configMapCredentials,
  secretInEnv,
  // probes
  livenessProbeMissing,
  readinessProbeMissing,
  probesIdentical,
  // network exposure
  serviceNodePort,
  serviceLoadBalancerOpen,
  serviceExternalIps,
  ingressWithoutTls,
  // API versions
  removedApiVersion,
  // the API server's encryption at rest (EncryptionConfiguration files)
  ...encryptionRules,
];

export const kubernetesRules: KubernetesRule[] = [...pssRules, ...bestPracticeRules];

/** Rules over the whole set of objects: access (RBAC), network reachability, mesh mTLS. */
export const kubernetesSetRules: KubernetesSetRule[] = [...rbacRules, ...netpolRules, ...meshRules];
