import { parseIpAllowList } from './ipAllowList';

const listOf = (raw: string) => {
  const parsed = parseIpAllowList(raw);
  if (!parsed.ok || !parsed.list) throw new Error(`not a list: ${raw}`);
  return parsed.list;
};

describe('STAFF_IP_ALLOWLIST', () => {
  test('unset or empty: no list (every address)', () => {
    expect(parseIpAllowList(undefined)).toEqual({ ok: true, list: null });
    expect(parseIpAllowList('  ')).toEqual({ ok: true, list: null });
  });

  test('addresses and subnets, IPv4 and IPv6; IPv4-mapped IPv6 counts as IPv4', () => {
    const list = listOf('10.1.0.0/16, 192.168.3.7 2001:db8::/32');
    expect(list.entries).toEqual(['10.1.0.0/16', '192.168.3.7', '2001:db8::/32']);
    for (const ip of ['10.1.2.3', '::ffff:10.1.200.1', '192.168.3.7', '2001:db8::1']) expect([ip, list.allows(ip)]).toEqual([ip, true]);
    for (const ip of ['10.2.0.1', '192.168.3.8', '2001:db9::1', '', 'unknown']) expect([ip, list.allows(ip)]).toEqual([ip, false]);
  });

  test('anything else is refused, naming the entry', () => {
    for (const bad of ['10.0.0.0/33', 'intranet', '10.0.0.1/8/1', '::1/129', '10.0.0', 'loopback']) {
      expect(parseIpAllowList(`127.0.0.1,${bad}`)).toEqual({ ok: false, entry: bad });
    }
  });
});
