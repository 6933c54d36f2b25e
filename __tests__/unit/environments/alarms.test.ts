/**
 * Alarm overrides and alarm subscriptions are checked at synth: what PutMetricAlarm or SNS
 * would refuse at apply, and what would never work (a period of a high-resolution metric,
 * plaintext credentials in an endpoint, an address listed twice), is refused with its
 * environment, its field and the reason. Each case edits the pinned fixture
 * __tests__/fixtures/alarms/rolling.json.
 */
import * as path from 'path';
import fc from 'fast-check';
import { ConfigIssue } from '../../../environments';
import { ALARMS, ALARM_KEYS } from '../../../model/alarms';
import { MAX_DASHBOARD_WIDGETS, dashboardWidgets } from '../../../model/dashboard';
import { configIssues } from '../../helpers/config-file';

const FIXTURE = path.join(__dirname, '../../fixtures/alarms/rolling.json');
type Raw = { shared: Record<string, any>; environments: Array<Record<string, any>> }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The issues loadConfig reports for the fixture after `edit`; [] when it validates. */
const issuesAfter = (edit: (raw: Raw) => void): ConfigIssue[] => configIssues(FIXTURE, (raw) => edit(raw as unknown as Raw));
const live = (raw: Raw) => raw.environments.find((e) => e.name === 'live')!;

describe('alarm overrides', () => {
  it('the fixture is valid, and so is every alarm overridden with its own defaults', () => {
    expect(issuesAfter(() => undefined)).toEqual([]);
    expect(issuesAfter((raw) => (live(raw).services[0].alarms = Object.fromEntries(ALARMS.map((a) => [a.key, a.defaults.nonProduction]))))).toEqual([]);
  });

  it.each([
    ['target5xxRate', { threshold: 0 }, 'threshold 0 is outside 0.1–100 percent of requests'],
    ['cpuHigh', { threshold: 101 }, 'threshold 101 is outside 1–100'],
    ['unhealthyHosts', { threshold: 1.5 }, '(a whole number)'],
    ['latencyP99', { periodSeconds: 30 }, 'periodSeconds 30 must be a multiple of 60'],
    ['memoryHigh', { periodSeconds: 90 }, 'periodSeconds 90 must be a multiple of 60'],
    ['runningBelowDesired', { evaluationPeriods: 0 }, 'evaluationPeriods 0 must be a whole number of at least 1'],
    ['cpuHigh', { periodSeconds: 300, evaluationPeriods: 289 }, 'CloudWatch allows at most 86400 s below a one-hour period'],
    ['cpuHigh', { periodSeconds: 3600, evaluationPeriods: 169 }, 'at most 604800 s for periods of an hour or more'],
  ])('%s %j is refused: %s', (key, value, rule) => {
    expect(issuesAfter((raw) => (live(raw).services[1].alarms = { [key]: value }))).toEqual([{ scope: 'environment "live"', field: `services[web].alarms.${key}`, rule: expect.stringContaining(rule) }]);
  });

  it('a one-hour period may look back seven days', () => {
    expect(issuesAfter((raw) => (live(raw).services[1].alarms = { cpuHigh: { periodSeconds: 3600, evaluationPeriods: 168 } }))).toEqual([]);
  });

  it('an alarm the table does not have, or a setting it does not know, is refused (strict schema)', () => {
    expect(issuesAfter((raw) => (live(raw).services[1].alarms = { diskFull: { threshold: 1 } }))).toEqual([expect.objectContaining({ scope: 'environment "live"', field: expect.stringContaining('alarms') })]);
    expect(issuesAfter((raw) => (live(raw).services[1].alarms = { cpuHigh: { treshold: 1 } }))).toEqual([expect.objectContaining({ field: expect.stringContaining('alarms.cpuHigh') })]);
    expect([...ALARM_KEYS]).toEqual(ALARMS.map((a) => a.key));
  });

  it('a dashboard of more than 500 widgets is refused: one environment holds at most 82 services', () => {
    const big = (n: number) => (raw: Raw) => {
      raw.environments = [{ name: 'big', routePrefix: '/big', dedicatedAlb: true, services: Array.from({ length: n }, (_, i) => ({ name: `s${i}`, port: 3000 + i, routes: [`/s${i}`] })) }];
    };
    expect(dashboardWidgets(82)).toBeLessThanOrEqual(MAX_DASHBOARD_WIDGETS);
    expect(dashboardWidgets(83)).toBeGreaterThan(MAX_DASHBOARD_WIDGETS);
    expect(issuesAfter(big(82))).toEqual([]);
    expect(issuesAfter(big(83))).toEqual([{ scope: 'environment "big"', field: 'services', rule: expect.stringContaining('504 widgets') }]);
  });
});

describe('alarm subscriptions', () => {
  const notify = (n: Record<string, unknown>) => (raw: Raw) => (live(raw).notifications = n);

  it('accepts email addresses and https endpoints', () => {
    expect(issuesAfter(notify({ emails: ['oncall@example.com', 'first.last+alarms@sub.example.co.uk'], httpsEndpoints: ['https://hooks.example.com/sns?team=web'] }))).toEqual([]);
  });

  it.each([
    [{ emails: ['not-an-address'] }, 'notifications.emails[0]'],
    [{ emails: ['Ops <ops@example.com>'] }, 'notifications.emails[0]'],
    [{ emails: ['ops@example'] }, 'notifications.emails[0]'],
    [{ httpsEndpoints: ['http://hooks.example.com/sns'] }, 'notifications.httpsEndpoints[0]'],
    [{ httpsEndpoints: ['hooks.example.com/sns'] }, 'notifications.httpsEndpoints[0]'],
    [{ httpsEndpoints: ['https://user:secret@hooks.example.com/sns'] }, 'notifications.httpsEndpoints[0]'],
  ])('refuses %j', (n, field) => {
    const issues = issuesAfter(notify(n));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toEqual({ scope: 'environment "live"', field: expect.stringContaining(field), rule: expect.any(String) });
  });

  it('refuses an address listed twice, ignoring case, and an endpoint listed twice', () => {
    expect(issuesAfter(notify({ emails: ['ops@example.com', 'OPS@example.com'] }))).toEqual([{ scope: 'environment "live"', field: 'notifications.emails', rule: expect.stringContaining('listed twice') }]);
    expect(issuesAfter(notify({ httpsEndpoints: ['https://h.example.com/a', 'https://h.example.com/a'] }))).toEqual([{ scope: 'environment "live"', field: 'notifications.httpsEndpoints', rule: expect.stringContaining('listed twice') }]);
  });

  it('accepts any well-formed address and refuses anything without exactly one "@" and a dotted domain (property)', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._+-]{1,20}$/), fc.array(label, { minLength: 2, maxLength: 3 }), (local, labels) => {
        expect(issuesAfter(notify({ emails: [`${local}@${labels.join('.')}`] }))).toEqual([]);
        expect(issuesAfter(notify({ emails: [`${local}${labels.join('.')}`] }))).toHaveLength(1);
        expect(issuesAfter(notify({ emails: [`${local}@${labels.join('')}`] }))).toHaveLength(1);
      }),
      { seed: 15, numRuns: 50 },
    );
  });
});
