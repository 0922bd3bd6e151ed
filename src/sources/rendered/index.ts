export { chartForPipedOutput, mapHelmOutput, renderHelmChart } from './helm.js';
export { renderKustomization } from './kustomize.js';
export type { RenderOptions, RenderResult } from './options.js';
