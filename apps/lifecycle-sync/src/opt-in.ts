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
  return {
    ok: true,
    optIn: { applicationName: applicationName.trim(), contact: contact?.trim() || null },
  };
}

/** Opt-in by group tags; the contact tag is optional. */
export function optInFromTags(
  tags: readonly { Key?: string; Value?: string }[] | undefined,
  tagKeys: { application: string; contact: string },
): GroupOptIn | null {
  const value = (key: string) => tags?.find((tag) => tag.Key === key)?.Value?.trim() || null;
  const applicationName = value(tagKeys.application);
  if (applicationName === null) return null;
  return { applicationName, contact: value(tagKeys.contact) };
}
