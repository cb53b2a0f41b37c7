import { renderFluentBitConfig, renderKinesisAgentConfig, renderShipperConfig } from './index';

describe('renderKinesisAgentConfig', () => {
  it('tails the log of the format into the stream, raw lines', () => {
    const config = JSON.parse(
      renderKinesisAgentConfig({
        streamName: 'in',
        region: 'eu-west-1',
        logFormat: 'vhost_combined',
      }),
    ) as { flows: Record<string, unknown>[]; 'kinesis.endpoint': string };
    expect(config.flows).toEqual([
      {
        filePattern: '/var/log/apache2/other_vhosts_access.log*',
        kinesisStream: 'in',
        partitionKeyOption: 'RANDOM',
        initialPosition: 'START_OF_FILE',
        // At most 1 s in the agent's buffer (default 60 s): ARCHITECTURE.md section 6b.
        maxBufferAgeMillis: 1000,
      },
    ]);
    expect(config['kinesis.endpoint']).toBe('https://kinesis.eu-west-1.amazonaws.com');
  });

  it('uses the partition endpoint domain when given', () => {
    const config = JSON.parse(
      renderKinesisAgentConfig({
        streamName: 's',
        region: 'cn-north-1',
        urlSuffix: 'amazonaws.com.cn',
        logFile: '/var/log/nginx/access.log',
      }),
    ) as { flows: { filePattern: string }[]; 'kinesis.endpoint': string };
    expect(config['kinesis.endpoint']).toBe('https://kinesis.cn-north-1.amazonaws.com.cn');
    expect(config.flows[0].filePattern).toBe('/var/log/nginx/access.log');
  });

  it('refuses a region that would break the endpoint line', () => {
    expect(() => renderKinesisAgentConfig({ streamName: 's', region: 'eu-west-1\nx' })).toThrow(
      'region must be one line',
    );
  });
});

describe('renderFluentBitConfig', () => {
  it('tails the live access log only (never its rotated files) and sends each line with kinesis_streams', () => {
    const text = renderFluentBitConfig({ streamName: 'fleetlog-input', region: 'us-east-1' });
    expect(text).toContain(
      '[INPUT]\n    Name              tail\n    Path              /var/log/httpd/access_log\n',
    );
    expect(text).toContain('    Buffer_Max_Size   1M\n    Skip_Long_Lines   On\n');
    expect(text).toMatch(
      /\[OUTPUT\]\n {4}Name {5}kinesis_streams\n {4}Match {4}fleetlog\.\*\n {4}region {3}us-east-1\n {4}stream {3}fleetlog-input\n {4}log_key {2}log\n$/,
    );
    expect(text).toContain('# logFormat combined');
  });

  it('names the endpoint outside the aws partition', () => {
    const text = renderFluentBitConfig({
      streamName: 's',
      region: 'cn-north-1',
      urlSuffix: 'amazonaws.com.cn',
    });
    expect(text).toContain('    endpoint https://kinesis.cn-north-1.amazonaws.com.cn\n');
  });

  it('refuses values that would start a new line in the file', () => {
    expect(() => renderFluentBitConfig({ streamName: 's\n[OUTPUT]', region: 'r' })).toThrow(
      'streamName must be one line',
    );
  });

  it('is what renderShipperConfig gives for fluent-bit', () => {
    const options = { streamName: 's', region: 'r', logFormat: 'combined_xff' };
    expect(renderShipperConfig('fluent-bit', options)).toBe(renderFluentBitConfig(options));
    expect(renderShipperConfig('kinesis-agent', options)).toBe(renderKinesisAgentConfig(options));
  });
});
