import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { startLocalKinesis, type LocalKinesis } from '../local-kinesis';

export interface KinesaliteStreams {
  /** The kinesalite client; set once the enclosing `describe`'s `beforeAll` has run. */
  readonly kinesis: KinesisClient;
  /** Creates a fresh stream of `shards` shards, named `<prefix>-<n>`, ACTIVE. */
  stream(shards: number): Promise<string>;
}

/**
 * The set-up the poller specs share: one kinesalite for the enclosing `describe`, stopped after
 * it, and a fresh stream per test so tests never see each other's records.
 */
export function useKinesaliteStreams(prefix: string): KinesaliteStreams {
  let local: LocalKinesis;
  let streamNo = 0;
  beforeAll(async () => {
    local = await startLocalKinesis();
  });
  afterAll(() => local.stop());
  return {
    get kinesis() {
      return local.kinesis;
    },
    async stream(shards) {
      const name = `${prefix}-${++streamNo}`;
      await local.createStream(name, shards);
      return name;
    },
  };
}
