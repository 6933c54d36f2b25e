/**
 * IPv4 CIDR blocks, enough to validate and lay out subnets at synth time. The range math
 * (containment, overlap, carving) is ip-num's; this file adds the strict parse with our
 * error messages (ip-num keeps host bits and reads "/016" as /16).
 */
import { IPv4CidrRange, IPv4Prefix } from 'ip-num';

export interface Cidr {
  readonly range: IPv4CidrRange;
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
  if (m.slice(1, 5).some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0')))) {
    return `"${text}" has an octet outside 0–255 or with a leading zero`;
  }
  const prefix = Number(m[5]);
  if (prefix > 32) return `"${text}" has a prefix length over 32`;
  const range = IPv4CidrRange.fromCidr(text);
  const network = range.getFirst().toString();
  if (network !== text.slice(0, text.indexOf('/'))) return `"${text}" has host bits set; the network address is ${network}/${prefix}`;
  return { range, prefix, text };
}

/** True when `inner` lies wholly inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.range.contains(inner.range);
}

/** True when two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.range.isOverlapping(b.range);
}

/** Every block of `newBits` extra prefix bits, in order: element i is Terraform's cidrsubnet(parent, newBits, i). */
export function carve(parent: Cidr, newBits: number): string[] {
  const prefix = parent.prefix + newBits;
  if (prefix > 32) throw new Error(`cannot carve /${prefix} blocks out of ${parent.text}`);
  return parent.range.splitInto(IPv4Prefix.fromNumber(BigInt(prefix))).map((r) => r.toCidrString());
}

/**
 * Finds overlapping pairs among labelled blocks in O(n log n): sort by start address and
 * compare each block with the furthest-reaching block before it.
 */
export function findOverlaps(blocks: ReadonlyArray<{ label: string; cidr: Cidr }>): Array<[string, string]> {
  const first = (c: Cidr) => c.range.getFirst();
  const sorted = [...blocks].sort((x, y) => (first(x.cidr).isLessThan(first(y.cidr)) ? -1 : first(x.cidr).isGreaterThan(first(y.cidr)) ? 1 : x.cidr.prefix - y.cidr.prefix));
  const out: Array<[string, string]> = [];
  let reach: { label: string; cidr: Cidr } | undefined;
  for (const b of sorted) {
    if (reach && overlaps(reach.cidr, b.cidr)) out.push([reach.label, b.label]);
    if (!reach || b.cidr.range.getLast().isGreaterThan(reach.cidr.range.getLast())) reach = b;
  }
  return out;
}
