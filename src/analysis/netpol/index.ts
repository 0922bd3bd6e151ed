export { buildModel, NAMESPACE_NAME_LABEL, type ContainerPort, type ModelOptions, type NamespaceInfo, type NetpolModel, type Policy, type PolicyPeer, type PolicyRule, type Workload } from './model.js';
export { analyse, computeMatrix, ConnectivityMatrix, NetpolAnalysis, type Connection, type Endpoint, type WorkloadClass } from './engine.js';
export { reach, parseAddressQuery, type PolicyRef, type ReachEndpoint, type ReachResult, type RuleMatch, type SideVerdict } from './reach.js';
export { endpointName, matrixJson, matrixRows, MATRIX_FORMATS, renderMatrix, workloadName, type MatrixFormat, type MatrixJson, type MatrixRow } from './format.js';
export { ALL_CONNECTIONS, allowsPort, formatConnections, isProtocol, NO_CONNECTIONS, PROTOCOLS, type Connections, type Protocol } from './connections.js';
export { formatAddressSet, parseCidr, type AddressSet } from './addresses.js';
export { isEmptySelector, selectorMatches, type LabelSelector, type PolicyIssue } from './selectors.js';
