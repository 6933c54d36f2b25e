/**
 * How a route becomes a rule on an ALB listener: the TLS policy of the :443 listener, the
 * path patterns a route matches, its rule's construct ID and its derived priority. The
 * validator, the constructs and `npm run verify` all use these same functions.
 */
import { ALB_LIMITS } from './aws-limits';

/** ALB TLS policy: TLS 1.3 and 1.2 with forward secrecy only (FSBP ELB.17 accepts only the TLS13 family). */
export const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** The path patterns a route matches: itself and everything below it (ALB patterns are exact otherwise). */
export const routePatterns = (path: string): string[] => [path, `${path}/*`];

/** Construct ID of a route's rule: the path with ":" for "/", which a route can never contain. */
export const routeRuleId = (path: string): string => `route${path.replace(/\//g, ':')}`;

/** Construct ID of a route's blue/green test rule: "#" appears in no route, so it never meets another route's ID. */
export const testRuleId = (path: string): string => `${routeRuleId(path)}#test`;

/**
 * A listener rule's priority comes from its full path, not from its position, so adding
 * or removing a service never renumbers (and so never replaces) another service's rules.
 * FNV-1a keeps it stable across Node versions; a clash is reported with a fix.
 */
export function derivedPriority(path: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    h ^= path.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return 1 + (h % (ALB_LIMITS.maxPriority - 1));
}
