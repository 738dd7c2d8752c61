import { BlockList, isIP } from 'node:net';

/**
 * STAFF_IP_ALLOWLIST: the addresses (IPv4/IPv6, or CIDR subnets) staff pages answer from. Parsed once at start:
 * anything that is not an address or a subnet is refused with the entry named, as TRUST_PROXY is.
 */
export interface IpAllowList { entries: string[]; allows(ip: string): boolean }

/** An IPv4 address as Node reports it on a dual-stack socket (::ffff:10.0.0.1) is checked as IPv4. */
const unmapped = (ip: string) => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip);

export function parseIpAllowList(raw: string | undefined): { ok: true; list: IpAllowList | null } | { ok: false; entry: string } {
  const text = (raw ?? '').trim();
  if (text === '') return { ok: true, list: null };
  const entries = text.split(/[,\s]+/).filter(Boolean);
  const blocks = new BlockList();
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    if (family === 0 || extra !== undefined || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= max))) return { ok: false, entry };
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) blocks.addAddress(address, type);
    else blocks.addSubnet(address, Number(bits), type);
  }
  return {
    ok: true,
    list: {
      entries,
      allows(ip: string) {
        const address = unmapped(ip);
        const family = isIP(address);
        return family !== 0 && blocks.check(address, family === 4 ? 'ipv4' : 'ipv6');
      },
    },
  };
}
