import type { RuleMeta } from '../../../../core/rule.js';
import { ENCRYPTION_DOCS } from './rule.js';

/**
 * Judged from the file's mode, which no object carries: `rampart encryption validate` applies it to the file it reads.
 * The configuration holds the keys, so anything beyond owner read/write gives them away.
 */
export interface EncryptionFileRule {
  meta: RuleMeta;
  /** A problem with the file's mode (`stat.mode`), or undefined. */
  check(mode: number): string | undefined;
}

export const encryptionConfigPermissions: EncryptionFileRule = {
  meta: {
    id: 'k8s/encryption-config-permissions',
    title: 'EncryptionConfiguration file readable by others than its owner',
    severity: 'high',
    target: 'kubernetes',
    sensitive: true,
    rationale: 'The file holds the keys that protect every Secret in etcd: whoever reads it decrypts etcd and its backups.',
    remediation: 'chmod 600 the file (owned by the user kube-apiserver runs as, usually root).',
    references: { cis: ['CIS Kubernetes 1.1.x (control-plane file permissions)'], urls: [ENCRYPTION_DOCS] },
    aliases: {},
  },
  check(mode) {
    const permissions = mode & 0o777;
    return (permissions & 0o077) === 0 ? undefined : `mode ${permissions.toString(8).padStart(4, '0')} lets ${permissions & 0o007 ? 'every user' : 'the group'} read the encryption keys; use 0600`;
  },
};
