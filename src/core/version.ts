import { readFileSync } from 'node:fs';

/** Read once from our own package.json so the report, SARIF and `--version` agree. */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
export const TOOL_NAME = 'rampart';
