import { drillDownOf } from './drill-down';

const WINDOW = { windowStart: '2015-05-17T10:05:00.000Z', windowEnd: '2015-05-17T10:10:00.000Z' };

describe('drillDownOf', () => {
  it("names top-paths of the notification's application in its 5 minutes", () => {
    const drill = drillDownOf({ applicationName: 'checkout', ...WINDOW });
    expect(drill?.command).toBe(
      'npx fleetlog query top-paths --application checkout --from 2015-05-17T10:05:00.000Z --to 2015-05-17T10:10:00.000Z',
    );
    expect(drill?.athenaCommand('FleetLog')).toBe(`${drill?.command} --athena --stack FleetLog`);
    expect(drill?.query.parameters).toMatchObject({
      application: 'checkout',
      fromMs: Date.parse(WINDOW.windowStart),
      toMs: Date.parse(WINDOW.windowEnd),
    });
  });

  it('names unknown-hosts for UNKNOWN, and nothing without a window', () => {
    expect(drillDownOf({ applicationName: 'UNKNOWN', ...WINDOW })?.command).toBe(
      'npx fleetlog query unknown-hosts --from 2015-05-17T10:05:00.000Z --to 2015-05-17T10:10:00.000Z',
    );
    expect(
      drillDownOf({ applicationName: 'checkout', windowStart: null, windowEnd: null }),
    ).toBeNull();
  });

  it('quotes an application name a shell would split or expand', () => {
    expect(drillDownOf({ applicationName: "bob's shop $HOME", ...WINDOW })?.command).toContain(
      `--application 'bob'\\''s shop $HOME'`,
    );
  });
});
