import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directRunContext } from './direct-run';

describe('directRunContext', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleetlog-ctx-'));
  writeFileSync(
    join(dir, 'cdk.json'),
    JSON.stringify({ app: 'x', context: { demoFleet: false, namespace: 'A' } }),
  );
  writeFileSync(join(dir, 'cdk.context.json'), JSON.stringify({ namespace: 'B' }));

  it('layers cdk.json, cdk.context.json and -c arguments like the CLI', () => {
    expect(
      directRunContext(dir, ['-c', 'demoFleet=true', '--context', 'alarmEmail=a@b.c']),
    ).toEqual({
      demoFleet: 'true',
      namespace: 'B',
      alarmEmail: 'a@b.c',
    });
  });

  it('rejects a context argument without a key', () => {
    expect(() => directRunContext(dir, ['-c', '=x'])).toThrow(/expected -c key=value/);
  });

  it('reports invalid JSON with the file name', () => {
    const bad = mkdtempSync(join(tmpdir(), 'fleetlog-ctx-'));
    writeFileSync(join(bad, 'cdk.json'), '{');
    expect(() => directRunContext(bad, [])).toThrow(/cdk\.json is not valid JSON/);
  });
});
