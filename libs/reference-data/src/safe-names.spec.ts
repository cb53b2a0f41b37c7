import { parseReferenceCsv, renderReferenceCsv } from './index';

const HEADER = 'Host,ApplicationName,Contact\n';

describe('safe names in the reference CSV', () => {
  it('refuses formula-like names and UNKNOWN with their lines', () => {
    const result = parseReferenceCsv(
      `${HEADER}10.0.0.1,"=cmd|' /C calc'!A0",\n10.0.0.2,unknown,\n10.0.0.3,ok,=1+1\n10.0.0.4,ok,+44 20 7946 0000\n`,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          line: 2,
          message: `ApplicationName "=cmd|' /C calc'!A0" for host 10.0.0.1 is formula-like (starts with "=")`,
        },
        {
          line: 3,
          message:
            'ApplicationName "unknown" for host 10.0.0.2 is reserved (UNKNOWN counts the hosts without a row)',
        },
        { line: 4, message: 'Contact "=1+1" for host 10.0.0.3 is formula-like (starts with "=")' },
      ],
    });
  });

  it('renders no formula-like row', () => {
    expect(() =>
      renderReferenceCsv([{ host: '10.0.0.1', applicationName: '@SUM(A1)', contact: null }]),
    ).toThrow(/formula-like/);
    expect(() =>
      renderReferenceCsv([{ host: '10.0.0.1', applicationName: 'a', contact: '-x' }]),
    ).toThrow(/contact "-x", which is formula-like/);
  });
});
