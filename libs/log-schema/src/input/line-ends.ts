// Line ends of access-log input (ARCHITECTURE.md section 3, the rule in line-rules.ts): LF, CRLF
// and a bare CR all end a line. Every reader downstream (the replay's record packer, the
// aggregator, `fleetlog parse`) splits at LF only, so a bare CR is rewritten to LF here, once.

const LF = 10;
const CR = 13;

/**
 * Rewrites bare CRs to LF in a byte stream, chunk by chunk, so records separated by `\r` alone
 * become lines (100 records are 100 lines, not one line with trailing text). CRLF is left as it
 * is (readers drop the CR before an LF). A chunk without CR is passed on untouched: the cost is
 * one `indexOf` per chunk.
 */
export class LineEndNormaliser {
  /** The previous chunk ended with a CR (already written as LF): an LF opening this one pairs it. */
  private pendingCr = false;

  /**
   * The chunk with its bare CRs rewritten to LF, IN PLACE (the caller owns the chunk), minus a
   * leading LF that completes a CRLF cut between two chunks.
   */
  push(chunk: Buffer): Buffer {
    let data = chunk;
    if (this.pendingCr && data.length > 0) {
      this.pendingCr = false;
      if (data[0] === LF) data = data.subarray(1);
    }
    for (let cr = data.indexOf(CR); cr >= 0; cr = data.indexOf(CR, cr + 1)) {
      if (cr + 1 === data.length) {
        // A CR ending the chunk is a line end either way; an LF starting the next chunk is its pair.
        data[cr] = LF;
        this.pendingCr = true;
      } else if (data[cr + 1] !== LF) {
        data[cr] = LF;
      }
    }
    return data;
  }
}
