/** Small IPv4 CIDR arithmetic: enough to validate and lay out subnets at synth time. */

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
  readonly text: string;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses "a.b.c.d/n". Returns an error string instead of throwing so callers can
 * attach the field that held the value.
 */
export function parseCidr(text: string): Cidr | string {
  const m = CIDR_RE.exec(text);
  if (!m) return `"${text}" is not an IPv4 CIDR block like 10.0.0.0/16`;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o, i) => o > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith('0')))) {
    return `"${text}" has an octet outside 0–255 or with a leading zero`;
  }
  if (prefix > 32) return `"${text}" has a prefix length over 32`;
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  if ((base & mask(prefix)) >>> 0 !== base) {
    return `"${text}" has host bits set; the network address is ${format(base & mask(prefix), prefix)}`;
  }
  return { base, prefix, text };
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function format(base: number, prefix: number): string {
  const b = base >>> 0;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${prefix}`;
}

function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** True when `inner` lies wholly inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
}

/** True when two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

/** Terraform's cidrsubnet(): the `index`-th block of `newBits` extra prefix bits. */
export function subnetOf(parent: Cidr, newBits: number, index: number): string {
  const prefix = parent.prefix + newBits;
  if (prefix > 32 || index >= 2 ** newBits) throw new Error(`cannot carve /${prefix} #${index} out of ${parent.text}`);
  return format(parent.base + index * 2 ** (32 - prefix), prefix);
}

/**
 * Finds overlapping pairs among labelled blocks in O(n log n): sort by start address and
 * compare each block with the furthest-reaching block before it.
 */
export function findOverlaps(blocks: ReadonlyArray<{ label: string; cidr: Cidr }>): Array<[string, string]> {
  const sorted = [...blocks].sort((x, y) => x.cidr.base - y.cidr.base || x.cidr.prefix - y.cidr.prefix);
  const out: Array<[string, string]> = [];
  let reach: { label: string; end: number } | undefined;
  for (const b of sorted) {
    const end = b.cidr.base + size(b.cidr);
    if (reach && b.cidr.base < reach.end) out.push([reach.label, b.label]);
    if (!reach || end > reach.end) reach = { label: b.label, end };
  }
  return out;
}
