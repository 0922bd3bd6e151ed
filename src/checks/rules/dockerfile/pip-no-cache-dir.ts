import { hasCacheMount, hasOption } from './commands.js';
import { pipInstallPackages } from './pip.js';
import { defineDockerfileRule } from './rule.js';

export const pipNoCacheDir = defineDockerfileRule({
  meta: {
    id: 'docker/pip-no-cache-dir',
    title: 'pip install without --no-cache-dir',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'pip caches downloaded wheels under ~/.cache/pip; in an image layer that cache is dead weight shipped to every node.',
    remediation: '```dockerfile\nRUN pip install --no-cache-dir -r requirements.txt\n```',
    references: { urls: ['https://pip.pypa.io/en/stable/topics/caching/'] },
    // Not hadolint DL3042: it flags PIP_NO_CACHE_DIR=0/false/no/off (pip disables the cache for those
    // too) and cache mounts (which keep the cache out of the layer).
    aliases: {},
  },
  check({ dockerfile, report }) {
    // Whether PIP_NO_CACHE_DIR is set at the end of each stage: a stage built FROM it inherits that.
    const disabledAtEnd: boolean[] = [];
    for (const stage of dockerfile.stages) {
      let disabled = stage.baseStage !== undefined && disabledAtEnd[stage.baseStage] === true;
      for (const instruction of stage.instructions) {
        // ARG values are in the environment of later RUNs too.
        if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') disabled = variableValue(instruction.words, instruction.keyword === 'ENV') ?? disabled;
        if (instruction.keyword !== 'RUN' || disabled) continue;
        if (hasCacheMount(instruction, '/root/.cache/pip') || hasCacheMount(instruction, '/root/.cache')) continue;
        let exported = false;
        for (const command of instruction.commands) {
          if (command.name === 'export') exported = variableValue(command.argv.slice(1), false) ?? exported;
          if (pipInstallPackages(command) && !exported && !hasOption(command, '--no-cache-dir') && variableValue(command.assignments, false) !== true) {
            report({ instruction, key: command.text, message: `"${command.text}" keeps the pip cache; add --no-cache-dir` });
          }
        }
      }
      disabledAtEnd[stage.index] = disabled;
    }
  },
});

/**
 * PIP_NO_CACHE_DIR among `NAME=value` words (and `ENV NAME value`): pip turns the cache off for any
 * boolean it accepts, "0" and "false" included (kept that way for backward compatibility), and
 * rejects other values. Undefined when the words do not set it.
 */
function variableValue(words: readonly string[], legacyEnvForm: boolean): boolean | undefined {
  if (legacyEnvForm && words.length > 0 && !words[0]!.includes('=')) return words[0] === 'PIP_NO_CACHE_DIR' ? PIP_BOOLEAN.test(words.slice(1).join(' ')) : undefined;
  let value: boolean | undefined;
  for (const word of words) if (word.startsWith('PIP_NO_CACHE_DIR=')) value = PIP_BOOLEAN.test(word.slice('PIP_NO_CACHE_DIR='.length));
  return value;
}

const PIP_BOOLEAN = /^(y|yes|t|true|on|1|n|no|f|false|off|0)$/i;
