// `--archive`: the replay's archive (out/archive), every shipped record with the map, as the
// deployed Firehose archive holds it (libs/archive's LocalArchive).
import { join } from 'node:path';
import { LocalArchive } from '@fleetlog/archive';
import { HostLookup, parseReferenceCsv } from '@fleetlog/reference-data';
import { ARCHIVE_DIR } from '../report/run-outputs';

/** The run's archive, with the map it attributes lines with (the replay's map never changes). */
export function openArchive(
  dir: string,
  mapCsv: string | undefined,
  options: { logFormat?: string; trustedProxies?: readonly string[] },
): { store: LocalArchive; lookup: HostLookup } {
  const parsed = mapCsv === undefined ? undefined : parseReferenceCsv(mapCsv);
  return {
    store: new LocalArchive(join(dir, ARCHIVE_DIR), {
      logFormat: options.logFormat,
      trustedProxies: options.trustedProxies,
    }),
    lookup: new HostLookup(parsed?.ok === true ? parsed.rows : []),
  };
}
