import { describe, expect, it } from 'vitest';
import { defaultAdmissionConfig, type AdmissionExemptions } from '../../config/admission.js';
import { exemption, modesFor, reaches } from './policy.js';
import { pod, request } from './testing/reviews.js';

const defaults = defaultAdmissionConfig().defaults;
const none: AdmissionExemptions = defaultAdmissionConfig().exemptions;

describe('modesFor', () => {
  it('takes the configured defaults without labels', () => {
    expect(modesFor(undefined, defaults)).toEqual({ modes: defaults, problems: [] });
    expect(modesFor({ team: 'shop' }, defaults)).toEqual({ modes: defaults, problems: [] });
  });

  it('reads each mode from its namespace label, in any case', () => {
    const { modes } = modesFor({ 'rampart.io/enforce': 'Critical', 'rampart.io/warn': 'medium', 'rampart.io/audit': 'off' }, defaults);
    expect(modes).toEqual({ enforce: 'critical', warn: 'medium', audit: 'off' });
  });

  it('fails closed on an unreadable label, and says so', () => {
    const { modes, problems } = modesFor({ 'rampart.io/enforce': 'strict' }, defaults);
    expect(modes.enforce).toBe('info');
    expect(problems).toEqual(['namespace label rampart.io/enforce="strict" is not a severity or off; applying it to every severity']);
  });
});

describe('reaches', () => {
  it('compares severities and never reaches off', () => {
    expect(reaches('high', 'high')).toBe(true);
    expect(reaches('critical', 'high')).toBe(true);
    expect(reaches('medium', 'high')).toBe(false);
    expect(reaches('critical', 'off')).toBe(false);
  });
});

describe('exemption', () => {
  const shopPod = pod('web', 'shop');

  it('always exempts kube-system and Rampart\'s own namespace', () => {
    expect(exemption(request(pod('dns', 'kube-system')), none, 'rampart-system')).toBe('namespace kube-system is always exempt');
    expect(exemption(request(pod('webhook', 'rampart-system')), none, 'rampart-system')).toBe('namespace rampart-system is always exempt');
    expect(exemption(request(shopPod), none, 'rampart-system')).toBeUndefined();
  });

  it('exempts the Namespace objects of exempt namespaces themselves', () => {
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } };
    expect(exemption(request(namespace, { name: 'kube-system' }), none, undefined)).toBe('namespace kube-system is always exempt');
  });

  it('exempts configured namespaces, users, groups, service accounts and runtime classes', () => {
    expect(exemption(request(shopPod), { ...none, namespaces: ['shop'] }, undefined)).toBe('namespace shop is exempt');
    expect(exemption(request(shopPod), { ...none, usernames: ['alice'] }, undefined)).toBe('user alice is exempt');
    expect(exemption(request(shopPod, { userInfo: { username: 'bob', groups: ['ops', 'sre'] } }), { ...none, groups: ['sre'] }, undefined)).toBe('group sre is exempt');
    const controller = request(shopPod, { userInfo: { username: 'system:serviceaccount:argocd:argocd-application-controller', groups: [] } });
    expect(exemption(controller, { ...none, serviceAccounts: ['argocd/argocd-application-controller'] }, undefined)).toBe('service account argocd/argocd-application-controller is exempt');
    expect(exemption(controller, { ...none, serviceAccounts: ['argocd/other'] }, undefined)).toBeUndefined();
    const gvisor = pod('sandboxed', 'shop', {}, { runtimeClassName: 'gvisor' });
    expect(exemption(request(gvisor), { ...none, runtimeClasses: ['gvisor'] }, undefined)).toBe('runtime class gvisor is exempt');
    expect(exemption(request(shopPod), { ...none, runtimeClasses: ['gvisor'] }, undefined)).toBeUndefined();
  });

  it('finds the runtime class in a workload\'s pod template', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'shop' }, spec: { template: { spec: { runtimeClassName: 'kata', containers: [] } } } };
    expect(exemption(request(deployment), { ...none, runtimeClasses: ['kata'] }, undefined)).toBe('runtime class kata is exempt');
  });
});
