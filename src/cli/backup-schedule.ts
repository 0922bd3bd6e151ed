import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defaultDockerConfigPath } from '../sources/image/registry/docker-config.js';
import { DEFAULT_IMAGE } from './admission-install.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { list, str, TARGET_OPTIONS, WRITE_OPTIONS } from './backup-options.js';
import { EXIT_CODES, OUTPUT_OPTION, type OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

const SCHEDULE_OPTIONS: OptionSpec[] = [
  { name: 'schedule', type: 'string', value: 'CRON', description: 'schedule: when the CronJob runs (five cron fields or @daily, @hourly, ...). Default: "17 2 * * *".' },
  { name: 'install-namespace', type: 'string', value: 'NS', description: 'schedule: namespace of the CronJob and its ServiceAccount. Default: rampart-backup.' },
  { name: 'resource', type: 'string', multiple: true, value: 'PLURAL.GROUP', description: 'schedule: also let the job read this type (custom resources: widgets.example.com). Repeatable.' },
  { name: 'image', type: 'string', value: 'IMAGE', description: `schedule: Rampart image. Default: ${DEFAULT_IMAGE}, its tag resolved to a digest (see --keep-tag).` },
  { name: 'keep-tag', type: 'boolean', description: 'schedule: use --image as given instead of resolving its tag to a digest through the registry.' },
  // Passed on to `backup create` in the CronJob; they mean there what they mean on the command line.
  ...TARGET_OPTIONS.filter((option) => option.name !== 's3-timeout'),
  ...WRITE_OPTIONS.filter((option) => option.name !== 'signing-key'),
  { name: 'namespace', short: 'n', type: 'string', multiple: true, value: 'NS', description: 'Back up only this namespace (with its Namespace object and the CRDs of its custom resources). Repeatable.' },
  { name: 'exclude-namespace', type: 'string', multiple: true, value: 'NS', description: 'Leave out this namespace. Repeatable.' },
  { name: 'include-types', type: 'string', multiple: true, value: 'TYPE[,TYPE]', description: 'Only these resource types (deployments.apps, secrets, Deployment). Repeatable.' },
  { name: 'exclude-types', type: 'string', multiple: true, value: 'TYPE[,TYPE]', description: 'Leave out these resource types. Repeatable.' },
  OUTPUT_OPTION,
];

export const scheduleSubcommand: CommandSpec = {
  usage: 'backup schedule --target s3://BUCKET/PREFIX [--schedule CRON] [--resource PLURAL.GROUP] [--image IMAGE] [-o FILE]',
  summary: 'Render a hardened CronJob that runs `backup create`, with RBAC that can get and list but never write, and a NetworkPolicy.',
  options: SCHEDULE_OPTIONS,
  run: runSchedule,
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CRON_FIELD = /^[0-9*/,-]+$/;
const CRON_MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const RESOURCE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.([a-z0-9]([-a-z0-9.]*[a-z0-9])?))?$/;


async function runSchedule(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`backup schedule takes no arguments, got ${positionals.join(' ')}`);
  const target = str(values, 'target');
  if (!target || !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9._/-]*)?$/.test(target)) {
    throw new UsageError('backup schedule needs --target s3://bucket/prefix: scheduled backups go to object storage outside the cluster they protect');
  }
  const schedule = str(values, 'schedule') ?? '17 2 * * *';
  const fields = schedule.trim().split(/\s+/);
  if (!(CRON_MACROS.has(schedule.trim()) || (fields.length === 5 && fields.every((field) => CRON_FIELD.test(field))))) {
    throw new UsageError(`--schedule must be five cron fields or a macro such as @daily, not "${schedule}"`);
  }
  const { DEFAULT_SCHEDULE_NAMESPACE, S3_CREDENTIALS_SECRET, SIGNING_KEY_SECRET, grantsFor, renderSchedule } = await import('../services/backup/schedule/schedule.js');
  const namespace = str(values, 'install-namespace') ?? DEFAULT_SCHEDULE_NAMESPACE;
  if (!DNS_LABEL.test(namespace)) throw new UsageError(`--install-namespace must be a DNS label, not "${namespace}"`);
  const extra = list(values, 'resource').map((entry) => {
    const match = RESOURCE.exec(entry);
    if (!match || entry.includes('/')) throw new UsageError(`--resource takes PLURAL.GROUP (widgets.example.com) or a core PLURAL, not "${entry}"`);
    return { resource: match[1]!, group: match[4] ?? '' };
  });
  const endpoint = str(values, 's3-endpoint');
  if (endpoint !== undefined && !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/.test(endpoint)) throw new UsageError(`--s3-endpoint must be http(s)://host[:port], not "${endpoint}"`);
  const region = str(values, 's3-region');
  if (region !== undefined && !/^[a-z0-9-]{1,32}$/.test(region)) throw new UsageError(`--s3-region must be a region name, not "${region}"`);
  const selection = [
    ...list(values, 'namespace').flatMap((ns) => ['--namespace', ns]),
    ...list(values, 'exclude-namespace').flatMap((ns) => ['--exclude-namespace', ns]),
    ...list(values, 'exclude-types').flatMap((types) => ['--exclude-types', types]),
  ];
  const lockMode = str(values, 'object-lock-mode')?.toUpperCase();
  const retainDays = str(values, 'retain-days');
  if ((lockMode === undefined) !== (retainDays === undefined)) throw new UsageError('--object-lock-mode and --retain-days go together');
  if (lockMode !== undefined && lockMode !== 'COMPLIANCE' && lockMode !== 'GOVERNANCE') throw new UsageError(`--object-lock-mode must be COMPLIANCE or GOVERNANCE, not "${lockMode}"`);
  if (retainDays !== undefined && !/^[1-9]\d{0,4}$/.test(retainDays)) throw new UsageError(`--retain-days must be a whole number of days, not "${retainDays}"`);
  if (lockMode) selection.push('--object-lock-mode', lockMode, '--retain-days', retainDays!);
  const [{ pinImage }, { manifestsYaml }] = await Promise.all([import('../services/admission/install/image.js'), import('../services/admission/install/install.js')]);
  const image = str(values, 'image') ?? DEFAULT_IMAGE;
  const pinned = values['keep-tag'] === true ? { image } : await pinImage(image, { dockerConfigPath: defaultDockerConfigPath(io.env), requestTimeoutMs: 15_000 });
  if (pinned.warning) io.stderr(`rampart: warning: ${pinned.warning}; pass --image IMAGE@sha256:... to pin it\n`);
  const yaml = manifestsYaml(renderSchedule({
    namespace,
    schedule: schedule.trim(),
    image: pinned.image,
    target,
    ...(endpoint ? { s3Endpoint: endpoint.replace(/\/$/, '') } : {}),
    ...(region ? { s3Region: region } : {}),
    createArgs: selection,
    includeTypes: list(values, 'include-types').flatMap((types) => types.split(',')).map((type) => type.trim()).filter(Boolean),
    grants: grantsFor(extra),
  }));
  const output = str(values, 'output');
  if (output) await writeFile(resolve(io.cwd, output), yaml);
  else io.stdout(yaml);
  io.stderr(`rampart: before the first run, create in namespace ${namespace} the Secret ${SIGNING_KEY_SECRET} (key backup-signing.key: the Ed25519 signing key) and the Secret ${S3_CREDENTIALS_SECRET} (key credentials: an AWS credentials file)\n`);
  return EXIT_CODES.clean;
}
