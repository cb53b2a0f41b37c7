/** The local reference bucket's name (embedded S3 in the demo; in memory in the replay). */
export const REFERENCE_BUCKET = 'fleetlog-reference';
