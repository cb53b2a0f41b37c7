import { configFromContext } from './context';
import { resolveConfig } from './config';
import { synthesizeBeforeAll } from './testing/synthesize';

describe('logFormat, trustedProxies and shipper settings', () => {
  it('default to combined, no trusted proxies and the Kinesis Agent', () => {
    expect(resolveConfig({})).toMatchObject({
      logFormat: 'combined',
      trustedProxies: [],
      shipper: 'kinesis-agent',
    });
  });

  it('are read from context, as JSON values or -c strings', () => {
    const context: Record<string, unknown> = {
      logFormat: 'combined_xff',
      trustedProxies: '10.0.0.0/8, fd00::/8',
      shipper: 'fluent-bit',
    };
    expect(configFromContext((key) => context[key])).toMatchObject({
      logFormat: 'combined_xff',
      trustedProxies: ['10.0.0.0/8', 'fd00::/8'],
      shipper: 'fluent-bit',
    });
  });

  it('refuse a bad format with its position, bad proxies and an unknown shipper', () => {
    expect(() => resolveConfig({ logFormat: '%h %t %Z' })).toThrow(
      'logFormat/trustedProxies: log format: unknown directive %Z at column 7',
    );
    expect(() => resolveConfig({ trustedProxies: ['10.0.0.0/8'] })).toThrow(
      /trusted proxies need a log format with an X-Forwarded-For field/,
    );
    expect(() => resolveConfig({ shipper: 'vector' as never })).toThrow(
      'shipper must be one of kinesis-agent, fluent-bit, got "vector"',
    );
  });
});

describe('stack with logFormat combined_xff behind an ALB and Fluent Bit', () => {
  const s = synthesizeBeforeAll({
    logFormat: 'combined_xff',
    trustedProxies: ['10.0.0.0/16', '10.1.0.0/16'],
    shipper: 'fluent-bit',
  });

  it('gives the aggregator LOG_FORMAT and TRUSTED_PROXIES', () => {
    const fn = s.resource('AWS::Lambda::Function', 'LogAggregator');
    const variables = (fn.properties['Environment'] as { Variables: Record<string, unknown> })
      .Variables;
    expect(variables).toMatchObject({
      LOG_FORMAT: 'combined_xff',
      TRUSTED_PROXIES: '10.0.0.0/16,10.1.0.0/16',
    });
  });

  it('outputs the Fluent Bit configuration for the input stream', () => {
    const output = s.template.findOutputs('ShipperConfiguration')['ShipperConfiguration'] as {
      Value: unknown;
      Description: string;
    };
    expect(output.Description).toBe('fluent-bit configuration for logFormat combined_xff');
    const text = JSON.stringify(output.Value);
    expect(text).toContain('kinesis_streams');
    expect(text).toContain('log_key  log');
  });
});
