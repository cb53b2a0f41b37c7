/**
 * A problem with what the user gave (an access log, the reference CSV, the output directory):
 * main prints the one-line message and exits 1. Its own module because the replay's readers and
 * the output directory both throw it, and neither should depend on the other.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}
