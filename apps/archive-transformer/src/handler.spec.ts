import { ARCHIVE_TRANSFORMER_ENVIRONMENT } from '@fleetlog/archive';
import { writeEnvironment } from '@fleetlog/pipeline-config';
import { loadLambdaEntry } from '@fleetlog/testing';

const load = () => jest.requireActual<typeof import('./handler')>('./handler');

describe('archive-transformer Lambda entry', () => {
  it('fails its init with one line naming the missing variable', () => {
    expect(() => loadLambdaEntry(load, {})).toThrow(
      'archive-transformer configuration: REFERENCE_BUCKET is required',
    );
  });

  it('fails its init on a log format that does not compile', () => {
    expect(() =>
      loadLambdaEntry(load, { REFERENCE_BUCKET: 'reference', LOG_FORMAT: '%h %Q' }),
    ).toThrow(/^archive-transformer configuration: LOG_FORMAT\/TRUSTED_PROXIES: /);
  });

  it('starts with the environment infra writes', () => {
    const entry = loadLambdaEntry(
      load,
      writeEnvironment(ARCHIVE_TRANSFORMER_ENVIRONMENT, {
        referenceBucket: 'reference',
        referenceKey: 'reference/HostApplicationMap.csv',
        refreshSeconds: 30,
        logFormat: 'combined',
        trustedProxies: [],
      }),
    );
    expect(typeof entry.handler).toBe('function');
  });
});
