import net from 'node:net';

/**
 * The part of a client address a per-address throttle counts. An IPv4 address is one client. An
 * IPv6 host is usually handed a whole /64 and can pick any of its 2⁶⁴ addresses for each request,
 * so the /64 is the client (`2001:db8:1:2::/64`). An IPv4-mapped IPv6 address (`::ffff:192.0.2.7`,
 * what a dual-stack socket reports for an IPv4 peer) is that IPv4 address. Anything else (a proxy's
 * odd value) is used as it is.
 */
export function addressKey(ip: string): string {
  const bare = ip.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) names the interface, not the host
  if (!net.isIPv6(bare)) return ip;
  const g = expandIPv6(bare);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.');
  }
  return `${g.slice(0, 4).map((x) => x.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` and a dotted IPv4 tail expanded). */
function expandIPv6(ip: string): number[] {
  let text = ip.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  if (tail === undefined) return left;
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}
