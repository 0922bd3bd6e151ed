/** The cluster cannot be used at all (no kubeconfig, unreachable, credentials refused): the scan stops, exit 3. */
export class ClusterAccessError extends Error {}

/** An HTTP error answer of the API server, with the reason of its Status object (`Forbidden`, `Expired`, ...). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}
