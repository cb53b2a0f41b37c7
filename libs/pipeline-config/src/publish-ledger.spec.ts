import {
  CLOUDWATCH_MAX_AGE_MS,
  PIPELINE_STREAM_RETENTION_HOURS,
  PUBLISH_LEDGER,
  PUBLISHER_LEDGER_ENVIRONMENT,
  readEnvironment,
} from './index';

describe('PUBLISH_LEDGER', () => {
  it('keeps an item longer than the output stream can re-deliver and CloudWatch accepts a point', () => {
    expect(PUBLISH_LEDGER.timeToLiveMs).toBeGreaterThan(PIPELINE_STREAM_RETENTION_HOURS * 3600_000);
    expect(PUBLISH_LEDGER.timeToLiveMs).toBeGreaterThan(CLOUDWATCH_MAX_AGE_MS);
  });

  it('is named to the publisher by PUBLISH_LEDGER_TABLE, unset meaning no ledger', () => {
    const read = (env: Record<string, string>) =>
      readEnvironment('metrics-publisher', PUBLISHER_LEDGER_ENVIRONMENT, env).ledgerTable;
    expect(read({ PUBLISH_LEDGER_TABLE: 'fleetlog-ledger' })).toBe('fleetlog-ledger');
    expect(read({})).toBeUndefined();
  });
});
