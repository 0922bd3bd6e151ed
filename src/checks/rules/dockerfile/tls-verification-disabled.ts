import type { Instruction } from '../../../parsers/dockerfile/model.js';
import { splitWords } from '../../../parsers/dockerfile/parse.js';
import type { ShellCommand } from '../../../parsers/dockerfile/shell.js';
import { hasOption } from './commands.js';
import { defineDockerfileRule } from './rule.js';

/** Environment variables that turn certificate checks off, with the values that do it. */
const INSECURE_ENV: Array<[RegExp, RegExp]> = [
  [/^NODE_TLS_REJECT_UNAUTHORIZED$/, /^0$/],
  [/^PYTHONHTTPSVERIFY$/, /^0$/],
  [/^GIT_SSL_NO_VERIFY$/, /^(?!0$|false$).+$/i],
  [/^NPM_CONFIG_STRICT_SSL$/i, /^false$/i],
  [/^PIP_TRUSTED_HOST$/, /.+/],
];

export const tlsVerificationDisabled = defineDockerfileRule({
  meta: {
    id: 'docker/tls-verification-disabled',
    title: 'TLS certificate verification disabled',
    severity: 'high',
    target: 'dockerfile',
    rationale: 'Turning off certificate checks (curl -k, wget --no-check-certificate, pip --trusted-host, NODE_TLS_REJECT_UNAUTHORIZED=0...) lets anyone on the network path substitute downloads or packages during the build, or traffic at run time.',
    remediation: 'Keep verification on and add your private CA to the trust store instead:\n\n```dockerfile\nCOPY corp-ca.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/'] },
    aliases: { checkov: ['CKV2_DOCKER_2', 'CKV2_DOCKER_3', 'CKV2_DOCKER_4', 'CKV2_DOCKER_5', 'CKV2_DOCKER_6', 'CKV2_DOCKER_12', 'CKV2_DOCKER_13', 'CKV2_DOCKER_14', 'CKV2_DOCKER_16'] },
  },
  check({ dockerfile, report }) {
    for (const instruction of dockerfile.instructions) {
      const reason = instruction.keyword === 'ENV' ? insecureAssignment(splitWords(instruction.args)) : instruction.keyword === 'RUN' ? insecureRun(instruction) : undefined;
      if (reason) report({ instruction, message: `${reason} disables TLS certificate verification` });
    }
  },
});

function insecureRun(run: Instruction): string | undefined {
  for (const command of run.commands) {
    const reason = insecureAssignment(command.assignments) ?? insecureCommand(command);
    if (reason) return reason;
  }
  return undefined;
}

function insecureCommand(command: ShellCommand): string | undefined {
  const argv = command.effectiveArgv;
  if (command.name === 'curl' && hasOption(command, '-k', '--insecure')) return 'curl --insecure';
  if (command.name === 'wget' && hasOption(command, '--no-check-certificate')) return 'wget --no-check-certificate';
  if (/^pip\d?(\.\d+)?$/.test(command.name) && hasOption(command, '--trusted-host')) return 'pip --trusted-host';
  if (command.name === 'git' && argv.some((w, i) => /^http\.sslverify=(false|0)$/i.test(w) || (/^http\.sslverify$/i.test(w) && /^(false|0)$/i.test(argv[i + 1] ?? '')))) return 'git http.sslVerify false';
  if ((command.name === 'npm' || command.name === 'yarn') && argv.some((w, i) => /^strict-ssl(=false)?$/.test(w) && (w.endsWith('=false') || argv[i + 1] === 'false'))) return `${command.name} strict-ssl false`;
  return undefined;
}

function insecureAssignment(assignments: readonly string[]): string | undefined {
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq < 0) continue;
    const [name, value] = [assignment.slice(0, eq), assignment.slice(eq + 1)];
    if (INSECURE_ENV.some(([n, v]) => n.test(name) && v.test(value))) return `${name}=${value}`;
  }
  return undefined;
}
