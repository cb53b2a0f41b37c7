export { startKinesalite, startS3rver } from './servers';
export type { LocalServer } from './servers';
export { localKinesisClient, localS3Client, createLocalStream, createLocalBucket } from './clients';
