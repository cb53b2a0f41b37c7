import { waitLatency, yieldTicks } from './ticks';

describe('yieldTicks and waitLatency', () => {
  it('yield nothing for 0 turns, and let queued callbacks run for 1', async () => {
    const ran: string[] = [];
    setImmediate(() => ran.push('queued'));
    await yieldTicks(0);
    expect(ran).toEqual([]);
    await yieldTicks(1);
    expect(ran).toEqual(['queued']);
  });

  it('let a request with less latency overtake one with more', async () => {
    const order: string[] = [];
    await Promise.all([
      waitLatency(3).then(() => order.push('slow')),
      waitLatency(() => 1).then(() => order.push('fast')),
    ]);
    expect(order).toEqual(['fast', 'slow']);
  });

  it('draw a latency function once per wait', async () => {
    const draw = jest.fn(() => 2);
    await waitLatency(draw);
    await waitLatency(undefined);
    await waitLatency(0);
    expect(draw).toHaveBeenCalledTimes(1);
  });
});
