import type { Instance } from '@aws-sdk/client-ec2';
import { canonicalHost } from '@fleetlog/reference-data';
import type { AddressKind } from '@fleetlog/pipeline-config';

/** The instance's addresses of the requested kinds, canonical and de-duplicated. */
export function instanceAddresses(instance: Instance, kinds: readonly AddressKind[]): string[] {
  const found = new Set<string>();
  const add = (address: string | undefined) => {
    const host = address === undefined ? null : canonicalHost(address.trim());
    if (host !== null) found.add(host);
  };
  for (const kind of kinds) {
    if (kind === 'private-ipv4') add(instance.PrivateIpAddress);
    else if (kind === 'public-ipv4') add(instance.PublicIpAddress);
    else {
      // The primary IPv6 address when set, else every IPv6 address of the instance's interfaces.
      if (instance.Ipv6Address) add(instance.Ipv6Address);
      else {
        for (const eni of instance.NetworkInterfaces ?? []) {
          for (const ipv6 of eni.Ipv6Addresses ?? []) add(ipv6.Ipv6Address);
        }
      }
    }
  }
  return [...found];
}
