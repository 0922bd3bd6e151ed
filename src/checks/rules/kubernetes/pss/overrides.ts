import type { JsonPath } from '../../../../core/fix.js';
import type { KubernetesRule } from '../rule.js';

/**
 * pod-security-admission runs a restricted check *instead of* the baseline checks it overrides
 * (OverrideCheckIDs), so a pod's verdict counts each violation once. Reporting that way would rename
 * and re-rate a baseline problem at the stricter level: a hostPath volume is
 * `k8s/pss-host-path-volumes` (critical) at baseline but was `k8s/pss-restricted-volumes` (medium)
 * at restricted, so `--fail-on high` passed the stricter level. Here the overridden baseline rules
 * keep running, and the restricted rule leaves out what they report on the same field: a problem keeps
 * its rule ID and severity (configured ones included) at every level, and the stricter level only adds.
 * A baseline rule disabled in rampart.yaml is not in `overridden`, so the restricted rule then reports
 * everything, as upstream does.
 */
export function reportingBeyond(rule: KubernetesRule, overridden: readonly KubernetesRule[]): KubernetesRule {
  const key = (path: JsonPath) => JSON.stringify(path);
  return {
    ...rule,
    check(context) {
      const covered = new Set<string>();
      for (const baseline of overridden) baseline.check({ ...context, report: (report) => covered.add(key(report.path)) });
      rule.check({
        ...context,
        report: (report) => {
          if (!covered.has(key(report.path))) context.report(report);
        },
      });
    },
  };
}
