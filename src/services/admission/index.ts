import { selectRules } from '../../pipeline/rule-selection.js';
import { policyRules } from '../../pipeline/policies.js';
import { createDecider, type AdmissionDecider, type DeciderOptions } from './decide.js';
import { createImageTrust, ImageTrustConfigError, type ImageTrustOptions } from './image-trust/index.js';
import { MutationConfigError, validateMutationConfig } from './mutation/index.js';
import { staticNamespaceLabels } from './namespaces.js';
import { WARM_UP_NAMESPACE } from './warm-up-objects.js';

export { createDecider, type Action, type AdmissionDecider, type Decision, type DeciderOptions } from './decide.js';
export { AdmissionMetrics } from './metrics.js';
export { staticNamespaceLabels, watchNamespaces, type Labels, type NamespaceLabelSource } from './namespaces.js';
export { ALWAYS_EXEMPT_NAMESPACES, MODE_LABEL_PREFIX } from './policy.js';
export { parseAdmissionReview, reviewResponse, ReviewError, type AdmissionRequest, type AdmissionResponse } from './review.js';
export { MAX_BODY_BYTES, startAdmissionServer, type AdmissionServer, type AdmissionServerOptions } from './server.js';

/** A configuration the webhook cannot run with (mutations or image-trust keys): the CLI exits 2 with it. */
export class AdmissionSetupError extends Error {}

export interface AdmissionDeciderSetup extends Omit<DeciderOptions, 'imageTrust'> {
  /** Registry client settings for image trust (test registries, credentials). */
  registry?: ImageTrustOptions['registry'];
}

/**
 * The decider `rampart admission serve` runs: configured mutations checked once, image trust built from the
 * `admission.imageTrust` section with the severities `rampart.yaml` gives its rules.
 */
export function createAdmissionDecider(setup: AdmissionDeciderSetup): AdmissionDecider {
  const { config } = setup;
  try {
    validateMutationConfig(config.mutations);
  } catch (error) {
    if (error instanceof MutationConfigError) throw new AdmissionSetupError(error.message);
    throw error;
  }
  const { severityOf, isEnabled } = selectRules(setup.evaluator.rules ?? {}, setup.evaluator.settings, setup.evaluator.customSecrets, policyRules(setup.evaluator.policies));
  let imageTrust;
  try {
    imageTrust = createImageTrust(config.imageTrust, { severityOf, isEnabled, ...(setup.registry ? { registry: setup.registry } : {}) });
  } catch (error) {
    if (error instanceof ImageTrustConfigError) throw new AdmissionSetupError(`admission.imageTrust: ${error.message}`);
    throw error;
  }
  return createDecider({ ...setup, imageTrust });
}

/**
 * The decider of the server's warm-up reviews (`warmUp` of startAdmissionServer): the same rules, mutations and
 * policies, without image trust and with no namespace of the cluster, so that warming up calls no registry and no API.
 */
export function createWarmUpDecider(setup: Omit<AdmissionDeciderSetup, 'namespaces' | 'registry'>): AdmissionDecider {
  const namespaces = staticNamespaceLabels({ [WARM_UP_NAMESPACE]: { 'kubernetes.io/metadata.name': WARM_UP_NAMESPACE } });
  return createDecider({ config: setup.config, evaluator: setup.evaluator, ownNamespace: setup.ownNamespace, namespaces });
}
