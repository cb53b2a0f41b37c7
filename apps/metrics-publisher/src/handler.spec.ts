import { PUBLISHER_ENVIRONMENT, writeEnvironment } from '@fleetlog/pipeline-config';
import { captureJsonLogs, lambdaContext, loadLambdaEntry } from '@fleetlog/testing';

const load = () => jest.requireActual<typeof import('./handler')>('./handler');

describe('metrics-publisher Lambda entry', () => {
  it('starts without a bucket: every variable has a default', () => {
    expect(typeof loadLambdaEntry(load, {}).handler).toBe('function');
  });

  it('starts with the environment infra writes and logs with the Lambda context', async () => {
    const entry = loadLambdaEntry(
      load,
      writeEnvironment(PUBLISHER_ENVIRONMENT, {
        namespace: 'FleetLog',
        referenceBucket: 'reference',
      }),
    );
    const logs = await captureJsonLogs(() =>
      entry.handler({ Records: [] }, lambdaContext('fleetlog-publisher', 'req-3')),
    );
    expect(logs).toContainEqual(
      expect.objectContaining({ function_request_id: 'req-3', cold_start: true }),
    );
  });
});
