import * as s3 from 'aws-cdk-lib/aws-s3';
import { archiveLifecycle } from './archive-bucket';
import { ARCHIVE_IDS } from '../testing/default-stack';
import { synthesizeBeforeAll } from '../testing/synthesize';

// The archive in the default stack: fleetlog-stack-archive.spec.ts. Here: its settings through the
// stack configuration (ARCHITECTURE.md section 6e), and the lifecycle check of the construct.
describe('archive configured through the stack', () => {
  const s = synthesizeBeforeAll({
    archiveExpirationDays: 400,
    archiveTransitionDays: 0,
    archiveBytesScannedCutoff: 100_000_000,
  });

  it('takes its own expiry and no transition', () => {
    const bucket = s.resource('AWS::S3::Bucket', ARCHIVE_IDS.bucket).properties as {
      LifecycleConfiguration: { Rules: { Prefix?: string; Transitions?: unknown }[] };
    };
    const rules = bucket.LifecycleConfiguration.Rules.filter((r) => r.Prefix === 'archive/');
    expect(rules).toEqual([expect.objectContaining({ ExpirationInDays: 400 })]);
    expect(rules[0].Transitions).toBeUndefined();
  });

  it('projects partitions as far back as the expiry, and cuts queries at the configured bytes', () => {
    const table = s.resource('AWS::Glue::Table', 'ArchiveQueryTable').properties as {
      TableInput: { Parameters: Record<string, string> };
    };
    expect(table.TableInput.Parameters['projection.dt.range']).toBe('NOW-401DAYS,NOW+1DAYS');
    const workGroup = s.resource('AWS::Athena::WorkGroup', 'ArchiveQueryWorkGroup').properties as {
      WorkGroupConfiguration: { BytesScannedCutoffPerQuery: number };
    };
    expect(workGroup.WorkGroupConfiguration.BytesScannedCutoffPerQuery).toBe(100_000_000);
  });

  it('passes cdk-nag with nothing unacknowledged', () => {
    expect(s.nagFindings).toEqual([]);
    expect(s.errorAnnotations).toEqual([]);
  });
});

describe('archiveLifecycle', () => {
  it('defaults to 90 days, Standard-IA after 30, results kept 7 days', () => {
    expect(archiveLifecycle({})).toEqual({
      expirationDays: 90,
      transitionDays: 30,
      resultExpirationDays: 7,
      transitionStorageClass: s3.StorageClass.INFREQUENT_ACCESS,
    });
  });

  it('refuses a transition at or after the expiry', () => {
    expect(() => archiveLifecycle({ expirationDays: 30, transitionDays: 30 })).toThrow(
      /transitionDays \(30\) must be below expirationDays \(30\)/,
    );
  });
});
