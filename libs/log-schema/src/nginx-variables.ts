// The nginx variables a `log_format` may name (ARCHITECTURE.md section 3): those of the modules in
// nginx's variable index (https://nginx.org/en/docs/varindex.html) that make sense in an access
// log. An unknown name (`$stauts`) is refused at start, as an unknown Apache directive is: nginx
// would refuse it too ("unknown variable"), and read as an unused field it would silently leave
// every status (or bytes, or time) empty.

const NAMES = `
  args binary_remote_addr body_bytes_sent bytes_received bytes_sent connection connection_requests
  connection_time connections_active connections_reading connections_waiting connections_writing
  content_length content_type date_gmt date_local document_root document_uri fastcgi_path_info
  fastcgi_script_name gzip_ratio host hostname http2 http3 https invalid_referer is_args
  limit_conn_status limit_rate limit_req_status msec msie nginx_version pid pipe
  proxy_add_x_forwarded_for proxy_host proxy_port proxy_protocol_addr proxy_protocol_port
  proxy_protocol_server_addr proxy_protocol_server_port query_string realip_remote_addr
  realip_remote_port realpath_root remote_addr remote_port remote_user request request_body
  request_body_file request_completion request_filename request_id request_length request_method
  request_time request_uri scheme secure_link secure_link_expires server_addr server_name
  server_port server_protocol session_time slice_range status tcpinfo_rcv_space tcpinfo_rtt
  tcpinfo_rttvar tcpinfo_snd_cwnd time_iso8601 time_local uid_got uid_reset uid_set
  upstream_addr upstream_bytes_received upstream_bytes_sent upstream_cache_status
  upstream_connect_time upstream_header_time upstream_last_server_name upstream_queue_time
  upstream_response_length upstream_response_time upstream_status uri
`;

/** Variable families: `$http_<header>`, `$arg_<name>`, ... and the modules' own prefixes. */
const PREFIXES = [
  'arg_',
  'cookie_',
  'geoip_',
  'http_',
  'jwt_',
  'otel_',
  'proxy_protocol_tlv_',
  'sent_http_',
  'sent_trailer_',
  'ssl_',
  'upstream_cookie_',
  'upstream_http_',
  'upstream_trailer_',
];

const KNOWN = new Set(NAMES.split(/\s+/).filter((name) => name !== ''));

/** True if `name` (without `$`) is an nginx variable a log format may use. */
export function isNginxVariable(name: string): boolean {
  return (
    KNOWN.has(name) ||
    PREFIXES.some((prefix) => name.length > prefix.length && name.startsWith(prefix))
  );
}

/** Edit distance with transpositions (`stauts` → `status` is 1), stopping early above `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0].push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, rows[i - 2][j - 2] + 1);
      }
      rows[i].push(d);
    }
  }
  return rows[a.length][b.length];
}

/** The known variable closest to a misspelt `name` (at most 2 edits away), or null. */
export function nearestNginxVariable(name: string): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const known of KNOWN) {
    const d = distance(name, known, bestDistance - 1);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}
