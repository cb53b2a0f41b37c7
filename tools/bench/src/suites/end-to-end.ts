import type { SuiteContext } from '../suite';

/** End-to-end replay lines/s (the local-pipeline replay has not landed yet). */
export async function endToEndSuite(ctx: SuiteContext): Promise<void> {
  ctx.skip('replay lines/s', '@fleetlog/local-pipeline replay is not available yet');
}
