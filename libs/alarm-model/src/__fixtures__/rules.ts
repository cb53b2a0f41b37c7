import type { AlarmRule } from '../rule';

/** fleetlog's flood alarm settings: 300 s, 1 of 2 periods, above 100, missing not breaching. */
export const FLOOD_RULE: AlarmRule = {
  periodSeconds: 300,
  evaluationPeriods: 2,
  datapointsToAlarm: 1,
  threshold: 100,
  comparison: 'GreaterThanThreshold',
  treatMissingData: 'notBreaching',
};
