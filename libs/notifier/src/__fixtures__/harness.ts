import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { useLocalBucket } from '@fleetlog/local-aws';
import { RECENT_TOP_HOSTS_KEY, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { mockClient } from 'aws-sdk-client-mock';
import { configFromEnv } from '../config';
import { createNotifierHandler } from '../create-handler';
import { BUCKET, MAP, RECENT, TOPIC } from './objects';

/** When the notifier's messages are sent in the specs. */
export const SENT_AT = '2025-12-01T13:42:06.000Z';

/**
 * The notifier against a real S3 protocol server (s3rver, holding the map and the recent top
 * hosts before each test) and a mocked SNS client answering every Publish.
 */
export function useNotifierHarness() {
  const snsMock = mockClient(SNSClient);
  const local = useLocalBucket(BUCKET);
  beforeEach(async () => {
    snsMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    await local.put(REFERENCE_KEYS.map, MAP);
    await local.put(RECENT_TOP_HOSTS_KEY, JSON.stringify(RECENT));
  });
  const quiet = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  return {
    snsMock,
    local,
    notifier: () =>
      createNotifierHandler({
        s3: local.s3,
        sns: new SNSClient({ region: 'us-east-1' }),
        config: configFromEnv({ REFERENCE_BUCKET: BUCKET, ALARM_TOPIC_ARN: TOPIC }),
        logger: quiet as never,
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        now: () => Date.parse(SENT_AT),
      }),
    /** The Publish inputs sent so far. */
    published: (): PublishCommandInput[] =>
      snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input),
  };
}
