/**
 * Prefix of every lifecycle hook fleetlog owns (ARCHITECTURE.md section 5). lifecycle-sync completes
 * only these hooks' actions, and the EventBridge rule matches only them: another team's drain or
 * bootstrap hook on the same group must never be cut short by us.
 */
export const FLEETLOG_HOOK_PREFIX = 'fleetlog-';

/** Whether fleetlog owns the lifecycle hook of this name (and may complete its actions). */
export function isFleetlogHook(hookName: string): boolean {
  return hookName.startsWith(FLEETLOG_HOOK_PREFIX);
}
