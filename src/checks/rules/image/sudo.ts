import type { Instruction } from '../../../parsers/dockerfile/model.js';
import { apkAdds } from '../dockerfile/apk.js';
import { aptInstalls } from '../dockerfile/apt.js';
import { commandsNamed, subcommandOf } from '../dockerfile/commands.js';
import { describeInstruction } from '../dockerfile/rule.js';
import { usesSudo } from '../dockerfile/sudo.js';
import { defineHistoryRule } from './rule.js';

/** `sudo`, `sudo=1.9.13p3-1` (apt, apk), `sudo:amd64`. */
const SUDO_PACKAGE = /^sudo(?:[=:]|$)/;
const RPM_INSTALLERS = ['yum', 'dnf', 'microdnf', 'zypper'];

export const sudo = defineHistoryRule({
  meta: {
    id: 'image/sudo',
    title: 'sudo installed or used in the image build',
    severity: 'medium',
    target: 'image',
    rationale: 'Build steps already run as the current USER; sudo in an image means sudo is installed and configured, which gives any process in the container an easy privilege escalation path and makes TTY/signal handling unpredictable.',
    remediation: 'Drop sudo from the image: run the steps that need root as `USER root` and switch back to an unprivileged USER afterwards, then rebuild.',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#user'] },
    aliases: { hadolint: ['DL3004'], trivy: ['DS010', 'AVD-DS-0010'], checkov: ['CKV2_DOCKER_1'] },
  },
  keywords: ['RUN'],
  check(step, { report }) {
    const quoted = `"${describeInstruction(step.instruction)}"`;
    if (usesSudo(step.instruction)) report({ step, key: 'use', message: `history[${step.index}] uses sudo: ${quoted}` });
    if (installsSudo(step.instruction)) report({ step, key: 'install', message: `history[${step.index}] installs sudo: ${quoted}` });
  },
});

function installsSudo(run: Instruction): boolean {
  const packages = [
    ...aptInstalls(run, ['apt-get', 'apt']).flatMap((c) => c.args),
    ...apkAdds(run).flatMap((c) => c.packages),
    ...commandsNamed(run, RPM_INSTALLERS)
      .map((command) => subcommandOf(command))
      .filter((c) => c.name === 'install' || c.name === 'in')
      .flatMap((c) => c.args),
  ];
  return packages.some((p) => SUDO_PACKAGE.test(p));
}
