/**
 * CIDR blocks, enough to validate and lay out subnets (IPv4) and source allow-lists (IPv4
 * and IPv6) at synth time. The range math (containment, overlap, carving) is ip-num's;
 * this file adds the strict parse with our error messages (ip-num keeps host bits, reads
 * "/016" as /16 and accepts any spelling of an IPv6 address).
 */
import { IPv4CidrRange, IPv4Prefix, IPv6, IPv6CidrRange, Validator } from 'ip-num';

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

/** An IPv6 block in its one canonical spelling (RFC 5952), so AWS never reports a diff. */
export interface Cidr6 {
  readonly range: IPv6CidrRange;
  readonly prefix: number;
  readonly text: string;
}

/** A source range of either family, as ALB source-ip conditions accept them. */
export type SourceCidr = ({ readonly family: 4 } & Cidr) | ({ readonly family: 6 } & Cidr6);

const CIDR6_RE = /^([0-9A-Fa-f:.]+)\/(0|[1-9]\d{0,2})$/;

/**
 * The RFC 5952 text of an IPv6 address given as 8 groups: lowercase, no leading zeros,
 * the longest run of two or more zero groups (the first on a tie) as "::".
 */
export function canonicalIpv6(groups: readonly number[]): string {
  let best = { at: -1, len: 0 };
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.len < 2) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

const groupsOf = (value: bigint): number[] => Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(16 * (7 - i))) & 0xffffn));

/**
 * Parses an IPv6 block strictly: a valid address in hex (no dotted IPv4 tail), a prefix of
 * 0–128 without leading zeros, no host bits, and the canonical spelling. Returns an error
 * string instead of throwing, like `parseCidr`.
 */
export function parseCidr6(text: string): Cidr6 | string {
  const m = CIDR6_RE.exec(text);
  if (!m || !m[1].includes(':')) return `"${text}" is not an IPv6 CIDR block like 2001:db8::/48`;
  if (m[1].includes('.')) return `"${text}" uses a dotted IPv4 tail; write IPv6 blocks in hexadecimal only`;
  const prefix = Number(m[2]);
  if (prefix > 128) return `"${text}" has a prefix length over 128`;
  if (!Validator.isValidIPv6String(m[1])[0]) return `"${text}" is not a valid IPv6 address and prefix`;
  const range = IPv6CidrRange.fromCidr(`${m[1]}/${prefix}`);
  const first = range.getFirst().getValue();
  const network = `${canonicalIpv6(groupsOf(first))}/${prefix}`;
  if (IPv6.fromString(m[1]).getValue() !== first) return `"${text}" has host bits set; the network address is ${network}`;
  if (network !== text) return `"${text}" is not in canonical form (RFC 5952: lowercase, no leading zeros, longest zero run as "::"); write ${network}`;
  return { range, prefix, text };
}

/** Parses a source range of either family (the family is told by ":"). */
export function parseSourceCidr(text: string): SourceCidr | string {
  if (text.includes(':')) {
    const c = parseCidr6(text);
    return typeof c === 'string' ? c : { family: 6, ...c };
  }
  const c = parseCidr(text);
  return typeof c === 'string' ? c : { family: 4, ...c };
}
