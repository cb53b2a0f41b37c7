import { createLogger } from '@fleetlog/aws-kit';

/** A Powertools logger whose info, warn and error are jest spies that print nothing. */
export function quietLogger() {
  const logger = createLogger('test');
  return {
    logger,
    warn: jest.spyOn(logger, 'warn').mockImplementation(() => undefined),
    error: jest.spyOn(logger, 'error').mockImplementation(() => undefined),
    info: jest.spyOn(logger, 'info').mockImplementation(() => undefined),
  };
}
