import { awsErrorName } from '@fleetlog/aws-kit';

/** A check that failed: what went wrong, and where a person looks next. */
export class StepFailure extends Error {
  constructor(
    message: string,
    /** What to look at, e.g. "the aggregator's logs (function ...)". */
    readonly lookAt: string,
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

/** A wait that ran out of time. */
export class StepTimeout extends StepFailure {
  constructor(seconds: number, waitingFor: string, lookAt: string) {
    super(`no ${waitingFor} after ${seconds} s`, lookAt);
    this.name = 'StepTimeout';
  }
}

const PERMISSIONS = 'the permissions listed in libs/verify/README.md';

/**
 * One line for an error that is not a StepFailure: credentials, region and permissions problems
 * get a sentence a person can act on; other AWS errors keep their name and message.
 */
export function describeError(error: unknown): StepFailure {
  if (error instanceof StepFailure) return error;
  const name = awsErrorName(error) ?? 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return new StepFailure(
      'no AWS credentials found (default credential chain: environment, AWS_PROFILE, SSO, instance role)',
      'your credentials: `aws sts get-caller-identity` must work, e.g. after `aws sso login`',
    );
  }
  if (/region is missing/i.test(message)) {
    return new StepFailure('no region given', '--region R or AWS_REGION');
  }
  if (/^(ExpiredToken|ExpiredTokenException|InvalidClientTokenId|UnrecognizedClient)/.test(name)) {
    return new StepFailure(`credentials refused (${name})`, 'your credentials: renew them');
  }
  if (/AccessDenied|AuthorizationError|NotAuthorized/.test(name)) {
    return new StepFailure(`access denied: ${oneLine(message)}`, PERMISSIONS);
  }
  return new StepFailure(`${name}: ${oneLine(message)}`, 'the AWS error above');
}

/** The message on one line, at most 300 characters. */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= 300 ? flat : `${flat.slice(0, 297)}...`;
}
