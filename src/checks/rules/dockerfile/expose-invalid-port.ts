import { exposedPorts } from './expose.js';
import { defineInstructionRule } from './rule.js';

export const exposeInvalidPort = defineInstructionRule({
  meta: {
    id: 'docker/expose-invalid-port',
    title: 'Invalid port in EXPOSE',
    severity: 'medium',
    target: 'dockerfile',
    rationale: 'A port outside 0-65535, a malformed range or an unknown protocol makes the build fail or documents a port the container can never listen on.',
    remediation: 'Use a valid port (optionally /tcp or /udp):\n\n```dockerfile\nEXPOSE 8080/tcp\n```',
    references: { urls: ['https://docs.docker.com/reference/dockerfile/#expose'] },
    aliases: { hadolint: ['DL3011'], trivy: ['DS008', 'AVD-DS-0008'] },
  },
  keywords: ['EXPOSE'],
  check(instruction, _stage, { report }) {
    for (const port of exposedPorts(instruction)) {
      if (port.from === undefined) continue;
      const valid = Number.isInteger(port.from) && port.from <= port.to! && port.to! <= 65535 && (port.protocol === undefined || ['tcp', 'udp', 'sctp'].includes(port.protocol));
      if (!valid) report({ instruction, key: port.text, message: `EXPOSE "${port.text}" is not a valid port (0-65535[/tcp|udp|sctp])` });
    }
  },
});
