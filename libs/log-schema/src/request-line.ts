/** Method, path and protocol of an HTTP request line; all null when it is not one (junk, `-`). */
export interface RequestParts {
  method: string | null;
  path: string | null;
  protocol: string | null;
}

const NOT_A_REQUEST: RequestParts = { method: null, path: null, protocol: null };
const MAX_METHOD_LENGTH = 32;

/** An HTTP method token as servers see them: upper-case letters, `-` and `_` (M-SEARCH). */
function isMethod(text: string, end: number): boolean {
  if (end === 0 || end > MAX_METHOD_LENGTH) return false;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (i > 0 && (c === 45 || c === 95)))) return false;
  }
  return true;
}

/**
 * Splits `GET /a HTTP/1.1` (or `GET /a`, no protocol) into its parts. The path is everything
 * between the method and a final `HTTP/...` token, so a path with spaces stays whole. Anything
 * else (TLS bytes, an empty request) has no parts; the raw request is kept by the caller.
 */
export function splitRequest(request: string | null): RequestParts {
  if (request === null) return NOT_A_REQUEST;
  const first = request.indexOf(' ');
  if (first < 0 || !isMethod(request, first)) return NOT_A_REQUEST;
  const last = request.lastIndexOf(' ');
  let path: string;
  let protocol: string | null = null;
  if (last > first && request.startsWith('HTTP/', last + 1)) {
    path = request.slice(first + 1, last);
    protocol = request.slice(last + 1);
  } else {
    path = request.slice(first + 1);
  }
  if (path === '') return NOT_A_REQUEST;
  return { method: request.slice(0, first), path, protocol };
}
