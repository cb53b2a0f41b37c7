import { formatLogTimestamp } from '@fleetlog/log-schema';

/**
 * Lines a web server or a broken shipper really produces and the parser must reject: a cut-off
 * line (an agent restart mid-write), an impossible date, a stray non-log line, a bad status.
 */
export function malformedLine(kind: number, host: string, epochMs: number): string {
  const time = formatLogTimestamp(epochMs);
  switch (kind % 4) {
    case 0: {
      const line = `${host} - - [${time}] "GET /checkout/cart HTTP/1.1" 200 51`;
      return line.slice(0, line.indexOf('"') + 5 + (kind % 7)); // inside the request's quotes
    }
    case 1:
      return `${host} - - [31/Feb/2015:10:00:00 +0000] "GET / HTTP/1.1" 200 12 "-" "curl/8.5.0"`;
    case 2:
      return 'PHP Warning:  session_start(): open(/var/lib/php/sessions) failed';
    default:
      return `${host} - - [${time}] "GET / HTTP/1.1" OK 12 "-" "curl/8.5.0"`;
  }
}
