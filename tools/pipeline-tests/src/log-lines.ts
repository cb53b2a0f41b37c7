const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** An Apache combined-format line for the given request, timestamp in UTC. */
export function combinedLine(entry: {
  host: string;
  epochMs: number;
  status: number;
  bytes: number;
}): string {
  const d = new Date(entry.epochMs);
  const time =
    `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
  return `${entry.host} - - [${time}] "GET /items/1 HTTP/1.1" ${entry.status} ${entry.bytes} "-" "pipeline-test/1.0"`;
}

/** `count` copies of one request, 100 ms apart: up to 600 of them stay in one minute. */
export function lines(
  count: number,
  entry: { host: string; epochMs: number; status: number; bytes: number },
): string[] {
  return Array.from({ length: count }, (_, i) =>
    combinedLine({ ...entry, epochMs: entry.epochMs + i * 100 }),
  );
}
