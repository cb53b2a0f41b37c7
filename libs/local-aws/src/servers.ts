import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A local AWS look-alike listening on loopback. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  stop(): Promise<void>;
}

// Neither package ships types; these are the parts we use.
type KinesaliteFactory = (options: {
  createStreamMs?: number;
  deleteStreamMs?: number;
  updateStreamMs?: number;
  shardLimit?: number;
}) => Server;
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverCtor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets?: { name: string }[];
}) => S3rverInstance;

/** kinesalite in this process, in memory, on a free port; streams become ACTIVE at once. */
export async function startKinesalite(options: { shardLimit?: number } = {}): Promise<LocalServer> {
  const kinesalite = require('kinesalite') as KinesaliteFactory;
  const server = kinesalite({
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    shardLimit: options.shardLimit ?? 100,
  });
  return listenOnLoopback(server);
}

/**
 * Starts an emulator's HTTP server on a free port of 127.0.0.1. `stop` closes it; with
 * `closeConnections`, open keep-alive connections too (a server the SDK keeps sockets to).
 */
export async function listenOnLoopback(
  server: Server,
  options: { closeConnections?: boolean } = {},
): Promise<LocalServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (options.closeConnections) server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** s3rver in this process on a port the OS picks (port 0, so no other process can take it first). */
export async function startS3rver(options: { buckets?: string[] } = {}): Promise<LocalServer> {
  const S3rver = require('s3rver') as S3rverCtor;
  const directory = await mkdtemp(join(tmpdir(), 'fleetlog-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
