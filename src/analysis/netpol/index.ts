export { buildModel, NAMESPACE_NAME_LABEL, type ContainerPort, type ModelOptions, type NamespaceInfo, type NetpolModel, type Policy, type PolicyPeer, type PolicyRule, type Workload } from './model.js';
export type { AdminAction, AdminPeer, AdminPolicy, AdminRule } from './admin-model.js';
export { analyse, NetpolAnalysis, type WorkloadClass } from './engine.js';
export { computeMatrix, ConnectivityMatrix, type Connection, type Endpoint } from './matrix.js';
export { reach, parseAddressQuery, type AdminMatch, type PolicyRef, type ReachEndpoint, type ReachResult, type RuleMatch, type SideVerdict } from './reach.js';
export { endpointName, matrixJson, matrixRows, MATRIX_FORMATS, portsJson, renderMatrix, workloadName, type MatrixFormat, type MatrixJson, type MatrixRow } from './format.js';
export { ALL_CONNECTIONS, allowsPort, formatConnections, isProtocol, NO_CONNECTIONS, PROTOCOLS, type Connections, type Protocol } from './connections.js';
export { formatAddressSet, parseCidr, type AddressSet } from './addresses.js';
export { isEmptySelector, selectorMatches, type LabelSelector, type PolicyIssue } from '../../parsers/kubernetes/label-selector.js';
