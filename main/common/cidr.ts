// IPv4 CIDR arithmetic for the lab's ranges: services and LoadBalancer pool (API server),
// node network and pod CIDRs (node IPAM, host nodes, the agent's routes).

export class CidrError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CidrError';
  }
}

export function ipToInt(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) throw new CidrError(`invalid IPv4 address "${ip}"`);
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export class Cidr {
  readonly base: number;
  readonly size: number;
  readonly prefix: number;

  constructor(readonly text: string) {
    const [ip, bits] = text.split('/');
    const prefix = Number(bits);
    if (!ip || !/^\d+$/.test(bits ?? '') || prefix < 8 || prefix > 30) throw new CidrError(`invalid CIDR "${text}": expected a.b.c.d/8 to /30`);
    this.prefix = prefix;
    this.size = 2 ** (32 - prefix);
    this.base = (ipToInt(ip) - (ipToInt(ip) % this.size)) >>> 0;
  }

  contains(ip: string): boolean {
    try {
      const n = ipToInt(ip);
      return n >= this.base && n < this.base + this.size;
    } catch {
      return false;
    }
  }

  overlaps(other: Cidr): boolean {
    return this.base < other.base + other.size && other.base < this.base + this.size;
  }

  /** the lowest free address from offset `from` (skipping the network address) up to the broadcast address */
  firstFree(used: Set<string>, from: number): string | undefined {
    for (let i = from; i < this.size - 1; i++) {
      const ip = intToIp((this.base + i) >>> 0);
      if (!used.has(ip)) return ip;
    }
    return undefined;
  }

  at(offset: number): string {
    if (offset < 0 || offset >= this.size) throw new CidrError(`address #${offset} is outside ${this.text}`);
    return intToIp((this.base + offset) >>> 0);
  }

  /** the n-th subnet of the given prefix inside this range (node IPAM: /24 pod CIDRs out of a /16) */
  subnet(prefix: number, n: number): string | undefined {
    if (prefix < this.prefix || prefix > 30) throw new CidrError(`cannot split ${this.text} into /${prefix} subnets`);
    const size = 2 ** (32 - prefix);
    if (n < 0 || (n + 1) * size > this.size) return undefined;
    return `${intToIp((this.base + n * size) >>> 0)}/${prefix}`;
  }
}
