import { configFromEnv } from './config';

const REQUIRED = { REFERENCE_BUCKET: 'ref', OUTPUT_STREAM_NAME: 'out' };

describe('configFromEnv', () => {
  it('applies the documented defaults', () => {
    expect(configFromEnv(REQUIRED)).toEqual({
      referenceBucket: 'ref',
      referenceKey: 'reference/HostApplicationMap.csv',
      refreshSeconds: 30,
      outputStreamName: 'out',
      logFormat: 'combined',
      trustedProxies: [],
    });
  });

  it('reads LOG_FORMAT, a comma-separated TRUSTED_PROXIES and the refresh interval', () => {
    expect(
      configFromEnv({
        ...REQUIRED,
        LOG_FORMAT: 'combined_xff',
        TRUSTED_PROXIES: ' 10.0.0.0/8, fd00::/8 ,',
        REFERENCE_REFRESH_SECONDS: '5',
      }),
    ).toMatchObject({
      logFormat: 'combined_xff',
      trustedProxies: ['10.0.0.0/8', 'fd00::/8'],
      refreshSeconds: 5,
    });
  });

  it('names every missing or bad variable in one line', () => {
    expect(() => configFromEnv({ REFERENCE_REFRESH_SECONDS: 'soon' })).toThrow(
      'log-aggregator configuration: REFERENCE_BUCKET is required; REFERENCE_REFRESH_SECONDS must be a number >= 0, got "soon"; OUTPUT_STREAM_NAME is required',
    );
  });

  it("fails with the compiler's message", () => {
    expect(() => configFromEnv({ ...REQUIRED, LOG_FORMAT: '%h %{Referer' })).toThrow(
      'LOG_FORMAT/TRUSTED_PROXIES: log format: unterminated %{ at column 4',
    );
    expect(() =>
      configFromEnv({ ...REQUIRED, LOG_FORMAT: 'combined', TRUSTED_PROXIES: '10.0.0.0/8' }),
    ).toThrow(/trusted proxies need a log format with an X-Forwarded-For field/);
  });
});
