import { HostLookup, parseReferenceCsv, renderReferenceCsv } from '@fleetlog/reference-data';
import { mergeHosts } from './merge';

describe('static CIDR blocks through a render', () => {
  it('keeps the static blocks beside the live addresses, exact rows winning on lookup', () => {
    const staticCsv =
      'Host,ApplicationName,Contact\n10.20.0.0/16,corporate-vpn,it@example.com\n2001:db8:aa::/48,nat,\n';
    const parsed = parseReferenceCsv(staticCsv);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const merged = mergeHosts({
      staticRows: parsed.rows,
      live: [
        {
          host: '10.20.0.5',
          applicationName: 'checkout',
          contact: null,
          instanceId: 'i-1',
          groupName: 'asg',
        },
      ],
      previousRows: parsed.rows,
      removedHosts: [],
      now: 0,
      graceMs: 900_000,
    });
    const csv = renderReferenceCsv(merged.rows);
    expect(csv).toBe(
      'Host,ApplicationName,Contact\n10.20.0.0/16,corporate-vpn,it@example.com\n10.20.0.5,checkout,\n2001:db8:aa::/48,nat,\n',
    );
    expect(merged.removedHosts).toEqual([]);
    const reread = parseReferenceCsv(csv);
    if (!reread.ok) throw new Error(JSON.stringify(reread.errors));
    const lookup = new HostLookup(reread.rows);
    expect(lookup.get('10.20.0.5')?.applicationName).toBe('checkout');
    expect(lookup.get('10.20.9.9')?.applicationName).toBe('corporate-vpn');
  });
});
