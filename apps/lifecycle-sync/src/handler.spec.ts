import { LIFECYCLE_SYNC_ENVIRONMENT, writeEnvironment } from '@fleetlog/pipeline-config';
import { captureJsonLogs, lambdaContext, loadLambdaEntry } from '@fleetlog/testing';

const load = () => jest.requireActual<typeof import('./handler')>('./handler');

describe('lifecycle-sync Lambda entry', () => {
  it('fails its init with one line naming every bad variable', () => {
    expect(() => loadLambdaEntry(load, { TAG_OPT_IN: 'maybe' })).toThrow(
      'lifecycle-sync configuration: REFERENCE_BUCKET is required; TAG_OPT_IN must be true or false, got "maybe"',
    );
  });

  it('starts with the environment infra writes and logs with the Lambda context', async () => {
    const entry = loadLambdaEntry(
      load,
      writeEnvironment(LIFECYCLE_SYNC_ENVIRONMENT, {
        bucket: 'reference',
        gracePeriodMinutes: 15,
        tagKeyApplication: 'fleetlog:application',
        tagKeyContact: 'fleetlog:contact',
        addressKinds: ['private-ipv4'],
        watchedGroups: ['web-asg'],
        tagOptIn: false,
        metricsNamespace: 'FleetLog',
      }),
    );
    const logs = await captureJsonLogs(() =>
      entry.handler({ 'detail-type': 'Nonsense' }, lambdaContext('fleetlog-sync', 'req-9')),
    );
    expect(logs).toContainEqual(
      expect.objectContaining({ function_request_id: 'req-9', cold_start: true }),
    );
  });
});
