import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { withLambdaContext } from './index';

describe('withLambdaContext', () => {
  it('adds the context to the logger and passes it on, so the handler can read its deadline', async () => {
    const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
    const added = jest.spyOn(logger, 'addContext');
    const context = { getRemainingTimeInMillis: () => 1234 } as unknown as Context;
    const handler = withLambdaContext(logger, async (event: string, ctx) => [
      event,
      ctx.getRemainingTimeInMillis(),
    ]);
    expect(await handler('e', context)).toEqual(['e', 1234]);
    expect(added).toHaveBeenCalledWith(context);
  });
});
