import { CloudWatchClient, ListDashboardsCommand } from '@aws-sdk/client-cloudwatch';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { awsClientConfig, AWS_CALL_ATTEMPT_MS, AWS_CLIENT_TIMEOUTS } from './index';

describe('awsClientConfig', () => {
  it('budgets one attempt at the connection plus the request timeout, and keeps the SDK attempts', () => {
    expect(AWS_CALL_ATTEMPT_MS).toBe(
      AWS_CLIENT_TIMEOUTS.connectionTimeoutMs + AWS_CLIENT_TIMEOUTS.requestTimeoutMs,
    );
    expect(awsClientConfig().maxAttempts).toBe(3);
    expect(awsClientConfig({ maxAttempts: 1 }).maxAttempts).toBe(1);
  });

  describe('against an endpoint that accepts connections and never answers', () => {
    let server: Server;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      server = createServer((socket) => void sockets.push(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('fails the call with a TimeoutError instead of waiting for the function to be killed', async () => {
      const client = new CloudWatchClient({
        ...awsClientConfig({ maxAttempts: 1, requestTimeoutMs: 50 }),
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      });
      try {
        await expect(client.send(new ListDashboardsCommand({}))).rejects.toMatchObject({
          name: 'TimeoutError',
        });
      } finally {
        client.destroy();
      }
    });
  });
});
