/**
 * The web ACL as data: the AWS managed rule groups it uses, the names, labels and capacity
 * (WCU) of their rules, and the plan of rules a configuration produces. The validator
 * checks rule names, routes and capacity against these tables; `WebFirewall` builds the
 * plan; the tests read both.
 *
 * Sources (AWS WAF Developer Guide, checked for this version of the project):
 * - https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
 *   (AWSManagedRulesCommonRuleSet, WCU 700; AWSManagedRulesKnownBadInputsRuleSet, WCU 200)
 * - https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-ip-rep.html
 *   (AWSManagedRulesAmazonIpReputationList, WCU 25; AWSManagedRulesAnonymousIpList, WCU 50)
 * - rule action overrides: https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-rule-group-override-options.html
 * - label match (1 WCU, only sees labels of rules evaluated earlier):
 *   https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-label-match.html
 * - string match (exactly / starts with: 2 WCU each, +10 per text transformation):
 *   https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-string-match.html
 * - rate-based statement (2 WCU base): https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html
 * - web ACL default capacity 1,500 WCU: https://docs.aws.amazon.com/waf/latest/developerguide/aws-waf-capacity-units.html
 */

/** A rule of an AWS managed rule group, and the label it adds to every request it matches. */
export interface ManagedRule {
  readonly name: string;
  readonly label: string;
  /** Why this rule may never be set to count or exempted. @default may be relaxed */
  readonly locked?: string;
}

export interface ManagedGroup {
  readonly name: string;
  /** Capacity the group takes in the web ACL (fixed by AWS). */
  readonly wcu: number;
  readonly rules: readonly ManagedRule[];
}

const LOG4J = 'the Log4j rules stay blocking: docs/architecture.md promises Log4j protection and checkov CKV_AWS_192 checks for it';
const rules = (namespace: string, list: ReadonlyArray<readonly [string, string, string?]>): ManagedRule[] =>
  list.map(([name, label, locked]) => ({ name, label: `awswaf:managed:aws:${namespace}:${label}`, ...(locked ? { locked } : {}) }));

/** The managed rule groups of the web ACL, in evaluation order. */
export const MANAGED_GROUPS: readonly ManagedGroup[] = [
  {
    name: 'AWSManagedRulesAmazonIpReputationList',
    wcu: 25,
    rules: rules('amazon-ip-list', [
      ['AWSManagedIPReputationList', 'AWSManagedIPReputationList'],
      ['AWSManagedReconnaissanceList', 'AWSManagedReconnaissanceList'],
      ['AWSManagedIPDDoSList', 'AWSManagedIPDDoSList'],
    ]),
  },
  {
    // Tor exits, anonymising proxies and hosting-provider ranges: the usual source of scanning and credential stuffing.
    name: 'AWSManagedRulesAnonymousIpList',
    wcu: 50,
    rules: rules('anonymous-ip-list', [
      ['AnonymousIPList', 'AnonymousIPList'],
      ['HostingProviderIPList', 'HostingProviderIPList'],
    ]),
  },
  {
    name: 'AWSManagedRulesCommonRuleSet',
    wcu: 700,
    rules: rules('core-rule-set', [
      ['NoUserAgent_HEADER', 'NoUserAgent_Header'],
      ['UserAgent_BadBots_HEADER', 'BadBots_Header'],
      ['SizeRestrictions_QUERYSTRING', 'SizeRestrictions_QueryString'],
      ['SizeRestrictions_Cookie_HEADER', 'SizeRestrictions_Cookie_Header'],
      ['SizeRestrictions_BODY', 'SizeRestrictions_Body'],
      ['SizeRestrictions_URIPATH', 'SizeRestrictions_URIPath'],
      ['EC2MetaDataSSRF_BODY', 'EC2MetaDataSSRF_Body'],
      ['EC2MetaDataSSRF_COOKIE', 'EC2MetaDataSSRF_Cookie'],
      ['EC2MetaDataSSRF_URIPATH', 'EC2MetaDataSSRF_URIPath'],
      ['EC2MetaDataSSRF_QUERYARGUMENTS', 'EC2MetaDataSSRF_QueryArguments'],
      ['GenericLFI_QUERYARGUMENTS', 'GenericLFI_QueryArguments'],
      ['GenericLFI_URIPATH', 'GenericLFI_URIPath'],
      ['GenericLFI_BODY', 'GenericLFI_Body'],
      ['RestrictedExtensions_URIPATH', 'RestrictedExtensions_URIPath'],
      ['RestrictedExtensions_QUERYARGUMENTS', 'RestrictedExtensions_QueryArguments'],
      ['GenericRFI_QUERYARGUMENTS', 'GenericRFI_QueryArguments'],
      ['GenericRFI_BODY', 'GenericRFI_Body'],
      ['GenericRFI_URIPATH', 'GenericRFI_URIPath'],
      ['CrossSiteScripting_COOKIE', 'CrossSiteScripting_Cookie'],
      ['CrossSiteScripting_QUERYARGUMENTS', 'CrossSiteScripting_QueryArguments'],
      ['CrossSiteScripting_BODY', 'CrossSiteScripting_Body'],
      ['CrossSiteScripting_URIPATH', 'CrossSiteScripting_URIPath'],
    ]),
  },
  {
    name: 'AWSManagedRulesKnownBadInputsRuleSet',
    wcu: 200,
    rules: rules('known-bad-inputs', [
      ['JavaDeserializationRCE_HEADER', 'JavaDeserializationRCE_Header'],
      ['JavaDeserializationRCE_BODY', 'JavaDeserializationRCE_Body'],
      ['JavaDeserializationRCE_URIPATH', 'JavaDeserializationRCE_URIPath'],
      ['JavaDeserializationRCE_QUERYSTRING', 'JavaDeserializationRCE_QueryString'],
      ['Host_localhost_HEADER', 'Host_Localhost_Header'],
      ['PROPFIND_METHOD', 'Propfind_Method'],
      ['ExploitablePaths_URIPATH', 'ExploitablePaths_URIPath'],
      ['Log4JRCE_HEADER', 'Log4JRCE_Header', LOG4J],
      ['Log4JRCE_QUERYSTRING', 'Log4JRCE_QueryString', LOG4J],
      ['Log4JRCE_BODY', 'Log4JRCE_Body', LOG4J],
      ['Log4JRCE_URIPATH', 'Log4JRCE_URIPath', LOG4J],
      ['ReactJSRCE_BODY', 'ReactJSRCE_Body'],
    ]),
  },
];

/** Finds a managed rule by its exact name (names are unique across our groups). */
export function findManagedRule(name: string): { group: ManagedGroup; rule: ManagedRule } | undefined {
  for (const group of MANAGED_GROUPS) {
    const rule = group.rules.find((r) => r.name === name);
    if (rule) return { group, rule };
  }
  return undefined;
}

/** Every managed rule name, for messages. */
export const MANAGED_RULE_NAMES: readonly string[] = MANAGED_GROUPS.flatMap((g) => g.rules.map((r) => r.name));

/** Capacity units (WCU) of what we add besides the managed groups, and the web ACL's default capacity. */
export const WAF_CAPACITY = {
  webAcl: 1500,
  rateBased: 2,
  labelMatch: 1,
  /** Exactly-matches and starts-with string match, without text transformation. */
  stringMatch: 2,
} as const;

/** A route exempted from a managed rule: requests to it or below it. */
export const exemptPatterns = (path: string): Array<{ match: 'EXACTLY' | 'STARTS_WITH'; value: string }> => [
  { match: 'EXACTLY', value: path },
  { match: 'STARTS_WITH', value: `${path}/` },
];

export interface WebAclInput {
  /** Requests per 5 minutes from one IP before it is blocked. */
  readonly rateLimit: number;
  /** Managed rules that count instead of block, for every request. */
  readonly countRules: readonly string[];
  /** Keep HostingProviderIPList blocking (by default it counts). */
  readonly blockHostingProviders: boolean;
  /** Managed rule → full paths (environment prefix included) where it only counts. */
  readonly exemptions: ReadonlyMap<string, readonly string[]>;
}

export type PlannedRule =
  | { readonly kind: 'managed'; readonly name: string; readonly priority: number; readonly wcu: number; readonly countRules: readonly string[] }
  | { readonly kind: 'label-block'; readonly name: string; readonly priority: number; readonly wcu: number; readonly rule: string; readonly label: string; readonly paths: readonly string[] }
  | { readonly kind: 'rate'; readonly name: string; readonly priority: number; readonly wcu: number; readonly limit: number };

/** The rule that counts by default so cloud-hosted clients (CI, probes, partners' servers) are not blocked. */
export const HOSTING_PROVIDERS_RULE = 'HostingProviderIPList';

/** The rules that count for every request: the configured ones, and HostingProviderIPList unless it should block. */
export function countedEverywhere(input: Pick<WebAclInput, 'countRules' | 'blockHostingProviders'>): Set<string> {
  return new Set([...input.countRules, ...(input.blockHostingProviders ? [] : [HOSTING_PROVIDERS_RULE])]);
}

/**
 * The web ACL's rules in evaluation order. Each managed group has its count overrides
 * (rules counted everywhere, and rules exempted for some routes); right after the group
 * comes one rule per exempted managed rule that blocks on that rule's label unless the
 * path is an exempted route: AWS's pattern for scoping a managed rule down by path. The
 * per-IP rate limit comes last. Names are unique and stable; priorities follow the order.
 */
export function planWebAcl(input: WebAclInput): { rules: PlannedRule[]; wcu: number } {
  const everywhere = countedEverywhere(input);
  const out: PlannedRule[] = [];
  for (const group of MANAGED_GROUPS) {
    const inGroup = (name: string) => group.rules.some((r) => r.name === name);
    const exempted = group.rules.filter((r) => (input.exemptions.get(r.name) ?? []).length > 0);
    const countRules = [...new Set([...[...everywhere].filter(inGroup), ...exempted.map((r) => r.name)])].sort();
    out.push({ kind: 'managed', name: group.name, priority: out.length + 1, wcu: group.wcu, countRules });
    for (const rule of exempted) {
      const paths = [...new Set(input.exemptions.get(rule.name))].sort();
      const wcu = WAF_CAPACITY.labelMatch + paths.length * exemptPatterns('/x').length * WAF_CAPACITY.stringMatch;
      out.push({ kind: 'label-block', name: `${rule.name}-except-routes`, priority: out.length + 1, wcu, rule: rule.name, label: rule.label, paths });
    }
  }
  out.push({ kind: 'rate', name: 'rate-limit-per-ip', priority: out.length + 1, wcu: WAF_CAPACITY.rateBased, limit: input.rateLimit });
  return { rules: out, wcu: out.reduce((sum, r) => sum + r.wcu, 0) };
}

/** What `wafExemptionPaths` reads from an environment. */
export interface ExemptingEnvironment {
  readonly routePrefix: string;
  readonly wafExemptions: Readonly<Record<string, readonly string[]>>;
}

/** Managed rule → full paths (environment prefix applied) exempted by any environment. */
export function wafExemptionPaths(envs: readonly ExemptingEnvironment[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const env of envs) {
    for (const [rule, paths] of Object.entries(env.wafExemptions)) out.set(rule, [...(out.get(rule) ?? []), ...paths.map((p) => `${env.routePrefix}${p}`)]);
  }
  return out;
}
