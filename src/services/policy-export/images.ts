import { CONTAINER, CONTAINERS, each, lit, msg } from './cel.js';
import type { CelRule, RuleCel } from './types.js';

/**
 * The image rules (checks/rules/kubernetes/images/) as CEL. Their judgement rests on the lenient reading of an image
 * reference (`parseImageReference` in parsers/image/reference.ts): split at the first `@` (digest), then at a `:`
 * after the last `/` (tag), the first path component a registry only when it looks like a host; text that is no
 * reference at all (whitespace, template placeholders, empty tag, digest or path) is left alone. Without local
 * bindings in CEL, the split is done in three policy variables, each reading the previous one.
 */

const AT = "i.image.indexOf('@')";
const COLON = "i.rest.lastIndexOf(':')";
const HAS_TAG = `${COLON} > i.rest.lastIndexOf('/')`;
const FIRST = "(i.repo.indexOf('/') < 0 ? '' : i.repo.substring(0, i.repo.indexOf('/')))";
const IS_DOMAIN = `(${FIRST} != '' && (${FIRST}.matches('[.:]') || ${FIRST} == 'localhost' || ${FIRST} != ${FIRST}.lowerAscii()))`;
const PATH = `(${IS_DOMAIN} ? i.repo.substring(i.repo.indexOf('/') + 1) : i.repo)`;
const KEPT = "'name': i.name, 'image': i.image, 'policy': i.policy";

/** CEL map literals hold one value type: every value is `dyn`, as a missing tag or digest is null beside strings. */
const IMAGE_VARIABLES = [
  {
    name: 'images',
    expression:
      `${CONTAINERS}.filter(c, has(c.image)).map(c, {'name': dyn(c.name), 'image': dyn(c.image), 'policy': dyn(c.?imagePullPolicy.orValue(''))}).map(i, {${KEPT}, ` +
      `'rest': dyn(${AT} < 0 ? i.image : i.image.substring(0, ${AT})), 'digest': ${AT} < 0 ? dyn(null) : dyn(i.image.substring(${AT} + 1))})`,
  },
  {
    name: 'imageParts',
    expression:
      `variables.images.map(i, {${KEPT}, 'digest': i.digest, ` +
      `'tag': ${HAS_TAG} ? dyn(i.rest.substring(${COLON} + 1)) : dyn(null), 'repo': dyn(${HAS_TAG} ? i.rest.substring(0, ${COLON}) : i.rest)})`,
  },
  {
    name: 'imageRefs',
    expression:
      `variables.imageParts.map(i, {${KEPT}, 'digest': i.digest, 'tag': i.tag, ` +
      `'valid': dyn(i.image != '' && !i.image.matches('[\\\\s{}$]') && i.digest != '' && i.tag != '' && ${PATH} != '' && !${PATH}.startsWith('/') && !${PATH}.endsWith('/'))})`,
  },
];

const REFS = 'variables.imageRefs';
const MUTABLE_LATEST = "r.valid && r.digest == null && (r.tag == null || r.tag == 'latest')";
const IMAGE = msg`${CONTAINER('r')} image "${'r.image'}"`;

const imageRule = (messages: string): RuleCel => ({ match: 'pod-templates', variables: IMAGE_VARIABLES, messages });

const imageTagLatest: CelRule = {
  id: 'k8s/image-tag-latest',
  cel: () => imageRule(each(REFS, 'r', MUTABLE_LATEST, `${IMAGE} + (r.tag == null ? ${lit(' has no tag, so it resolves to :latest')} : ${lit(' uses the mutable :latest tag')})`)),
};

const imageNoDigest: CelRule = {
  id: 'k8s/image-no-digest',
  cel: () => imageRule(each(REFS, 'r', 'r.valid && r.digest == null', `${IMAGE} + ${lit(' is not pinned by digest')}`)),
};

const imagePullPolicyLatest: CelRule = {
  id: 'k8s/image-pull-policy-latest',
  cel: () =>
    imageRule(each(
      REFS,
      'r',
      `${MUTABLE_LATEST} && r.policy in ['IfNotPresent', 'Never']`,
      msg`${CONTAINER('r')} pulls mutable image "${'r.image'}" with imagePullPolicy ${'r.policy'}`,
    )),
};

export const IMAGE_CEL_RULES: readonly CelRule[] = [imageTagLatest, imageNoDigest, imagePullPolicyLatest];
