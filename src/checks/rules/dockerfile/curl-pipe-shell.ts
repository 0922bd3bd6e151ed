import type { Instruction } from '../../../parsers/dockerfile/model.js';
import { POSIX_SHELLS } from '../../../parsers/dockerfile/shell.js';
import { defineInstructionRule } from './rule.js';

const DOWNLOADERS = new Set(['curl', 'wget']);
const INTERPRETERS = new Set([...POSIX_SHELLS, 'python', 'python3', 'perl', 'ruby', 'node', 'php']);

export const curlPipeShell = defineInstructionRule({
  meta: {
    id: 'docker/curl-pipe-shell',
    title: 'Remote script piped into a shell',
    severity: 'high',
    target: 'dockerfile',
    rationale: '`curl ... | sh` runs whatever the server sends, unverified, as the build user (usually root). A compromised host, DNS or CDN turns it into code execution in your image.',
    remediation: 'Download to a file, verify a pinned checksum or signature, then run it:\n\n```dockerfile\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh && rm /tmp/install.sh\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#using-pipes'] },
    aliases: {},
  },
  keywords: ['RUN'],
  check(instruction, _stage, { report }) {
    for (const pipe of downloadsPipedToInterpreter(instruction)) {
      report({ instruction, key: `${pipe.index}`, message: `"${pipe.downloader}" output is piped into "${pipe.interpreter}"` });
    }
  },
});

/** `curl ... | sh` pairs of a RUN; `index` is the downloader's position among the RUN's commands. */
export function downloadsPipedToInterpreter(run: Instruction): Array<{ index: number; downloader: string; interpreter: string }> {
  const commands = run.commands;
  const pipes: Array<{ index: number; downloader: string; interpreter: string }> = [];
  for (let i = 0; i + 1 < commands.length; i++) {
    const [from, to] = [commands[i]!, commands[i + 1]!];
    if (from.next !== '|' || !DOWNLOADERS.has(from.name) || !INTERPRETERS.has(to.name)) continue;
    // `sh -c 'script'` reads the script from its argument, not from the pipe.
    if (to.effectiveArgv.some((w) => /^-[a-z]*c[a-z]*$/.test(w))) continue;
    pipes.push({ index: i, downloader: from.name, interpreter: to.name });
  }
  return pipes;
}
