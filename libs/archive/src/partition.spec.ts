import { FIREHOSE_PARTITION_PREFIX, partitionOf, partitionPath } from './partition';

describe('partitions', () => {
  it('puts an instant in the UTC hour it falls in, first and last millisecond included', () => {
    expect(partitionOf(Date.UTC(2015, 4, 17, 9, 0, 0, 0))).toEqual({
      dt: '2015-05-17',
      hour: '09',
    });
    expect(partitionOf(Date.UTC(2015, 4, 17, 9, 59, 59, 999))).toEqual({
      dt: '2015-05-17',
      hour: '09',
    });
    expect(partitionOf(Date.UTC(2015, 4, 17, 23, 59, 59, 999))).toEqual({
      dt: '2015-05-17',
      hour: '23',
    });
    expect(partitionOf(Date.UTC(2015, 4, 18))).toEqual({ dt: '2015-05-18', hour: '00' });
  });

  it('spells the folder and the Firehose prefix with the same keys', () => {
    expect(partitionPath({ dt: '2015-05-17', hour: '09' })).toBe('dt=2015-05-17/hour=09/');
    expect(FIREHOSE_PARTITION_PREFIX).toBe(
      'dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/',
    );
  });
});
