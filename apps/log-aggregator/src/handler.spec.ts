import {
  AGGREGATOR_ENVIRONMENT,
  LOCAL_RESOURCES,
  REFERENCE_KEYS,
  writeEnvironment,
} from '@fleetlog/pipeline-config';
import { loadLambdaEntry } from '@fleetlog/testing';

const load = () => jest.requireActual<typeof import('./handler')>('./handler');

const ENVIRONMENT = writeEnvironment(AGGREGATOR_ENVIRONMENT, {
  referenceBucket: 'reference',
  referenceKey: REFERENCE_KEYS.map,
  refreshSeconds: 30,
  outputStreamName: LOCAL_RESOURCES.outputStream,
  logFormat: 'combined',
  trustedProxies: [],
});

describe('log-aggregator Lambda entry', () => {
  it('fails its init with one line naming every missing variable', () => {
    expect(() => loadLambdaEntry(load, {})).toThrow(
      'log-aggregator configuration: REFERENCE_BUCKET is required; OUTPUT_STREAM_NAME is required',
    );
  });

  it('fails its init on a log format it cannot compile', () => {
    expect(() => loadLambdaEntry(load, { ...ENVIRONMENT, LOG_FORMAT: '%h %{Referer' })).toThrow(
      /^log-aggregator configuration: LOG_FORMAT\/TRUSTED_PROXIES: log format: unterminated %\{ at column 4$/,
    );
  });

  it('starts with the environment infra writes', () => {
    expect(typeof loadLambdaEntry(load, ENVIRONMENT).handler).toBe('function');
  });
});
