import type { CommandSpec } from './command.js';
import { testSubcommand } from './policy-test.js';
import { exportSubcommand } from './policy-export.js';
import { subcommandGroup } from './subcommands.js';

export const POLICY_SUBCOMMANDS: Record<string, CommandSpec> = {
  test: testSubcommand,
  export: exportSubcommand,
};

export const policyCommand: CommandSpec = subcommandGroup(
  'policy',
  POLICY_SUBCOMMANDS,
  'Policies as code: test users\' CEL and Rego policies offline, and export the built-in rules as ValidatingAdmissionPolicies.',
);
