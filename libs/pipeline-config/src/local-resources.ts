/**
 * Names of the streams and the bucket that the local runs (demo, integration tests, replay) create
 * on their embedded Kinesis and S3 servers. A deployed stack names its own resources.
 */
export const LOCAL_RESOURCES = {
  inputStream: 'fleetlog-input',
  outputStream: 'fleetlog-output',
  referenceBucket: 'fleetlog-reference',
} as const;
