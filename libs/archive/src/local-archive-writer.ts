// The archive in a local folder (the demo and the replay write `out/archive/`): the layout of the
// deployed archive (`dt=YYYY-MM-DD/hour=HH/`, gzip JSON lines), so one DuckDB query reads either.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';
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
  /** Records written so far. */
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
