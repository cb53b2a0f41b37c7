import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { LineShipper } from './line-shipper';

describe('LineShipper', () => {
  it('counts a line too long for a Kinesis record and ships the others (no ValidationException)', async () => {
    const shipped: string[] = [];
    const kinesis = {
      send: async (command: PutRecordsCommand) => {
        for (const r of command.input.Records ?? []) {
          const data = r.Data as Uint8Array;
          // Kinesis refuses records above 1 MiB: the whole call would fail.
          if (data.length > 1024 * 1024) throw new Error('ValidationException');
          shipped.push(
            ...Buffer.from(data)
              .toString()
              .split('\n')
              .filter((l) => l !== ''),
          );
        }
        return { Records: (command.input.Records ?? []).map(() => ({ SequenceNumber: '1' })) };
      },
    } as unknown as KinesisClient;
    const shipper = new LineShipper({ kinesis, streamName: 's' });
    await shipper.add('a');
    await shipper.add('x'.repeat(3 * 1024 * 1024));
    await shipper.add('b');
    await shipper.flush();
    expect(shipped).toEqual(['a', 'b']);
    expect(shipper.stats).toMatchObject({ lines: 2, tooLong: 1 });
  });
});
