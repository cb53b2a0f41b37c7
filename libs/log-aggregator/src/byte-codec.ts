/**
 * The primitives of the window state's binary form (`state-codec.ts`): unsigned LEB128 varints
 * for counts, float64 for bucket starts and status codes, UTF-8 strings with a varint length.
 */
export class ByteWriter {
  private buf = Buffer.allocUnsafe(64 * 1024);
  /** Bytes written so far. */
  length = 0;

  /** A non-negative safe integer, 7 bits a byte (1 byte below 128, at most 8). */
  uint(value: number): void {
    this.ensure(8);
    const buf = this.buf;
    let pos = this.length;
    let v = value;
    // Division instead of shifts above 2^31: counts of bytes pass what 32-bit operators hold.
    while (v >= 0x80000000) {
      buf[pos++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    while (v >= 128) {
      buf[pos++] = (v & 127) | 128;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.length = pos;
  }

  f64(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.length);
    this.length += 8;
  }

  /** UTF-8 bytes with their length first. */
  text(value: string): void {
    const n = Buffer.byteLength(value, 'utf8');
    this.uint(n);
    this.ensure(n);
    this.length += this.buf.write(value, this.length, 'utf8');
  }

  /** Appends what another writer holds. */
  append(other: ByteWriter): void {
    this.ensure(other.length);
    other.buf.copy(this.buf, this.length, 0, other.length);
    this.length += other.length;
  }

  /** Everything written, as base64 text. */
  base64(): string {
    return this.buf.toString('base64', 0, this.length);
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }
}

/** Reads what ByteWriter wrote; a TypeError names the first thing that does not fit. */
export class ByteReader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  uint(what: string): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const byte = this.byte(what);
      value += (byte & 127) * scale;
      if (byte < 128) {
        if (!Number.isSafeInteger(value)) break;
        return value;
      }
      scale *= 128;
    }
    throw new TypeError(`window state: ${what} is not a count`);
  }

  f64(what: string): number {
    if (this.pos + 8 > this.buf.length) throw new TypeError(`window state: ends inside ${what}`);
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  text(what: string): string {
    const n = this.uint(what);
    if (this.pos + n > this.buf.length) throw new TypeError(`window state: ends inside ${what}`);
    const value = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return value;
  }

  private byte(what: string): number {
    if (this.pos >= this.buf.length) throw new TypeError(`window state: ends inside ${what}`);
    return this.buf[this.pos++];
  }
}
