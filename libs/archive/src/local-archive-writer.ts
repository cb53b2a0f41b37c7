// The archive in a local folder (the demo and the replay write `out/archive/`): the layout of the
// deployed archive (`dt=YYYY-MM-DD/hour=HH/`, gzip JSON lines), so one DuckDB query reads either.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';
import type { FirehoseTransformationResultRecord } from 'aws-lambda';
import { archiveJsonLine, type ArchiveRecord } from './archive-record';
import { partitionOf, partitionPath } from './partition';

/** Options of a LocalArchiveWriter. */
export interface LocalArchiveWriterOptions {
  /**
   * Name of the file each partition gets (a new file: an existing one is never overwritten).
   * @default `part-${Date.now()}-${process.pid}.json.gz`
   */
  fileName?: string;
  /**
   * Characters of JSON lines gathered per partition before they go to its gzip stream.
   * @default 65536
   */
  chunkChars?: number;
}

interface OpenPartition {
  gzip: Gzip;
  file: WriteStream;
  pending: string[];
  pendingChars: number;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The instant whose partition a record goes to: its event time, or when it arrived if malformed. */
export function partitionInstant(record: ArchiveRecord): number {
  return record.malformed ? record.received_ms : record.epoch_ms;
}

/**
 * Writes archive records into `root` by the partition of each line's own event time (a malformed
 * line by its arrival), one gzip file per partition and writer. Call `close()` to finish the files.
 */
export class LocalArchiveWriter {
  private readonly partitions = new Map<string, OpenPartition>();
  private readonly fileName: string;
  private readonly chunkChars: number;
  /** Lines written so far. */
  written = 0;
  private failure: Error | undefined;

  constructor(
    private readonly root: string,
    options: LocalArchiveWriterOptions = {},
  ) {
    this.fileName = options.fileName ?? `part-${Date.now()}-${process.pid}.json.gz`;
    this.chunkChars = options.chunkChars ?? 65_536;
  }

  /** Adds records; resolves once the files can take more (backpressure). */
  async add(records: Iterable<ArchiveRecord>): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    const full = new Set<OpenPartition>();
    for (const record of records) {
      const open = this.partition(partitionPath(partitionOf(partitionInstant(record))));
      const line = archiveJsonLine(record);
      open.pending.push(line);
      open.pendingChars += line.length;
      this.written++;
      if (open.pendingChars >= this.chunkChars && !this.flush(open)) full.add(open);
    }
    await Promise.all([...full].map((open) => once(open.gzip, 'drain')));
  }

  /**
   * Adds what the Firehose transformation returned (ARCHITECTURE.md section 6e): each `Ok`
   * record's JSON lines go to the partition its `metadata.partitionKeys` name, as Firehose's
   * dynamic partitioning writes them in the account; `Dropped` records hold no line. Anything else
   * (a `ProcessingFailed` record, missing keys) throws: the handler never returns one.
   */
  async addTransformed(records: readonly FirehoseTransformationResultRecord[]): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    const full = new Set<OpenPartition>();
    for (const record of records) {
      if (record.result === 'Dropped') continue;
      const keys = record.metadata?.partitionKeys;
      if (record.result !== 'Ok' || keys?.['dt'] === undefined || keys['hour'] === undefined) {
        throw new Error(
          `transformed record ${record.recordId} is ${record.result} without partition keys`,
        );
      }
      const open = this.partition(partitionPath({ dt: keys['dt'], hour: keys['hour'] }));
      const text = Buffer.from(record.data ?? '', 'base64').toString('utf8');
      open.pending.push(text);
      open.pendingChars += text.length;
      this.written += countLines(text);
      if (open.pendingChars >= this.chunkChars && !this.flush(open)) full.add(open);
    }
    await Promise.all([...full].map((open) => once(open.gzip, 'drain')));
  }

  /** Finishes every file; the writer takes no more records. */
  async close(): Promise<void> {
    const open = [...this.partitions.values()];
    this.partitions.clear();
    await Promise.all(
      open.map(async (p) => {
        this.flush(p);
        const finished = once(p.file, 'finish');
        p.gzip.end();
        await finished;
      }),
    );
    if (this.failure !== undefined) throw this.failure;
  }

  /** Writes the pending lines to the gzip stream; false when it asks to wait. */
  private flush(open: OpenPartition): boolean {
    if (open.pending.length === 0) return true;
    const chunk = open.pending.join('');
    open.pending = [];
    open.pendingChars = 0;
    return open.gzip.write(chunk);
  }

  private partition(path: string): OpenPartition {
    let open = this.partitions.get(path);
    if (open === undefined) {
      const dir = join(this.root, path);
      mkdirSync(dir, { recursive: true });
      const gzip = createGzip();
      const file = createWriteStream(join(dir, this.fileName), { flags: 'wx' });
      gzip.pipe(file);
      // Kept and thrown by the next add or close: an event handler must not throw.
      file.on('error', (error) => (this.failure ??= error));
      open = { gzip, file, pending: [], pendingChars: 0 };
      this.partitions.set(path, open);
    }
    return open;
  }
}
