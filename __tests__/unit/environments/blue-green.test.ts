/**
 * Blue/green combinations that ECS, the ALB or provider 6.25 would refuse at apply (or that
 * would deploy and then not work) are refused at synth, each with its environment, its field
 * and the reason, and the nearest valid configuration passes. Each case edits the pinned
 * fixture __tests__/fixtures/alarms/blue-green.json.
 */
import * as path from 'path';
import fc from 'fast-check';
import { ConfigIssue } from '../../../environments';
import { ALB_LIMITS } from '../../../model/aws-limits';
import { configIssues } from '../../helpers/config-file';

const FIXTURE = path.join(__dirname, '../../fixtures/alarms/blue-green.json');
type Raw = { shared: Record<string, any>; environments: Array<Record<string, any>> }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The issues loadConfig reports for the fixture after `edit`; [] when it validates. */
const issuesAfter = (edit: (raw: Raw) => void): ConfigIssue[] => configIssues(FIXTURE, (raw) => edit(raw as unknown as Raw));
const env = (raw: Raw, name: string) => raw.environments.find((e) => e.name === name)!;
const services = (n: number, prefix: string, routes = 1) =>
  Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}`, port: 3000 + i, routes: Array.from({ length: routes }, (_, r) => `/${prefix}${i}r${r}`) }));

describe('blue/green: what AWS refuses is refused at synth', () => {
  it('the fixture itself is valid (blue/green on with and without a test header)', () => {
    expect(issuesAfter(() => undefined)).toEqual([]);
  });

  it.each([
    [-1, false],
    [1441, false],
    [1440, true],
    [2.5, false],
  ])('bake time %p minutes: %p (provider: 0–1440, a whole number)', (minutes, ok) => {
    const issues = issuesAfter((raw) => (env(raw, 'qa').blueGreen.bakeTimeMinutes = minutes));
    if (ok) expect(issues).toEqual([]);
    else expect(issues.map((i) => [i.scope, i.field.replace(/\.?bakeTimeMinutes$/, '')])).toContainEqual(['environment "qa"', 'blueGreen']);
  });

  it('a bake time shorter than a deployment alarm’s window is refused: ECS would stop watching before the alarm can fire', () => {
    const issues = issuesAfter((raw) => (env(raw, 'qa').services[0].alarms = { target5xxRate: { evaluationPeriods: 25 } }));
    expect(issues).toEqual([{ scope: 'environment "qa"', field: 'blueGreen.bakeTimeMinutes', rule: expect.stringContaining('25 min the deployment alarm target5xxRate of service "api" needs') }]);
    expect(issuesAfter((raw) => (env(raw, 'qa').services[0].alarms = { target5xxRate: { evaluationPeriods: 20 } }))).toEqual([]);
    // Alarms that do not roll back may be as slow as they like.
    expect(issuesAfter((raw) => (env(raw, 'qa').services[0].alarms = { cpuHigh: { evaluationPeriods: 100 } }))).toEqual([]);
  });

  it('OIDC is refused: ECS blue/green does not support rules that authenticate before forwarding', () => {
    const oidc = { issuer: 'https://id.example.com', authorizationEndpoint: 'https://id.example.com/auth', tokenEndpoint: 'https://id.example.com/token', userInfoEndpoint: 'https://id.example.com/userinfo', clientId: 'shop' };
    expect(issuesAfter((raw) => (env(raw, 'dev').oidc = oidc))).toEqual([{ scope: 'environment "dev"', field: 'blueGreen', rule: expect.stringMatching(/authenticate-oidc/) }]);
    expect(issuesAfter((raw) => ((env(raw, 'dev').oidc = oidc), delete env(raw, 'dev').blueGreen))).toEqual([]);
  });

  it('a service with two routes is refused: ECS moves traffic on one listener rule', () => {
    expect(issuesAfter((raw) => env(raw, 'dev').services[1].routes.push('/static'))).toEqual([
      { scope: 'environment "dev"', field: 'services[web].routes', rule: expect.stringContaining('has 2 routes; blue/green moves traffic on one listener rule per service') },
    ]);
    expect(issuesAfter((raw) => (env(raw, 'dev').services[1].routes.push('/static'), delete env(raw, 'dev').blueGreen))).toEqual([]);
  });

  it.each([
    ['name', 'x blue', false],
    ['name', 'host', false],
    ['name', 'x'.repeat(41), false],
    ['name', 'x'.repeat(40), true],
    ['value', 'next*', false],
    ['value', 'nex?t', false],
    ['value', 'v'.repeat(129), false],
    ['value', 'v'.repeat(128), true],
  ])('test header %s %p: %p', (field, value, ok) => {
    const issues = issuesAfter((raw) => (env(raw, 'qa').blueGreen.testHeader[field] = value));
    expect(issues).toEqual(ok ? [] : [{ scope: 'environment "qa"', field: `blueGreen.testHeader.${field}`, rule: expect.any(String) }]);
  });

  it('the test rule stays within the ALB’s 5 condition values: 2 path patterns + the header + the source ranges', () => {
    const cidrs = (n: number) => (raw: Raw) => (env(raw, 'qa').allowedSourceCidrs = Array.from({ length: n }, (_, i) => `203.0.${113 + i}.0/24`));
    expect(issuesAfter(cidrs(2))).toEqual([]);
    expect(issuesAfter(cidrs(3))).toEqual([{ scope: 'environment "qa"', field: 'blueGreen.testHeader', rule: expect.stringContaining('6 condition values') }]);
    // Without a test header the route's own rule is the only one: 3 ranges fit.
    expect(issuesAfter((raw) => (cidrs(3)(raw), delete env(raw, 'qa').blueGreen.testHeader))).toEqual([]);
  });

  it('an ALB holds at most 100 target groups: two per blue/green service', () => {
    const many = (n: number, bg: boolean) => (raw: Raw) => {
      raw.environments = [{ name: 'big', routePrefix: '/big', ...(bg ? { blueGreen: {} } : {}), services: services(n, 's') }];
    };
    expect(issuesAfter(many(50, true))).toEqual([]);
    expect(issuesAfter(many(51, true))).toContainEqual({ scope: 'environment "big"', field: 'blueGreen', rule: expect.stringContaining(`would hold 102 target groups`) });
    expect(issuesAfter(many(51, false))).toEqual([]);
  });

  it('test rules count against the ALB’s 100 rules per listener', () => {
    const edit = (routes: number) => (raw: Raw) => {
      raw.environments = [
        { name: 'bg', routePrefix: '/bg', blueGreen: { testHeader: { name: 'x-next', value: '1' } }, services: services(10, 'b') },
        { name: 'roll', routePrefix: '/roll', services: services(1, 'r', routes) },
      ];
    };
    expect(issuesAfter(edit(80))).toEqual([]);
    expect(issuesAfter(edit(81))).toEqual([{ scope: 'environments "bg", "roll"', field: 'services[*].routes', rule: expect.stringContaining('101 listener rules (10 of them blue/green test rules)') }]);
  });

  it('a test rule needs a priority below its route’s: a route at priority 1 leaves none', () => {
    const issues = issuesAfter((raw) => (env(raw, 'qa').services[0].routes = [{ path: '/api', priority: 1 }]));
    expect(issues).toEqual([{ scope: 'environment "qa"', field: 'services[api].routes', rule: expect.stringContaining('needs a listener rule priority below its route\'s 1') }]);
    expect(issuesAfter((raw) => (env(raw, 'qa').services[0].routes = [{ path: '/api', priority: 2 }]))).toEqual([]);
  });

  it('any bake time and header in range passes, anything outside is refused (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 2000 }), fc.stringMatching(/^[ -~]{0,45}$/), (minutes, name) => {
        const issues = issuesAfter((raw) => {
          env(raw, 'live').blueGreen = { bakeTimeMinutes: minutes, testHeader: { name, value: 'v' } };
        });
        // live is production: its deployment alarms fire within 3 (5xx rate) and 2 (unhealthy hosts) minutes.
        const bakeValid = minutes >= 3 && minutes <= 1440;
        const nameOk = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/.test(name) && name.toLowerCase() !== 'host';
        expect(issues.length === 0).toBe(bakeValid && nameOk);
      }),
      { seed: 15, numRuns: 100 },
    );
    expect(ALB_LIMITS.conditionValuesPerRule).toBe(5);
  });
});
