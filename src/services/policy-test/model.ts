import type { PolicyOperation, PolicyResult } from '../../checks/policies/types.js';

/** One object to judge, with the request around it. */
export interface TestRequest {
  object: Record<string, unknown> | null;
  oldObject?: Record<string, unknown> | null;
  operation: PolicyOperation;
  namespaceObject?: Record<string, unknown>;
  userInfo?: { username: string; uid?: string; groups?: readonly string[] };
}

/** An expected violation: each given field must match (policy name exactly, message as a substring or pattern). */
export interface ViolationMatcher {
  policy?: string;
  message?: string;
  /** Gatekeeper suites match messages with a regular expression; Rampart's format with a substring. */
  messageIs: 'substring' | 'pattern';
}

/** What a case expects; an absent part is not checked. */
export interface Expectation {
  allowed?: boolean;
  /** Rampart's format: exactly these violations, each matched once (warn and audit ones included). */
  violations?: ViolationMatcher[];
  /** Rampart's format: exactly these warnings (violations whose actions include warn). */
  warnings?: ViolationMatcher[];
  /** Gatekeeper's `assertions`: how many violations match, `yes` (one or more) or `no`. */
  counts?: Array<{ matcher: ViolationMatcher; violations: number | 'yes' | 'no' }>;
}

export interface TestCase {
  /** `file › test › case`, as printed. */
  name: string;
  file: string;
  line?: number;
  request: TestRequest;
  /** Gatekeeper's per-case `inventory`, added to the group's. */
  inventory?: Array<Record<string, unknown>>;
  expect: Expectation;
}

/** Cases sharing policies and an inventory: a Rampart test file, or one test of a Gatekeeper suite. */
export interface TestGroup {
  file: string;
  /** Policy files (absolute, inside the root). */
  policyFiles: string[];
  /** Objects policies may read as params and `data.inventory`. */
  inventory: Array<Record<string, unknown>>;
  cases: TestCase[];
}

export interface CaseResult {
  name: string;
  file: string;
  line?: number;
  passed: boolean;
  /** What differed, one line each: `expected ..., got ...`. */
  differences: string[];
  actual: Pick<PolicyResult, 'violations' | 'failures'> & { allowed: boolean };
}
