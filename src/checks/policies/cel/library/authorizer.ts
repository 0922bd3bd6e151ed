import { CelScalar, celMethod, type CelFunc, type CelValue } from '@bufbuild/cel';
import { opaqueType } from '../opaque.js';

const { STRING, DYN } = CelScalar;

export const OFFLINE_AUTHORIZER_MESSAGE = 'authorizer checks need the cluster\'s authorizer and cannot be answered offline';

const authorizerType = opaqueType<null>('authorizer');
const AUTHORIZER = authorizerType.type;

/**
 * The `authorizer` variable. Whether a user may do something is the cluster's RBAC and webhooks to say; offline
 * every check is an evaluation error, which the policy's failurePolicy then decides, rather than a guessed answer.
 */
export const offlineAuthorizer: CelValue = authorizerType.wrap(null, 'offline');

function unanswerable(): never {
  throw new Error(OFFLINE_AUTHORIZER_MESSAGE);
}

/** The chain after `group`/`path` is declared so policies compile; it is never reached, since those fail first. */
const CHAIN_WITH_ARGUMENT = ['resource', 'subresource', 'namespace', 'name', 'check', 'fieldSelector', 'labelSelector'];
const CHAIN_WITHOUT_ARGUMENT = ['allowed', 'reason', 'errored', 'error'];

export const authorizerFunctions: CelFunc[] = [
  celMethod('group', AUTHORIZER, [STRING], DYN, unanswerable),
  celMethod('path', AUTHORIZER, [STRING], DYN, unanswerable),
  celMethod('serviceAccount', AUTHORIZER, [STRING, STRING], DYN, unanswerable),
  ...CHAIN_WITH_ARGUMENT.map((name) => celMethod(name, AUTHORIZER, [STRING], DYN, unanswerable)),
  ...CHAIN_WITHOUT_ARGUMENT.map((name) => celMethod(name, AUTHORIZER, [], DYN, unanswerable)),
];
