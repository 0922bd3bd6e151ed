import { unverifiedRemoteSources } from './add-sources.js';
import { defineInstructionRule } from './rule.js';

export const addRemoteUrl = defineInstructionRule({
  meta: {
    id: 'docker/add-remote-url',
    title: 'ADD downloads a URL without a checksum',
    severity: 'medium',
    target: 'dockerfile',
    rationale: 'ADD <url> trusts whatever the server returns at build time; a compromised or changed download lands in the image unnoticed. Without `--checksum` nothing verifies the content.',
    remediation: 'Pin the content with a checksum, or download and verify explicitly:\n\n```dockerfile\nADD --checksum=sha256:<hash> https://example.com/tool.tar.gz /tmp/\n```',
    references: { urls: ['https://docs.docker.com/reference/dockerfile/#add---checksum'] },
    aliases: {},
  },
  keywords: ['ADD'],
  check(instruction, _stage, { report }) {
    const remote = unverifiedRemoteSources(instruction);
    if (remote.length > 0) report({ instruction, message: `ADD downloads ${remote.map((s) => `"${s}"`).join(', ')} without --checksum` });
  },
});
