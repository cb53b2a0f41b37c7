import { applicationNameProblem, contactProblem } from './index';

describe('applicationNameProblem', () => {
  it('accepts ordinary names, incl. inner formula characters', () => {
    for (const name of ['checkout', 'a=b', 'team-x', 'x@y', 'C+ +']) {
      expect(applicationNameProblem(name)).toBeNull();
    }
  });

  it('refuses names a spreadsheet would run as a formula', () => {
    expect(applicationNameProblem("=cmd|' /C calc'!A0")).toBe('formula-like (starts with "=")');
    expect(applicationNameProblem('+1')).toBe('formula-like (starts with "+")');
    expect(applicationNameProblem('-2+3')).toBe('formula-like (starts with "-")');
    expect(applicationNameProblem('@SUM(A1)')).toBe('formula-like (starts with "@")');
  });

  it('refuses UNKNOWN in any letter case', () => {
    for (const name of ['UNKNOWN', 'unknown', 'Unknown', 'uNkNoWn']) {
      expect(applicationNameProblem(name)).toBe(
        'reserved (UNKNOWN counts the hosts without a row)',
      );
    }
    expect(applicationNameProblem('UNKNOWN-2')).toBeNull();
  });

  it('keeps the CloudWatch dimension rules', () => {
    expect(applicationNameProblem('caf\u00e9')).toBe(
      'not a valid CloudWatch dimension value (not printable ASCII)',
    );
  });
});

describe('contactProblem', () => {
  it('accepts e-mail addresses and phone numbers', () => {
    for (const contact of ['team@example.com', '+44 20 7946 0000', 'a-b']) {
      expect(contactProblem(contact)).toBeNull();
    }
  });

  it('refuses formula-like contacts', () => {
    expect(contactProblem('=HYPERLINK("x")')).toBe('formula-like (starts with "=")');
    expect(contactProblem('-1')).toBe('formula-like (starts with "-")');
    expect(contactProblem('@team')).toBe('formula-like (starts with "@")');
    expect(contactProblem('\tx')).toBe('formula-like (starts with "\\t")');
    expect(contactProblem('\rx')).toBe('formula-like (starts with "\\r")');
    expect(contactProblem('+cmd')).toBe('formula-like (starts with "+" not followed by a digit)');
  });
});
