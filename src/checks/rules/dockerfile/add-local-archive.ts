import { addSourceKind, sourcesOf } from './add-sources.js';
import { defineInstructionRule } from './rule.js';

export const addLocalArchive = defineInstructionRule({
  meta: {
    id: 'docker/add-local-archive',
    title: 'ADD auto-extracts a local archive',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'ADD unpacks local tar archives implicitly. The extraction is easy to miss in review, and an archive crafted with absolute paths, links or huge entries writes where the reader does not expect.',
    remediation: 'Make extraction explicit so it is reviewable:\n\n```dockerfile\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /srv && rm /tmp/app.tar.gz\n```',
    references: { urls: ['https://docs.docker.com/reference/dockerfile/#adding-local-tar-archives'] },
    aliases: {},
  },
  keywords: ['ADD'],
  check(instruction, _stage, { report }) {
    const archives = sourcesOf(instruction).filter((s) => addSourceKind(s) === 'archive');
    if (archives.length > 0) report({ instruction, message: `ADD extracts local archive ${archives.map((s) => `"${s}"`).join(', ')} implicitly` });
  },
});
