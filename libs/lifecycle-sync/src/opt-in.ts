import { applicationNameProblem, contactProblem } from '@fleetlog/pipeline-config';

/** The application a group's instances belong to. */
export interface GroupOptIn {
  applicationName: string;
  contact: string | null;
}

export type MetadataResult = { ok: true; optIn: GroupOptIn } | { ok: false; reason: string };

/**
 * Parses a lifecycle hook's NotificationMetadata `{"applicationName": "...", "contact": "..."}`.
 * Anything else (plain text, other JSON) is reported, never thrown: hooks of other tools may
 * carry their own metadata.
 */
export function parseNotificationMetadata(metadata: string | undefined): MetadataResult {
  if (metadata === undefined || metadata.trim() === '')
    return { ok: false, reason: 'no NotificationMetadata' };
  let value: unknown;
  try {
    value = JSON.parse(metadata);
  } catch {
    return { ok: false, reason: 'NotificationMetadata is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'NotificationMetadata is not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const applicationName = record['applicationName'];
  if (typeof applicationName !== 'string' || applicationName.trim() === '') {
    return { ok: false, reason: 'NotificationMetadata has no applicationName' };
  }
  const contact = record['contact'];
  if (contact !== undefined && contact !== null && typeof contact !== 'string') {
    return { ok: false, reason: 'NotificationMetadata contact is not a string' };
  }
  return checkedOptIn(applicationName.trim(), contact?.trim() || null, 'NotificationMetadata');
}

/** The name becomes the CloudWatch `ApplicationName` dimension and a CSV cell: an unsafe one opts nothing in. */
function checkedOptIn(
  applicationName: string,
  contact: string | null,
  source: string,
): MetadataResult {
  const problem = applicationNameProblem(applicationName);
  if (problem !== null) {
    return {
      ok: false,
      reason: `${source} applicationName ${JSON.stringify(applicationName)} is ${problem}`,
    };
  }
  const contactIssue = contact === null ? null : contactProblem(contact);
  if (contactIssue !== null) {
    return { ok: false, reason: `${source} contact ${JSON.stringify(contact)} is ${contactIssue}` };
  }
  return { ok: true, optIn: { applicationName, contact } };
}

/** Opt-in by group tags (the contact tag is optional); null when the group has no application tag. */
export function optInFromTags(
  tags: readonly { Key?: string; Value?: string }[] | undefined,
  tagKeys: { application: string; contact: string },
): MetadataResult | null {
  const value = (key: string) => tags?.find((tag) => tag.Key === key)?.Value?.trim() || null;
  const applicationName = value(tagKeys.application);
  if (applicationName === null) return null;
  return checkedOptIn(applicationName, value(tagKeys.contact), `tag ${tagKeys.application}`);
}
