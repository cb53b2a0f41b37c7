import { UNKNOWN_APPLICATION, BUCKET_SECONDS } from '@fleetlog/pipeline-config';
import { renderDuckDbAggregationSql, renderFlinkSql } from './index';

describe('renderDuckDbAggregationSql', () => {
  it('renders the bucket, the UNKNOWN label and the join from the shared constants', () => {
    const sql = renderDuckDbAggregationSql();
    expect(sql).toContain(
      `floor(l.epoch_ms / 1000.0 / ${BUCKET_SECONDS}) AS BIGINT) * ${BUCKET_SECONDS}`,
    );
    expect(sql).toContain(
      `COALESCE(r.application_name, k.application_name, '${UNKNOWN_APPLICATION}')`,
    );
    expect(sql).toContain(
      'LEFT JOIN "host_application_map" AS r ON r.prefix_bits IS NULL AND r.host = l.host',
    );
    expect(sql).toContain('FROM "access_logs"');
  });

  it('uses the given table names and refuses names that are not plain identifiers', () => {
    const sql = renderDuckDbAggregationSql({ logs: 'logs_2015', reference: 'ref' });
    expect(sql).toContain('FROM "logs_2015"');
    expect(sql).toContain('LEFT JOIN "ref" AS r');
    expect(() => renderDuckDbAggregationSql({ logs: 'x; DROP TABLE y' })).toThrow(
      /invalid SQL table name/,
    );
  });
});

describe('renderFlinkSql', () => {
  const sql = renderFlinkSql({
    inputStream: 'in-stream',
    outputStream: 'out-stream',
    region: 'eu-west-1',
  });

  it('declares an event-time column with a watermark on the source table', () => {
    expect(sql).toContain('event_time AS TO_TIMESTAMP_LTZ(epoch_ms, 3)');
    expect(sql).toContain("WATERMARK FOR event_time AS event_time - INTERVAL '1' MINUTE");
    expect(sql).toContain("'stream' = 'in-stream'");
    expect(sql).toContain("'aws.region' = 'eu-west-1'");
    expect(sql).toContain("SET 'table.local-time-zone' = 'UTC'");
  });

  it('windows with a one-minute TUMBLE window TVF on event time', () => {
    expect(sql).toContain(
      "FROM TABLE(TUMBLE(TABLE attributed, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))",
    );
    expect(sql).toContain('GROUP BY window_start, window_end, application_name, status');
  });

  it('attributes hosts with a LEFT lookup join on the reference table, UNKNOWN on no match', () => {
    expect(sql).toMatch(
      /LEFT JOIN "host_application_map" FOR SYSTEM_TIME AS OF l\.proc_time AS r\s+ON r\.host = l\.host/,
    );
    expect(sql).toContain(`COALESCE(r.application_name, '${UNKNOWN_APPLICATION}')`);
    expect(sql).toContain("'lookup.partial-cache.expire-after-write' = '30s'");
  });

  it('writes to the sink partitioned by application name', () => {
    expect(sql).toContain('INSERT INTO "request_aggregates"');
    expect(sql).toContain('PARTITIONED BY (application_name)');
    expect(sql).toContain("'stream' = 'out-stream'");
  });

  it('takes a watermark delay and rejects nonsense', () => {
    expect(renderFlinkSql({ watermarkDelaySeconds: 90 })).toContain(
      "event_time - INTERVAL '90' SECOND(2)",
    );
    expect(() => renderFlinkSql({ watermarkDelaySeconds: -1 })).toThrow(/watermarkDelaySeconds/);
    expect(renderFlinkSql({ region: "x'y" })).toContain("'aws.region' = 'x''y'");
  });
});
