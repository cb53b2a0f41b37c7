import { NOTIFIER_ENVIRONMENT, writeEnvironment } from '@fleetlog/pipeline-config';
import { captureJsonLogs, lambdaContext, loadLambdaEntry } from '@fleetlog/testing';

const load = () => jest.requireActual<typeof import('./handler')>('./handler');

describe('notifier Lambda entry', () => {
  it('fails its init with one line naming every missing variable', () => {
    expect(() => loadLambdaEntry(load, {})).toThrow(
      'notifier configuration: REFERENCE_BUCKET is required; ALARM_TOPIC_ARN is required',
    );
  });

  it('starts with the environment infra writes and logs with the Lambda context', async () => {
    const entry = loadLambdaEntry(
      load,
      writeEnvironment(NOTIFIER_ENVIRONMENT, {
        bucket: 'reference',
        topicArn: 'arn:aws:sns:us-east-1:123456789012:alarms',
        mapKey: 'reference/HostApplicationMap.csv',
        topHostsKey: 'reference/recent-top-hosts.json',
        applicationThreshold: 10_000,
        unknownSourceThreshold: 100,
      }),
    );
    const logs = await captureJsonLogs(() =>
      entry.handler({ 'detail-type': 'Not an alarm' }, lambdaContext('fleetlog-notifier', 'req-7')),
    );
    expect(logs).toContainEqual(
      expect.objectContaining({
        message: 'event ignored',
        function_name: 'fleetlog-notifier',
        function_request_id: 'req-7',
        cold_start: true,
      }),
    );
  });
});
