export { analyzeMesh, meshPosture, type MeshAnalysis, type WorkloadAnalysis } from './posture.js';
export type { InboundMtls, MeshName, MeshOptions, WorkloadPosture } from './types.js';
