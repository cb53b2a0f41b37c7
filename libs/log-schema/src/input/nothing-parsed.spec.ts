// A run in which no line parsed is refused with one line (ARCHITECTURE.md section 7).
import { nothingParsedProblem } from './nothing-parsed';

describe('nothingParsedProblem', () => {
  it('says so, naming the format and the first problem, when every line is malformed', () => {
    expect(
      nothingParsedProblem({
        lines: 1200,
        malformed: 1200,
        format: 'log format combined',
        sample: 'line 1: expected "[" at column 11',
      }),
    ).toBe(
      'none of the 1,200 lines parsed as log format combined (is the log format right?); line 1: expected "[" at column 11',
    );
  });

  it('is null when a line parsed or when no line came', () => {
    expect(nothingParsedProblem({ lines: 3, malformed: 2, format: 'x' })).toBeNull();
    expect(nothingParsedProblem({ lines: 0, malformed: 0, format: 'x' })).toBeNull();
  });
});
