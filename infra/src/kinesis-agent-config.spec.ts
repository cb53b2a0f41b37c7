import { renderKinesisAgentConfig } from './kinesis-agent-config';

describe('renderKinesisAgentConfig', () => {
  const rendered = renderKinesisAgentConfig({
    streamName: 'fleetlog-input',
    region: 'eu-west-1',
    logFile: '/var/log/httpd/access_log*',
  });
  const config = JSON.parse(rendered) as Record<string, unknown> & {
    flows: Record<string, unknown>[];
  };

  it('tails the Apache access logs into the input stream', () => {
    expect(config.flows).toHaveLength(1);
    expect(config.flows[0]).toMatchObject({
      filePattern: '/var/log/httpd/access_log*',
      kinesisStream: 'fleetlog-input',
    });
  });

  it('ships raw lines: no data processing options, no Firehose delivery', () => {
    expect(config.flows[0]).not.toHaveProperty('dataProcessingOptions');
    expect(config.flows[0]).not.toHaveProperty('deliveryStream');
    expect(rendered).not.toContain('LOGTOJSON');
  });

  it('targets the stream region', () => {
    expect(config['kinesis.endpoint']).toBe('https://kinesis.eu-west-1.amazonaws.com');
  });

  it('uses the partition endpoint domain when given', () => {
    const cn = JSON.parse(
      renderKinesisAgentConfig({
        streamName: 's',
        region: 'cn-north-1',
        urlSuffix: 'amazonaws.com.cn',
        logFile: '/var/log/nginx/access.log',
      }),
    ) as Record<string, unknown>;
    expect(cn['kinesis.endpoint']).toBe('https://kinesis.cn-north-1.amazonaws.com.cn');
  });
});
