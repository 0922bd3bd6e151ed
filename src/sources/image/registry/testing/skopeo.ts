import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `skopeo copy` from an OCI layout (written by testing/oci-writer.ts) to a plain-HTTP registry on 127.0.0.1. */
export async function pushLayout(
  dir: string,
  tag: string,
  destination: string,
  options: { all?: boolean; dockerFormat?: boolean; creds?: string } = {},
): Promise<void> {
  await run(
    'skopeo',
    [
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      ...(options.all ? ['--all'] : []),
      ...(options.dockerFormat ? ['--format', 'v2s2'] : []),
      ...(options.creds ? ['--dest-creds', options.creds] : []),
      `oci:${dir}:${tag}`,
      `docker://${destination}`,
    ],
    { timeout: 30_000 },
  );
}
