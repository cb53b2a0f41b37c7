// The demo's archive (issue 24): what the deployed Firehose delivers from the input stream, here
// taken from the records the aggregator is given, each attributed with the map in S3 at that
// moment (the fleet follows the lifecycle), as the transformation Lambda reads it.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { KinesisTumblingWindowEvent } from '@fleetlog/aws-kit';
import { LocalArchive, type LocalArchiveOptions } from '@fleetlog/archive';
import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { HostLookup, parseReferenceCsv } from '@fleetlog/reference-data';

/** Archives each input record once (a re-delivered batch is not archived again). */
export class ArchiveTap {
  private readonly archive: LocalArchive;
  private readonly archived = new Set<string>();
  private map: { etag: string | undefined; lookup: HostLookup } | undefined;

  constructor(
    root: string,
    private readonly s3: S3Client,
    private readonly bucket: string,
    options: LocalArchiveOptions = {},
  ) {
    this.archive = new LocalArchive(root, options);
  }

  /** Archives the records of one aggregator invocation not archived yet. */
  async event(event: KinesisTumblingWindowEvent): Promise<void> {
    const fresh = event.Records.filter((r) => !this.archived.has(r.kinesis.sequenceNumber));
    if (fresh.length === 0) return;
    const lookup = await this.lookup();
    for (const record of fresh) {
      this.archived.add(record.kinesis.sequenceNumber);
      await this.archive.addRecord(
        Buffer.from(record.kinesis.data, 'base64'),
        lookup,
        record.kinesis.approximateArrivalTimestamp * 1000,
      );
    }
  }

  /** The map as it is now in the bucket (read again only when its ETag changed). */
  private async lookup(): Promise<HostLookup> {
    const object = await this.s3
      .send(new GetObjectCommand({ Bucket: this.bucket, Key: REFERENCE_KEYS.map }))
      .catch(() => undefined);
    if (object === undefined)
      return (this.map ??= { etag: undefined, lookup: new HostLookup([]) }).lookup;
    if (this.map !== undefined && this.map.etag === object.ETag) {
      await object.Body?.transformToString();
      return this.map.lookup;
    }
    const parsed = parseReferenceCsv((await object.Body?.transformToString()) ?? '');
    this.map = { etag: object.ETag, lookup: new HostLookup(parsed.ok ? parsed.rows : []) };
    return this.map.lookup;
  }

  /** Finishes the archive's files. */
  close(): Promise<void> {
    return this.archive.close();
  }
}
