/**
 * model/listener.ts: what a deployed listener rule's identity is made of. A listener rule's
 * priority and its construct ID (its Terraform address) come from its path; changing how either is
 * derived renumbers or re-addresses every rule already deployed, so both are pinned here against
 * values computed outside the code: FNV-1a 32-bit test vectors (the FNV reference,
 * http://www.isthe.com/chongo/tech/comp/fnv/) reduced to the ALB's 1..50000 range.
 */
import { ALB_LIMITS } from '../../../model/aws-limits';
import { derivedPriority, routePatterns, routeRuleId, testRuleId } from '../../../model/listener';

describe('derivedPriority', () => {
  it.each([
    // [input, FNV-1a 32-bit of it (reference vectors and independent computation), 1 + hash mod 49999]
    ['', 0x811c9dc5, 29585],
    ['a', 0xe40c292c, 28742],
    ['foobar', 0xbf9cf968, 17],
    ['/auth', 0x84c26054, 25704],
    ['/api/v1/reminders', 0xf00d0cd6, 17644],
  ])('%j is 1 + FNV-1a (%d) mod (maxPriority - 1) = %d', (path, hash, priority) => {
    expect(1 + (hash % (ALB_LIMITS.maxPriority - 1))).toBe(priority);
    expect(derivedPriority(path)).toBe(priority);
  });

  it('stays within the ALB\'s priority range for any path', () => {
    for (const path of ['/', '/x', '/a/b/c', '/' + 'z'.repeat(200), '/ünïcode']) {
      const p = derivedPriority(path);
      expect(Number.isInteger(p) && p >= 1 && p <= ALB_LIMITS.maxPriority).toBe(true);
    }
  });
});

describe('rule identity', () => {
  it('a route matches itself and everything below it, nothing else', () => {
    expect(routePatterns('/auth')).toEqual(['/auth', '/auth/*']);
  });

  it('construct IDs (Terraform addresses of deployed rules) are the path with ":" for "/", the test rule with "#test"', () => {
    expect(routeRuleId('/api/v1')).toBe('route:api:v1');
    expect(testRuleId('/api/v1')).toBe('route:api:v1#test');
    expect(routeRuleId('/a')).not.toBe(routeRuleId('/b'));
  });
});
