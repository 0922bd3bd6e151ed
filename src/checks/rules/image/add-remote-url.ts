import { unverifiedRemoteSources } from '../dockerfile/add-sources.js';
import { defineHistoryRule } from './rule.js';

export const addRemoteUrl = defineHistoryRule({
  meta: {
    id: 'image/add-remote-url',
    title: 'Image built with ADD of a URL without a checksum',
    severity: 'medium',
    target: 'image',
    rationale: 'The history shows an `ADD <url>` without `--checksum`: the build trusted whatever the server returned, so a compromised or changed download may be in the image unnoticed.',
    remediation: 'Pin the content with a checksum, or download and verify explicitly, then rebuild:\n\n```dockerfile\nADD --checksum=sha256:<hash> https://example.com/tool.tar.gz /tmp/\n```',
    references: { urls: ['https://docs.docker.com/reference/dockerfile/#add---checksum'] },
    aliases: {},
  },
  keywords: ['ADD'],
  check(step, { report }) {
    const remote = unverifiedRemoteSources(step.instruction);
    if (remote.length > 0) report({ step, message: `history[${step.index}] ADD downloaded ${remote.map((s) => `"${s}"`).join(', ')} without --checksum` });
  },
});
