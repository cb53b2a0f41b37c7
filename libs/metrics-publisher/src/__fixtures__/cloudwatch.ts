import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';

/** CloudWatch for a spec: every CloudWatchClient's calls are answered by this mock. */
export const cloudWatchMock = mockClient(CloudWatchClient);

/** A client whose calls `cloudWatchMock` answers (no credentials lookup, no network). */
export const cloudWatch = new CloudWatchClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
