/** What the fakes need of an AWS SDK v3 command: its class (for the operation name) and its input. */
export interface AwsCommandLike {
  readonly input: unknown;
  readonly constructor: { readonly name: string };
}

/** Answers one command: a result (or a promise of one), or a thrown AWS error. */
export type CommandAnswer = (command: AwsCommandLike) => unknown;

export interface FakeAwsClientOptions {
  /** Called for every command before it is answered (e.g. to keep one call log for two clients). */
  onCall?: (operation: string, command: AwsCommandLike) => void;
}

/**
 * The operation a command runs, from its class name: `PutObjectCommand` is `PutObject`. Bundles
 * that use it must keep class names (esbuild `keepNames`).
 */
export function operationName(command: AwsCommandLike): string {
  return command.constructor.name.replace(/Command$/, '');
}

/**
 * An AWS SDK v3 client stand-in: `send(command)` like the real clients, answered by a function,
 * with every call counted by operation. It fits structural client types (`{ send(command) }`)
 * as is; where code asks for an SDK client class, cast it (`as unknown as S3Client`).
 */
export class FakeAwsClient {
  /** Operation names of every command received, in order (`GetObject`, not `GetObjectCommand`). */
  readonly calls: string[] = [];
  /** JSON bytes of every command input received (what the request would roughly weigh). */
  requestBytes = 0;

  constructor(
    private readonly answer: CommandAnswer,
    private readonly options: FakeAwsClientOptions = {},
  ) {}

  /** Calls received, all operations together. */
  get total(): number {
    return this.calls.length;
  }

  /** Calls received of one operation (`'PutObject'`). */
  count(operation: string): number {
    return this.calls.filter((name) => name === operation).length;
  }

  /** Forgets the calls counted so far. */
  resetCalls(): void {
    this.calls.length = 0;
    this.requestBytes = 0;
  }

  /**
   * Counts the command, then answers it. The output type is the caller's to choose, as with a
   * mocked client: it lets the fake stand in for any client's `send`.
   */
  async send<Output = unknown>(command: AwsCommandLike): Promise<Output> {
    const operation = operationName(command);
    this.calls.push(operation);
    this.requestBytes += Buffer.byteLength(JSON.stringify(command.input) ?? '');
    this.options.onCall?.(operation, command);
    return (await this.answer(command)) as Output;
  }
}
