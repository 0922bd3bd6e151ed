/** A rule ID or alias no rule answers to, in a command line, `rampart.yaml` or an admission configuration. */
export class UnknownRuleError extends Error {
  constructor(readonly reference: string) {
    super(`unknown rule "${reference}" (not a rule ID nor an alias of one; see \`rampart rules\`)`);
  }
}
