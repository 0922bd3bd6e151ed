import { describe, expect, it } from 'vitest';
import { parseAdmissionReview, reviewResponse, ReviewError } from './review.js';
import { pod, request, reviewBody } from './testing/reviews.js';

const valid = () => reviewBody(request(pod('web', 'shop'))) as { request: Record<string, unknown> } & Record<string, unknown>;

function reason(body: unknown): string {
  try {
    parseAdmissionReview(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ReviewError);
    return (error as Error).message;
  }
  throw new Error('expected a ReviewError');
}

describe('parseAdmissionReview', () => {
  it('reads a CREATE review with every field the API server sends', () => {
    const body = valid();
    Object.assign(body.request, {
      requestKind: { group: '', version: 'v1', kind: 'Pod' },
      requestResource: { group: '', version: 'v1', resource: 'pods' },
      userInfo: { username: 'alice', uid: '42', groups: ['devs'], extra: { scopes: ['a', 'b'] } },
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
      dryRun: true,
    });
    const parsed = parseAdmissionReview(body);
    expect(parsed).toMatchObject({
      uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { resource: 'pods' },
      operation: 'CREATE',
      namespace: 'shop',
      name: 'web',
      dryRun: true,
      userInfo: { username: 'alice', uid: '42', groups: ['devs'], extra: { scopes: ['a', 'b'] } },
      options: { kind: 'CreateOptions' },
    });
    expect(parsed.object).toMatchObject({ kind: 'Pod' });
  });

  it('reads a DELETE review, whose object is null and oldObject holds the object', () => {
    const body = reviewBody(request(undefined, { operation: 'DELETE', namespace: 'shop', name: 'web' })) as { request: Record<string, unknown> };
    body.request.object = null;
    body.request.oldObject = pod('web', 'shop');
    const parsed = parseAdmissionReview(body);
    expect(parsed.operation).toBe('DELETE');
    expect(parsed.object).toBeUndefined();
    expect(parsed.oldObject).toMatchObject({ kind: 'Pod' });
  });

  it.each([
    ['a list instead of an object', [], /not a JSON object/],
    ['a string', 'AdmissionReview', /not a JSON object/],
    ['the v1beta1 API', { ...valid(), apiVersion: 'admission.k8s.io/v1beta1' }, /apiVersion must be admission.k8s.io\/v1, not "admission.k8s.io\/v1beta1"/],
    ['another kind', { ...valid(), kind: 'TokenReview' }, /kind must be AdmissionReview, not "TokenReview"/],
    ['no request', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, /request is missing/],
  ])('refuses %s', (_name, body, message) => {
    expect(reason(body)).toMatch(message);
  });

  it.each([
    ['a missing uid', (r: Record<string, unknown>) => delete r.uid, /request.uid must be a non-empty string, not missing/],
    ['an empty uid', (r: Record<string, unknown>) => (r.uid = ''), /request.uid must be a non-empty string/],
    ['a numeric uid', (r: Record<string, unknown>) => (r.uid = 7), /request.uid must be a non-empty string, not a number/],
    ['an unknown operation', (r: Record<string, unknown>) => (r.operation = 'PATCH'), /request.operation must be one of CREATE, UPDATE, DELETE, CONNECT, not "PATCH"/],
    ['a kind without version', (r: Record<string, unknown>) => (r.kind = { kind: 'Pod' }), /request.kind.version must be a non-empty string/],
    ['a resource that is a string', (r: Record<string, unknown>) => (r.resource = 'pods'), /request.resource must be an object, not "pods"/],
    ['an object that is a list', (r: Record<string, unknown>) => (r.object = [1, 2]), /request.object must be an object, not a list/],
    ['an object that is a string', (r: Record<string, unknown>) => (r.object = 'apiVersion: v1'), /request.object must be an object/],
    ['no object on CREATE', (r: Record<string, unknown>) => delete r.object, /request.object is required for CREATE/],
    ['no oldObject on UPDATE', (r: Record<string, unknown>) => (r.operation = 'UPDATE'), /request.object and request.oldObject are required for UPDATE/],
    ['dryRun as a string', (r: Record<string, unknown>) => (r.dryRun = 'true'), /request.dryRun must be true or false/],
    ['no userInfo', (r: Record<string, unknown>) => delete r.userInfo, /request.userInfo is missing/],
    ['groups that are not strings', (r: Record<string, unknown>) => (r.userInfo = { username: 'a', groups: [1] }), /request.userInfo.groups must be a list of strings/],
  ])('refuses a request with %s', (_name, change, message) => {
    const body = valid();
    change(body.request);
    expect(reason(body)).toMatch(message);
  });

  it('never quotes a long or binary value back', () => {
    const body = valid();
    body.request.uid = 'x'.repeat(10_000);
    body.request.operation = `\u001b]0;evil\u0007${'y'.repeat(100)}`;
    const message = reason(body);
    expect(message.length).toBeLessThan(200);
    expect(message).not.toMatch(/evil|\u001b/);
  });
});

describe('reviewResponse', () => {
  it('base64-encodes the JSON Patch and leaves empty parts out', () => {
    const review = reviewResponse({ uid: 'u1', allowed: true, patch: [{ op: 'add', path: '/metadata/labels/team', value: 'a' }], warnings: [], auditAnnotations: {} });
    const response = review.response as Record<string, unknown>;
    expect(review).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' });
    expect(response).toEqual({ uid: 'u1', allowed: true, patchType: 'JSONPatch', patch: expect.any(String) });
    expect(JSON.parse(Buffer.from(response.patch as string, 'base64').toString('utf8'))).toEqual([{ op: 'add', path: '/metadata/labels/team', value: 'a' }]);
  });

  it('writes a denial as a metav1.Status', () => {
    const review = reviewResponse({ uid: 'u1', allowed: false, status: { code: 403, reason: 'Forbidden', message: 'no' } });
    expect(review.response).toEqual({ uid: 'u1', allowed: false, status: { metadata: {}, status: 'Failure', code: 403, reason: 'Forbidden', message: 'no' } });
  });
});
