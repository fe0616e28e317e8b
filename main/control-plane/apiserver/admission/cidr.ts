// IPv4 CIDR arithmetic for the service and LoadBalancer ranges.

function toInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`invalid IPv4 address ${ip}`);
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

function toIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export class Cidr {
  readonly base: number;
  readonly size: number;

  constructor(readonly text: string) {
    const [ip, bits] = text.split('/');
    const prefix = Number(bits);
    if (!ip || !Number.isInteger(prefix) || prefix < 8 || prefix > 30) throw new Error(`invalid CIDR ${text}`);
    this.size = 2 ** (32 - prefix);
    this.base = toInt(ip) & ~(this.size - 1) >>> 0;
  }

  contains(ip: string): boolean {
    try {
      const n = toInt(ip);
      return n >= this.base && n < this.base + this.size;
    } catch {
      return false;
    }
  }

  /** the lowest free address from offset `from` (skipping the network address) up to the broadcast address */
  firstFree(used: Set<string>, from: number): string | undefined {
    for (let i = from; i < this.size - 1; i++) {
      const ip = toIp((this.base + i) >>> 0);
      if (!used.has(ip)) return ip;
    }
    return undefined;
  }

  at(offset: number): string {
    return toIp((this.base + offset) >>> 0);
  }
}
