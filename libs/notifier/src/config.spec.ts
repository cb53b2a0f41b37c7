import { configFromEnv } from './config';

const ENV = { REFERENCE_BUCKET: 'bucket', ALARM_TOPIC_ARN: 'arn:aws:sns:us-east-1:1:alarms' };

describe('configFromEnv', () => {
  it('reads the optional STACK_NAME (the drill-down in the account)', () => {
    expect(configFromEnv({ ...ENV, STACK_NAME: 'fleetlog-prod' }).stackName).toBe('fleetlog-prod');
    expect(configFromEnv(ENV).stackName).toBeUndefined();
  });
});
