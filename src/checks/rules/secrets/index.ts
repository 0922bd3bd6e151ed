import type { RuleMeta } from '../../../core/rule.js';
import { DETECTORS } from '../../secrets/detectors/index.js';
import type { SecretDetector } from '../../secrets/types.js';

/** A secret detector seen as a rule: selectable, configurable, suppressible and documented like every other rule. */
export interface SecretRule {
  meta: RuleMeta;
  detector: SecretDetector;
}

/** `secret/<detector>`; the `secret:<detector>` spelling of releases before it stays accepted as a former ID. */
export function secretRuleId(detectorId: string): string {
  return `secret/${detectorId}`;
}

const DEFAULT_RATIONALE =
  'Whoever can read the repository, the image or its history can use this credential as its owner. Encoding it (base64 in a Kubernetes Secret) hides nothing, and deleting it in a later commit or layer leaves it in the history.';

export function secretRule(detector: SecretDetector): SecretRule {
  return {
    detector,
    meta: {
      id: secretRuleId(detector.id),
      formerIds: [`secret:${detector.id}`],
      title: detector.title,
      severity: detector.severity,
      target: 'secret',
      rationale: detector.rationale ?? DEFAULT_RATIONALE,
      remediation: detector.remediation,
      references: { ...(detector.references?.length ? { urls: detector.references } : {}) },
      aliases: {
        ...(detector.aliases?.gitleaks?.length ? { gitleaks: detector.aliases.gitleaks } : {}),
        ...(detector.aliases?.trufflehog?.length ? { trufflehog: detector.aliases.trufflehog } : {}),
      },
      sensitive: true,
    },
  };
}

export const secretRules: readonly SecretRule[] = DETECTORS.map(secretRule);
