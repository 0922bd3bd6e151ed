import { downloadsPipedToInterpreter } from '../dockerfile/curl-pipe-shell.js';
import { describeInstruction } from '../dockerfile/rule.js';
import { defineHistoryRule } from './rule.js';

export const curlPipeShell = defineHistoryRule({
  meta: {
    id: 'image/curl-pipe-shell',
    title: 'Image built by piping a remote script into a shell',
    severity: 'high',
    target: 'image',
    rationale: 'The history shows `curl ... | sh`: the build ran whatever the server sent, unverified, usually as root. A compromised host, DNS or CDN at build time means code execution in the image.',
    remediation: 'Download to a file, verify a pinned checksum or signature, then run it, and rebuild:\n\n```dockerfile\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh && rm /tmp/install.sh\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#using-pipes'] },
    aliases: {},
  },
  keywords: ['RUN'],
  check(step, { report }) {
    for (const pipe of downloadsPipedToInterpreter(step.instruction)) {
      report({ step, key: `${pipe.index}`, message: `history[${step.index}] pipes "${pipe.downloader}" output into "${pipe.interpreter}": "${describeInstruction(step.instruction)}"` });
    }
  },
});
