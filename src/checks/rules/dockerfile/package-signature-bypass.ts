import type { ShellCommand } from '../../../parsers/dockerfile/shell.js';
import { hasOption } from './commands.js';
import { defineInstructionRule } from './rule.js';

export const packageSignatureBypass = defineInstructionRule({
  meta: {
    id: 'docker/package-signature-bypass',
    title: 'Package signature checks bypassed',
    severity: 'high',
    target: 'dockerfile',
    rationale: 'Package managers verify repository signatures so a mirror or network attacker cannot substitute packages. --allow-untrusted, --allow-unauthenticated, --force-yes, --nogpgcheck and rpm --nosignature switch that protection off.',
    remediation: 'Import the repository\'s signing key and keep verification on:\n\n```dockerfile\nCOPY vendor.gpg /etc/apt/keyrings/vendor.gpg\nRUN apt-get update && apt-get install -y --no-install-recommends vendor-tool=1.2.3 && rm -rf /var/lib/apt/lists/*\n```',
    references: { urls: ['https://wiki.debian.org/SecureApt'] },
    aliases: { checkov: ['CKV2_DOCKER_7', 'CKV2_DOCKER_8', 'CKV2_DOCKER_9', 'CKV2_DOCKER_10', 'CKV2_DOCKER_11'] },
  },
  keywords: ['RUN'],
  check(instruction, _stage, { report }) {
    for (const command of instruction.commands) {
      const bypass = signatureBypass(command);
      if (bypass) report({ instruction, key: command.text, message: `"${command.name} ${bypass}" installs packages without verifying signatures` });
    }
  },
});

function signatureBypass(command: ShellCommand): string | undefined {
  const argv = command.effectiveArgv;
  switch (command.name) {
    case 'apk':
      return hasOption(command, '--allow-untrusted') ? '--allow-untrusted' : undefined;
    case 'apt-get':
    case 'apt':
      if (hasOption(command, '--allow-unauthenticated')) return '--allow-unauthenticated';
      if (hasOption(command, '--force-yes')) return '--force-yes';
      return argv.find((w) => /^APT::Get::AllowUnauthenticated=(true|1|yes)$/i.test(w));
    case 'yum':
    case 'dnf':
    case 'microdnf':
    case 'tdnf':
      return hasOption(command, '--nogpgcheck') ? '--nogpgcheck' : argv.find((w) => /^--setopt=.*gpgcheck=(0|false)$/i.test(w));
    case 'rpm':
      return argv.find((w) => w === '--nosignature' || w === '--nodigest');
    default:
      return undefined;
  }
}
