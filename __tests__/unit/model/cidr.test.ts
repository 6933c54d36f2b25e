import { Cidr, canonicalIpv6, carve, contains, findOverlaps, overlaps, parseCidr, parseSourceCidr } from '../../../model/cidr';

const cidr = (text: string): Cidr => {
  const c = parseCidr(text);
  if (typeof c === 'string') throw new Error(c);
  return c;
};

describe('model/cidr over ip-num', () => {
  it.each([
    ['10.0.0.0/16', undefined],
    ['0.0.0.0/0', undefined],
    ['255.255.255.255/32', undefined],
    ['10.0.0/16', '"10.0.0/16" is not an IPv4 CIDR block like 10.0.0.0/16'],
    ['10.0.0.0', '"10.0.0.0" is not an IPv4 CIDR block like 10.0.0.0/16'],
    ['10.0.0.0/016', '"10.0.0.0/016" is not an IPv4 CIDR block like 10.0.0.0/16'],
    ['256.0.0.0/8', '"256.0.0.0/8" has an octet outside 0–255 or with a leading zero'],
    ['10.01.0.0/16', '"10.01.0.0/16" has an octet outside 0–255 or with a leading zero'],
    ['10.0.0.0/33', '"10.0.0.0/33" has a prefix length over 32'],
    ['10.0.0.1/16', '"10.0.0.1/16" has host bits set; the network address is 10.0.0.0/16'],
    ['10.0.129.0/17', '"10.0.129.0/17" has host bits set; the network address is 10.0.128.0/17'],
  ])('parses %s', (text, error) => {
    const c = parseCidr(text);
    if (error) expect(c).toBe(error);
    else expect(c).toMatchObject({ text, prefix: Number(text.split('/')[1]) });
  });

  it('tells containment from overlap', () => {
    const vpc = cidr('10.0.0.0/16');
    expect(contains(vpc, cidr('10.0.16.0/20'))).toBe(true);
    expect(contains(vpc, vpc)).toBe(true);
    expect(contains(cidr('10.0.16.0/20'), vpc)).toBe(false);
    expect(contains(vpc, cidr('10.1.0.0/24'))).toBe(false);
    expect(overlaps(cidr('0.0.0.0/0'), vpc)).toBe(true);
    expect(overlaps(vpc, cidr('10.0.255.0/24'))).toBe(true);
    expect(overlaps(vpc, cidr('10.1.0.0/24'))).toBe(false);
  });

  it("carves like Terraform's cidrsubnet", () => {
    const slots = carve(cidr('10.0.0.0/16'), 4);
    expect(slots).toHaveLength(16);
    expect([slots[0], slots[4], slots[8], slots[15]]).toEqual(['10.0.0.0/20', '10.0.64.0/20', '10.0.128.0/20', '10.0.240.0/20']);
    expect(carve(cidr('192.168.4.0/24'), 2)).toEqual(['192.168.4.0/26', '192.168.4.64/26', '192.168.4.128/26', '192.168.4.192/26']);
    expect(() => carve(cidr('10.0.0.0/30'), 3)).toThrow('cannot carve /33 blocks out of 10.0.0.0/30');
  });

  it('finds each overlapping pair once, against the furthest-reaching block before it', () => {
    const blocks = ['10.0.0.0/24', '10.0.1.0/24', '10.0.0.128/25', '10.0.0.0/16', '10.1.0.0/24'].map((t, i) => ({ label: `b${i}`, cidr: cidr(t) }));
    expect(findOverlaps(blocks)).toEqual([
      ['b3', 'b0'],
      ['b3', 'b2'],
      ['b3', 'b1'],
    ]);
    expect(findOverlaps(blocks.filter((b) => b.label !== 'b3'))).toEqual([['b0', 'b2']]);
  });
});

describe('model/cidr: IPv6 source ranges', () => {
  it.each([
    ['2001:db8::/32', undefined],
    ['::/0', undefined],
    ['2001:db8:0:0:1::/80', undefined],
    ['2001:DB8::/32', '"2001:DB8::/32" is not in canonical form (RFC 5952: lowercase, no leading zeros, longest zero run as "::"); write 2001:db8::/32'],
    ['2001:0db8::/32', '"2001:0db8::/32" is not in canonical form (RFC 5952: lowercase, no leading zeros, longest zero run as "::"); write 2001:db8::/32'],
    ['2001:db8:0:1:0:0:0:0/64', '"2001:db8:0:1:0:0:0:0/64" is not in canonical form (RFC 5952: lowercase, no leading zeros, longest zero run as "::"); write 2001:db8:0:1::/64'],
    ['2001:db8::1/32', '"2001:db8::1/32" has host bits set; the network address is 2001:db8::/32'],
    ['2001:db8::/129', '"2001:db8::/129" has a prefix length over 128'],
    ['2001:db8::/032', '"2001:db8::/032" is not an IPv6 CIDR block like 2001:db8::/48'],
    ['::ffff:1.2.3.4/128', '"::ffff:1.2.3.4/128" uses a dotted IPv4 tail; write IPv6 blocks in hexadecimal only'],
    ['1:2:3:4:5:6:7:8:9/128', '"1:2:3:4:5:6:7:8:9/128" is not a valid IPv6 address and prefix'],
  ])('parses %s', (text, error) => {
    const c = parseSourceCidr(text);
    if (error) expect(c).toBe(error);
    else expect(c).toMatchObject({ family: 6, text, prefix: Number(text.split('/')[1]) });
  });

  it('tells the family by the colon, and keeps the IPv4 rules for dotted ranges', () => {
    expect(parseSourceCidr('203.0.113.0/24')).toMatchObject({ family: 4, prefix: 24 });
    expect(parseSourceCidr('203.0.113.1/24')).toBe('"203.0.113.1/24" has host bits set; the network address is 203.0.113.0/24');
  });

  it('compresses the longest zero run, the first on a tie, never a single zero group', () => {
    expect(canonicalIpv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    expect(canonicalIpv6([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1])).toBe('2001:db8:0:1:1:1:1:1');
    expect(canonicalIpv6([0, 0, 0, 0, 0, 0, 0, 0])).toBe('::');
    expect(canonicalIpv6([1, 0, 0, 0, 0, 0, 0, 0])).toBe('1::');
  });
});
