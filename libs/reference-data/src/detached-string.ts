/** V8 makes slices of 13 characters or more views onto their parent string. */
const MIN_SLICE_LENGTH = 13;

/**
 * `text` as a string of its own. Hosts and X-Forwarded-For values are cut out of decoded payloads
 * (up to a megabyte each): a cache or counter that kept such a view would keep the whole payload
 * alive for as long as the entry lives. Concatenating flattens into a fresh string, and a slice
 * of that pins only a few bytes. Call it when a string is stored, not on every lookup.
 */
export function detachedString(text: string): string {
  return text.length < MIN_SLICE_LENGTH ? text : ` ${text}`.slice(1);
}
