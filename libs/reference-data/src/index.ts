export type { HostRow, CsvIssue, CsvParseResult, Attribution, TableDiff } from './host-row';
export { parseReferenceCsv, renderReferenceCsv } from './csv-codec';
export { canonicalHost, compareHosts } from './ip-address';
export { HostLookup } from './host-lookup';
export { ClientSpellings } from './client-spellings';
export { detachedString } from './detached-string';
export { diffTables } from './table-diff';
export {
  CidrMatcher,
  parseCidr,
  canonicalReferenceHost,
  catchAllProblem,
  mappedIpv4Of,
  ipv4Number,
  ipv4NumberIn,
  ipv4Int32In,
  NOT_IPV4,
} from './cidr';
export type { Cidr } from './cidr';
export { ReferenceMap } from './s3-reference-map';
export type { ReferenceMapOptions } from './s3-reference-map';
