// The archive of a local run (the demo and the replay write `out/archive/`): what the Firehose
// transformation does in the account, record by record, into the local layout.
import type { HostLookup } from '@fleetlog/reference-data';
import { createLineArchiver, type LineArchiver, type LineArchiverOptions } from './line-archiver';
import { LocalArchiveWriter, type LocalArchiveWriterOptions } from './local-archive-writer';

/** Options of a LocalArchive: the aggregator's log settings and the writer's. */
export type LocalArchiveOptions = LineArchiverOptions & LocalArchiveWriterOptions;

/**
 * Archives shipper records into a local folder with the map as it is when each record is
 * processed. Give it every record the aggregator gets (the same data), then `close()`.
 */
export class LocalArchive {
  private readonly archiver: LineArchiver;
  private readonly writer: LocalArchiveWriter;

  constructor(root: string, options: LocalArchiveOptions = {}) {
    this.archiver = createLineArchiver(options);
    this.writer = new LocalArchiveWriter(root, options);
  }

  /** Lines archived so far (malformed ones included). */
  get lines(): number {
    return this.writer.written;
  }

  /** Archives one shipper record's data (raw lines or LOGTOJSON, plain or gzip). */
  async addRecord(data: Buffer, lookup: HostLookup, receivedMs: number): Promise<void> {
    await this.writer.add(this.archiver.payload(data, lookup, receivedMs));
  }

  /** Finishes the files. */
  close(): Promise<void> {
    return this.writer.close();
  }
}
