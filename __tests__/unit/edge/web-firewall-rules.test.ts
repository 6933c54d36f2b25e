/**
 * Relaxing AWS managed WAF rules: HostingProviderIPList counts by default (switch to
 * block); named rules count everywhere (`audit.wafCountRules`) or only on some routes
 * (`wafExemptions`: count, then block on the rule's label unless the path is exempted);
 * names, routes and the web ACL's capacity are checked at synth.
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { AppConfig, ConfigError, loadConfig } from '../../../environments';
import { MANAGED_GROUPS, MANAGED_RULE_NAMES, WAF_CAPACITY, exemptPatterns, findManagedRule } from '../../../model/waf';
import { Json } from '../../../verify/tfjson';
import { attemptConfig } from '../../helpers/config-file';
import { synth } from '../../helpers/synth';

const CASE = path.join(__dirname, '../../../../shared/cases/more/waf-body-8kb.json');
const FIXTURE = path.join(__dirname, '../../fixtures/waf-rules/two-albs.json');
type Raw = { shared: Json; environments: Json[] };
const read = (file: string): Raw => JSON.parse(fs.readFileSync(file, 'utf8'));
const audit = (raw: Raw): Json => (raw.shared.audit ??= {});

const attempt = (raw: Raw): AppConfig | ConfigError => attemptConfig(raw as { shared: unknown; environments: unknown[] });
const issues = (raw: Raw) => {
  const r = attempt(raw);
  if (!(r instanceof ConfigError)) throw new Error('configuration unexpectedly validated');
  return r.issues;
};
const aclRules = (config: AppConfig): Json[] => {
  const [acl] = synth(config).resources('aws_wafv2_web_acl', 'shared');
  return [...acl.body.rule].sort((a: Json, b: Json) => a.priority - b.priority);
};
const group = (rules: Json[], name: string) => rules.find((r) => r.statement.managed_rule_group_statement?.name === name)!;
const overrides = (rule: Json): string[] => (rule.statement.managed_rule_group_statement.rule_action_override ?? []).map((o: Json) => `${o.name}:${Object.keys(o.action_to_use)[0]}`);
const CRS = 'AWSManagedRulesCommonRuleSet';
const ANON = 'AWSManagedRulesAnonymousIpList';

/** WCU of synthesized rules, from the statements themselves and the documented unit costs. */
function wcuOf(rules: Json[]): number {
  const statement = (s: Json): number => {
    if (s.managed_rule_group_statement) return MANAGED_GROUPS.find((g) => g.name === s.managed_rule_group_statement.name)!.wcu;
    if (s.rate_based_statement) return WAF_CAPACITY.rateBased;
    if (s.label_match_statement) return WAF_CAPACITY.labelMatch;
    if (s.byte_match_statement) return WAF_CAPACITY.stringMatch + 10 * s.byte_match_statement.text_transformation.filter((t: Json) => t.type !== 'NONE').length;
    const nested = s.and_statement ?? s.or_statement ?? s.not_statement;
    return [nested.statement].flat().reduce((sum: number, x: Json) => sum + statement(x), 0);
  };
  return rules.reduce((sum, r) => sum + statement(r.statement), 0);
}

describe('handed case more/waf-body-8kb.json', () => {
  it('as handed, stays safe: the body-size rule blocks (no override, no exemption), hosting providers only count', () => {
    const rules = aclRules(loadConfig(read(CASE).shared, read(CASE).environments));
    expect(overrides(group(rules, CRS))).toEqual([]);
    expect(rules.some((r) => r.statement.and_statement)).toBe(false);
    expect(overrides(group(rules, ANON))).toEqual(['HostingProviderIPList:count']);
  });

  it('with wafExemptions for the upload route, the rule counts and a rule right after the group blocks its label everywhere else', () => {
    const raw = read(CASE);
    raw.environments[0].wafExemptions = { SizeRestrictions_BODY: ['/upload'] };
    const rules = aclRules(attempt(raw) as AppConfig);
    const crs = group(rules, CRS);
    expect(overrides(crs)).toEqual(['SizeRestrictions_BODY:count']);
    const next = rules.find((r) => r.priority === crs.priority + 1)!;
    expect(next).toMatchObject({ name: 'SizeRestrictions_BODY-except-routes', action: { block: {} } });
    expect(next.statement).toEqual({
      and_statement: {
        statement: [
          { label_match_statement: { scope: 'LABEL', key: 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body' } },
          {
            not_statement: {
              statement: {
                or_statement: {
                  statement: [
                    { byte_match_statement: { positional_constraint: 'EXACTLY', search_string: '/test/upload', field_to_match: { uri_path: {} }, text_transformation: [{ priority: 0, type: 'NONE' }] } },
                    { byte_match_statement: { positional_constraint: 'STARTS_WITH', search_string: '/test/upload/', field_to_match: { uri_path: {} }, text_transformation: [{ priority: 0, type: 'NONE' }] } },
                  ],
                },
              },
            },
          },
        ],
      },
    });
    expect(rules.map((r) => r.priority)).toEqual(rules.map((_, i) => i + 1));
    expect(rules[rules.length - 1].name).toBe('rate-limit-per-ip');
  });

  it('with audit.wafCountRules, the rule counts for every request and no label rule is added', () => {
    const raw = read(CASE);
    audit(raw).wafCountRules = ['SizeRestrictions_BODY'];
    const rules = aclRules(attempt(raw) as AppConfig);
    expect(overrides(group(rules, CRS))).toEqual(['SizeRestrictions_BODY:count']);
    expect(rules.some((r) => r.statement.and_statement)).toBe(false);
  });
});

describe('HostingProviderIPList', () => {
  it('counts by default and blocks with audit.wafBlockHostingProviders', () => {
    const raw = read(FIXTURE);
    expect(overrides(group(aclRules(attempt(raw) as AppConfig), ANON))).toEqual(['HostingProviderIPList:count']);
    audit(raw).wafBlockHostingProviders = true;
    expect(overrides(group(aclRules(attempt(raw) as AppConfig), ANON))).toEqual([]);
  });
});

describe('refusals', () => {
  it.each([
    ['an unknown rule name, with the right spelling', (r: Raw) => (audit(r).wafCountRules = ['SizeRestrictions_Body']), 'shared settings', 'audit.wafCountRules[0]', '"SizeRestrictions_Body" is not a rule of the web ACL\'s managed groups (did you mean "SizeRestrictions_BODY"?)'],
    ['a Log4j rule', (r: Raw) => (audit(r).wafCountRules = ['Log4JRCE_BODY']), 'shared settings', 'audit.wafCountRules[0]', '"Log4JRCE_BODY" cannot be relaxed: the Log4j rules stay blocking'],
    ['a rule listed twice', (r: Raw) => (audit(r).wafCountRules = ['NoUserAgent_HEADER', 'NoUserAgent_HEADER']), 'shared settings', 'audit.wafCountRules', '"NoUserAgent_HEADER" is listed twice'],
    ['a path that is no route of the environment', (r: Raw) => (r.environments[0].wafExemptions = { SizeRestrictions_BODY: ['/download'] }), 'environment "qa"', 'wafExemptions.SizeRestrictions_BODY[0]', '"/download" is not one of this environment\'s routes (/upload, /api) or a path below one'],
    ['a path another environment serves on another ALB', (r: Raw) => (r.environments[0].wafExemptions = { SizeRestrictions_BODY: ['/upload/big'] }), 'environment "qa"', 'wafExemptions.SizeRestrictions_BODY[0]', '"/upload/big" is also served by environment "live" (route "/upload")'],
    ['an exemption from a rule that already counts everywhere', (r: Raw) => (r.environments[0].wafExemptions = { HostingProviderIPList: ['/api'] }), 'environment "qa"', 'wafExemptions.HostingProviderIPList', '"HostingProviderIPList" already counts for every request'],
    ['an unknown rule in an exemption', (r: Raw) => (r.environments[1].wafExemptions = { BodySize: ['/web'] }), 'environment "live"', 'wafExemptions.BodySize', '"BodySize" is not a rule of the web ACL\'s managed groups'],
    ['a misspelt rule in an exemption, with the rule meant', (r: Raw) => (r.environments[1].wafExemptions = { SizeRestriction_BODY: ['/web'] }), 'environment "live"', 'wafExemptions.SizeRestriction_BODY', '"SizeRestriction_BODY" is not a rule of the web ACL\'s managed groups (did you mean "SizeRestrictions_BODY"?)'],
  ])('%s', (_what, edit, scope, field, rule) => {
    const raw = read(FIXTURE);
    edit(raw);
    const found = issues(raw);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ scope, field });
    expect(found[0].rule).toContain(rule);
  });

  it('a web ACL over the 1,500 WCU default capacity', () => {
    const raw = read(FIXTURE);
    raw.environments[0].wafExemptions = { SizeRestrictions_BODY: Array.from({ length: 131 }, (_, i) => `/api/p${i}`) };
    expect(issues(raw)).toEqual([
      expect.objectContaining({ scope: 'shared settings', field: 'wafExemptions', rule: expect.stringContaining('the web ACL would need 1502 WCU; AWS allows 1500 by default') }),
    ]);
    raw.environments[0].wafExemptions.SizeRestrictions_BODY.pop();
    expect(attempt(raw)).not.toBeInstanceOf(ConfigError);
  });
});

describe('the rule table', () => {
  it('gives each managed rule a label in its group\'s namespace, and the documented label of the body-size rule', () => {
    for (const g of MANAGED_GROUPS) {
      const namespaces = new Set(g.rules.map((r) => r.label.split(':').slice(0, 4).join(':')));
      expect(namespaces.size).toBe(1);
    }
    expect(findManagedRule('SizeRestrictions_BODY')?.rule.label).toBe('awswaf:managed:aws:core-rule-set:SizeRestrictions_Body');
    expect(new Set(MANAGED_RULE_NAMES).size).toBe(MANAGED_RULE_NAMES.length);
    // checkov's CKV2_AWS_76 wants both groups on every ALB's web ACL (suppressed on dedicated ALBs, which it cannot follow to the shared stack).
    expect(MANAGED_GROUPS.map((g) => g.name)).toEqual(expect.arrayContaining(['AWSManagedRulesAnonymousIpList', 'AWSManagedRulesKnownBadInputsRuleSet']));
  });
});

// ---- property: random exemptions over the fixture ----

const QA_ROUTES = ['/upload', '/api'];
const LIVE_ROUTES = ['/upload', '/web'];
const ruleName = fc.oneof(fc.constantFrom(...MANAGED_RULE_NAMES), fc.constantFrom('SizeRestrictions_Body', 'BodySize', 'HostingProviderIPList'));
const pathOf = (routes: string[]) => fc.oneof(fc.constantFrom(...routes), fc.tuple(fc.constantFrom(...routes), fc.constantFrom('a', 'b', 'files')).map(([r, s]) => `${r}/${s}`), fc.constant('/elsewhere'));
const exemptions = (routes: string[]) => fc.dictionary(ruleName, fc.uniqueArray(pathOf(routes), { minLength: 1, maxLength: 3 }), { maxKeys: 3 });
const setup = fc.record({ qa: exemptions(QA_ROUTES), live: exemptions(LIVE_ROUTES), block: fc.boolean() });

/** What synth must decide, from the fixture's routes and the rule table's flags only. */
function shouldAccept(s: { qa: Record<string, string[]>; live: Record<string, string[]>; block: boolean }): boolean {
  const served = { qa: QA_ROUTES, live: LIVE_ROUTES };
  const meets = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
  for (const [env, other] of [['qa', 'live'], ['live', 'qa']] as const) {
    for (const [rule, paths] of Object.entries(s[env])) {
      const found = findManagedRule(rule);
      if (!found || found.rule.locked) return false;
      if (rule === 'HostingProviderIPList' && !s.block) return false;
      for (const p of paths) {
        if (!served[env].some((r) => p === r || p.startsWith(`${r}/`))) return false;
        if (!(s[other][rule] ?? []).includes(p) && served[other].some((q) => meets(p, q))) return false;
      }
    }
  }
  return true;
}

describe('exemptions (property)', () => {
  it('are accepted exactly when every rule exists and may be relaxed and every path is served by its environment alone', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const raw = read(FIXTURE);
        raw.environments[0].wafExemptions = s.qa;
        raw.environments[1].wafExemptions = s.live;
        audit(raw).wafBlockHostingProviders = s.block;
        expect(!(attempt(raw) instanceof ConfigError)).toBe(shouldAccept(s));
      }),
      { seed: 1601, numRuns: 150 },
    );
  });

  it('an accepted set yields, per exempted rule, a count override and a label rule right after its group listing exactly its paths, within 1,500 WCU', () => {
    fc.assert(
      fc.property(setup.filter(shouldAccept), (s) => {
        const raw = read(FIXTURE);
        raw.environments[0].wafExemptions = s.qa;
        raw.environments[1].wafExemptions = s.live;
        audit(raw).wafBlockHostingProviders = s.block;
        const rules = aclRules(attempt(raw) as AppConfig);
        const exempted = new Map<string, Set<string>>();
        for (const env of ['qa', 'live'] as const) for (const [rule, paths] of Object.entries(s[env])) for (const p of paths) exempted.set(rule, (exempted.get(rule) ?? new Set()).add(p));
        const labelRules = rules.filter((r) => r.statement.and_statement);
        expect(labelRules.map((r) => r.name).sort()).toEqual([...exempted.keys()].map((k) => `${k}-except-routes`).sort());
        for (const [rule, paths] of exempted) {
          const { group: g, rule: managed } = findManagedRule(rule)!;
          const groupRule = group(rules, g.name);
          expect(overrides(groupRule)).toContain(`${rule}:count`);
          const lr = labelRules.find((r) => r.name === `${rule}-except-routes`)!;
          expect(lr.priority).toBeGreaterThan(groupRule.priority);
          expect(rules.filter((r) => r.priority > groupRule.priority && r.priority < lr.priority).every((r) => r.statement.and_statement)).toBe(true);
          const [label, not] = lr.statement.and_statement.statement;
          expect(label.label_match_statement.key).toBe(managed.label);
          const got = not.not_statement.statement.or_statement.statement.map((x: Json) => `${x.byte_match_statement.positional_constraint} ${x.byte_match_statement.search_string}`);
          expect(got.sort()).toEqual([...paths].flatMap(exemptPatterns).map((p) => `${p.match} ${p.value}`).sort());
        }
        expect(wcuOf(rules)).toBeLessThanOrEqual(WAF_CAPACITY.webAcl);
      }),
      { seed: 1601, numRuns: 25 },
    );
  });
});
