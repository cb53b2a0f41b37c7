import { resolveVerifyOptions, VERIFY_DEFAULTS } from './options';

describe('resolveVerifyOptions', () => {
  it('fills in the defaults and a random run id', () => {
    const resolved = resolveVerifyOptions({ stackName: 's', region: 'r' });
    expect(resolved).toMatchObject({ skipAlarm: false, ...VERIFY_DEFAULTS });
    expect(resolved.runId).toMatch(/^[0-9a-f]{10}$/);
  });

  it('refuses a run id that would not fit a queue name, and a timeout of 0', () => {
    expect(() => resolveVerifyOptions({ stackName: 's', region: 'r', runId: 'A B' })).toThrow(
      /runId/,
    );
    expect(() => resolveVerifyOptions({ stackName: 's', region: 'r', timeoutSeconds: 0 })).toThrow(
      /timeoutSeconds/,
    );
  });
});
