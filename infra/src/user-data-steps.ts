/** Where a demo instance records the user-data steps that failed (one name per line). */
export const FAILED_STEPS_FILE = '/var/lib/fleetlog/failed-steps';

/**
 * Shell lines that run `command` as a step allowed to fail under `set -euo pipefail`: a failure is
 * reported on stderr (cloud-init output and the instance console), in syslog (tag fleetlog) and
 * in FAILED_STEPS_FILE, and the script goes on. For the Kinesis Agent: its RPM is documented for
 * Amazon Linux 2 and RHEL, not AL2023, and a failed install must not take the web server down.
 */
export function optionalStep(name: string, command: string): string[] {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`step name "${name}" must be [a-z0-9-]+`);
  const message = `fleetlog: optional step ${name} failed (exit $rc); continuing without it`;
  return [
    `if ( ${command} ); then :; else rc=$?`,
    `  echo "${message}" >&2`,
    `  logger -t fleetlog -p user.err "${message}" || true`,
    `  mkdir -p ${FAILED_STEPS_FILE.replace(/\/[^/]+$/, '')} && echo ${name} >> ${FAILED_STEPS_FILE}`,
    'fi',
  ];
}
