import type { AwsCommandLike } from './fake-aws-client';

/**
 * The part of an aws-sdk-client-mock stub (`mockClient(S3Client)`) this needs: the sinon stub of
 * `send`. Any client's stub fits; the command and output types are inferred from it.
 */
export interface MockedSend<Command extends AwsCommandLike, Output> {
  send: { callsFake(fake: (command: Command) => Promise<Output>): unknown };
}

/**
 * Makes a mocked SDK client answer every command from a fake (e.g. `fleet.autoScaling`,
 * `s3.client`), while the mock keeps recording the calls (`commandCalls`, sinon's call order).
 * Call it again after the mock's `reset()`.
 */
export function answerMockWith<Command extends AwsCommandLike, Output>(
  mock: MockedSend<Command, Output>,
  fake: { send(command: AwsCommandLike): Promise<unknown> },
): void {
  // The fake answers what the real service would: the mocked client's output type.
  mock.send.callsFake((command) => fake.send(command) as Promise<Output>);
}
