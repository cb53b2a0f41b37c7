import type { Context } from 'aws-lambda';

/**
 * Loads a Lambda entry module (an app's `handler.ts`) afresh, as a cold start would, with `env` as
 * its whole environment apart from the process's own (PATH, HOME, ...). `process.env` is restored
 * afterwards. Whatever the module's init throws is thrown here.
 */
export function loadLambdaEntry<M>(load: () => M, env: Readonly<Record<string, string>>): M {
  const saved = process.env;
  const { PATH, HOME, TMPDIR, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED } = saved;
  process.env = {
    ...(PATH === undefined ? {} : { PATH }),
    ...(HOME === undefined ? {} : { HOME }),
    ...(TMPDIR === undefined ? {} : { TMPDIR }),
    ...(AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED === undefined
      ? {}
      : { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED }),
    AWS_REGION: 'us-east-1',
    // Set by the Lambda runtime; Powertools reads it to tell a cold start.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    ...env,
  };
  try {
    let loaded: M | undefined;
    jest.isolateModules(() => {
      loaded = load();
    });
    return loaded as M;
  } finally {
    process.env = saved;
  }
}

/** A Lambda context as the runtime passes it; `awsRequestId` tells invocations apart. */
export function lambdaContext(functionName: string, awsRequestId = 'request-1'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/12/05/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The JSON log lines written to standard output and error while `run` runs (Powertools logs
 * there: warnings and errors to standard error).
 */
export async function captureJsonLogs(
  run: () => Promise<unknown>,
): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const capture = (chunk: unknown): boolean => {
    lines.push(String(chunk));
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(capture),
    jest.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines
    .flatMap((text) => text.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
