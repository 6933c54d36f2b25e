/**
 * fast-check generators of configurations in the SF_CONFIG shape, for the property suite.
 * `validConfiguration` makes configurations a user may write (every option a user can set:
 * alarm overrides, alarm subscriptions, blue/green with and without a test header, a sandbox
 * where no environment is production, ...; sizes skewed small): validation must accept each and the synthesized app must keep every
 * invariant. `adversarialNames` draws environment and service names from fragments of the
 * names the code itself makes (construct IDs, suffixes, reserved words), where collisions hide.
 */
import fc from 'fast-check';
import { EnvironmentInput, ServiceInput, SharedInput } from '../../environments';
import { ALARMS, DEPLOYMENT_ALARMS, alarmWindowSeconds, resolveAlarmSettings } from '../../model/alarms';
import { ALB_LIMITS, FARGATE_SIZES, LOG_RETENTION_DAYS } from '../../model/aws-limits';
import { PERSONA_KEYS } from '../../model/personas';

export interface RawConfig {
  shared: SharedInput;
  environments: EnvironmentInput[];
}

/** The seed of every property (print it, or set SF_PROPERTY_SEED to replay or explore another). */
export const PROPERTY_SEED = Number(process.env.SF_PROPERTY_SEED ?? 20_111);

const ACCOUNT = '111122223333';
const SIZES = [...FARGATE_SIZES].flatMap(([cpu, mems]) => mems.slice(0, 2).map((memory) => ({ cpu, memory })));

/** Lowercase words without "-": joining two never equals joining two others, so generated physical names cannot collide. */
const word = fc.stringMatching(/^[a-z][a-z0-9]{1,7}$/);
const distinct = (n: { minLength: number; maxLength: number }, reserved: readonly string[] = [], ending = /./) =>
  fc.uniqueArray(word.filter((w) => !reserved.includes(w) && ending.test(w)), { ...n, selector: (w) => w });

/** Sizes skewed small (synth time grows with them): mostly 1–2, sometimes up to `max`. */
const count = (max: number) => fc.oneof({ arbitrary: fc.integer({ min: 1, max: Math.min(2, max) }), weight: 12 }, { arbitrary: fc.integer({ min: 1, max }), weight: 1 });

const varName = fc.stringMatching(/^[A-Z][A-Z0-9]{0,6}(_[A-Z0-9]{1,5})?$/).filter((v) => !/PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL|URI|DSN|CONNECTION|PORT|^DB_/.test(v));

/** Overrides of a few alarms of the table (model/alarms.ts), each within its threshold range and CloudWatch's periods. */
const alarmOverrides: fc.Arbitrary<NonNullable<ServiceInput['alarms']>> = fc
  .subarray([...ALARMS], { maxLength: 2 })
  .chain((specs) =>
    fc.tuple(
      ...specs.map((spec) =>
        fc.record(
          {
            threshold: spec.thresholdRange.integer
              ? fc.integer({ min: spec.thresholdRange.min, max: Math.min(spec.thresholdRange.max, 1000) })
              : fc.double({ min: spec.thresholdRange.min, max: spec.thresholdRange.max, noNaN: true }),
            periodSeconds: fc.constantFrom(60, 120, 300),
            evaluationPeriods: fc.integer({ min: 1, max: 3 }),
          },
          { requiredKeys: [] },
        ),
      ),
    ).map((values) => Object.fromEntries(specs.map((spec, i) => [spec.key, values[i]]))),
  );

function service(name: string, opts: { production: boolean; database: boolean }): fc.Arbitrary<ServiceInput> {
  return fc
    .record({
      port: fc.integer({ min: 3000, max: 4000 }),
      extraRoutes: fc.integer({ min: 0, max: 2 }),
      deep: fc.boolean(),
      size: fc.constantFrom(...SIZES),
      desiredCount: fc.integer({ min: 0, max: 3 }),
      secrets: fc.uniqueArray(varName, { maxLength: 3 }),
      plain: fc.uniqueArray(varName, { maxLength: 2 }),
      spot: fc.boolean(),
      arm: fc.boolean(),
      database: fc.boolean(),
      scaling: fc.option(fc.record({ min: fc.integer({ min: 0, max: 2 }), extra: fc.integer({ min: 0, max: 4 }) }), { nil: undefined }),
      healthCheckPath: fc.constantFrom(undefined, '/health', '/ready'),
      alarms: alarmOverrides,
    })
    .map((s) => {
      // Routes are "/<name>", "/<name>~<n>" and "/<name>~x/<word>": "~" is in no name, so no two services' routes overlap.
      const routes: ServiceInput['routes'] = [`/${name}`, ...Array.from({ length: s.extraRoutes }, (_, i) => `/${name}~${i}`), ...(s.deep ? [`/${name}~x/deep`] : [])];
      const secrets = s.secrets;
      return {
        name,
        port: s.port,
        routes,
        cpu: s.size.cpu,
        memory: s.size.memory,
        desiredCount: s.desiredCount,
        secrets,
        environment: Object.fromEntries(s.plain.filter((v) => !secrets.includes(v)).map((v) => [v, 'x'])),
        spot: s.spot && !opts.production,
        cpuArchitecture: s.arm ? 'ARM64' : 'X86_64',
        database: s.database && opts.database,
        ...(s.scaling ? { autoscaling: { min: s.scaling.min, max: s.scaling.min + s.scaling.extra + 1 } } : {}),
        ...(s.healthCheckPath ? { healthCheckPath: s.healthCheckPath } : {}),
        ...(Object.keys(s.alarms).length > 0 ? { alarms: s.alarms } : {}),
      } as ServiceInput;
    });
}

const OIDC = { issuer: 'https://login.example.com', authorizationEndpoint: 'https://login.example.com/authorize', tokenEndpoint: 'https://login.example.com/token', userInfoEndpoint: 'https://login.example.com/userinfo', clientId: 'client' };
const personas = fc.subarray([...PERSONA_KEYS]);

function environment(name: string, ipv6: boolean): fc.Arbitrary<EnvironmentInput> {
  return fc
    .record({
      production: fc.oneof({ arbitrary: fc.constant(false), weight: 2 }, { arbitrary: fc.constant(true), weight: 1 }),
      database: fc.boolean(),
      // Service names end in a letter, environment names in a digit: no service is named like an environment.
      services: count(30).chain((n) => distinct({ minLength: n, maxLength: n }, [], /[a-z]$/)),
      dedicatedAlb: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
      exec: fc.boolean(),
      oidc: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
      restrict: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
      waf: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
      // QA/PMs are denied secret values and decryption everywhere: never listed for deploy or secrets.
      access: fc.record({ deploy: personas.map((p) => p.filter((x) => x !== 'qa')), read: personas, secrets: personas.map((p) => p.filter((x) => x !== 'qa')) }),
      retention: fc.constantFrom(...LOG_RETENTION_DAYS),
      window: fc.option(fc.constantFrom(0, 7, 30), { nil: undefined }),
      // ECS blue/green: one route per service, no OIDC (./validate/blue-green.ts), a bake time of at least the deployment alarms' windows.
      blueGreen: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: fc.record({ bake: fc.integer({ min: 0, max: 60 }), header: fc.boolean() }), weight: 1 }),
      emails: fc.subarray(['ops@example.com', 'on-call@example.org']),
      endpoints: fc.subarray(['https://hooks.example.com/sns/alarms']),
    })
    .chain((e) =>
      fc.tuple(...e.services.map((svc) => service(svc, { production: e.production, database: e.database }))).map((drawn): EnvironmentInput => {
        const ipv4 = ['203.0.113.0/24', '198.51.100.16/28'];
        const bg = e.blueGreen && !e.oidc ? e.blueGreen : undefined;
        const services = bg ? drawn.map((svc) => ({ ...svc, routes: svc.routes.slice(0, 1) })) : drawn;
        const bakeNeeded = Math.max(...services.flatMap((svc) => DEPLOYMENT_ALARMS.map((spec) => Math.ceil(alarmWindowSeconds(resolveAlarmSettings(spec, e.production, svc.alarms?.[spec.key])) / 60))));
        return {
          name,
          production: e.production,
          // A dedicated ALB serves this environment alone: its routes may go without a prefix.
          routePrefix: e.dedicatedAlb && e.oidc ? '' : `/${name}`,
          services,
          dedicatedAlb: e.dedicatedAlb,
          execEnabled: e.exec && !e.production,
          ...(e.oidc ? { oidc: OIDC } : {}),
          ...(e.restrict && !e.production ? { allowedSourceCidrs: ipv6 ? [ipv4[0], '2001:db8:1234::/48'] : ipv4 } : {}),
          ...(e.waf && !(e.dedicatedAlb && e.oidc) ? { wafExemptions: { SizeRestrictions_BODY: [`/${services[0].name}`] } } : {}),
          access: e.access,
          logRetentionDays: e.retention,
          ...(e.window !== undefined && !(e.production && e.window === 0) ? { secretRecoveryWindowDays: e.window } : {}),
          database: { enabled: e.database },
          ...(bg ? { blueGreen: { bakeTimeMinutes: Math.max(bg.bake, bakeNeeded), ...(bg.header ? { testHeader: { name: 'x-next', value: name } } : {}) } } : {}),
          ...(e.emails.length + e.endpoints.length > 0 ? { notifications: { emails: e.emails, httpsEndpoints: e.endpoints } } : {}),
        };
      }),
    );
}

/** Shared settings: project, region, network switches, personas, audit and registry options. */
const shared = fc
  .record({
    project: word.filter((w) => w.length <= 8),
    region: fc.constantFrom('eu-west-1', 'us-east-1', 'ap-southeast-2', 'us-gov-west-1'),
    octet: fc.integer({ min: 0, max: 250 }),
    azCount: fc.integer({ min: 2, max: 3 }),
    nat: fc.constantFrom('single' as const, 'per-az' as const),
    ipv6: fc.boolean(),
    endpoints: fc.constantFrom('auto' as const, true, false),
    personas: personas,
    audit: fc.record({ cloudTrail: fc.boolean(), guardDuty: fc.boolean(), config: fc.boolean(), waf: fc.boolean() }),
    signing: fc.record({ kmsKey: fc.boolean(), signerProfile: fc.boolean() }),
    admin: fc.boolean(),
  })
  .map((s): SharedInput => {
    const partition = s.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
    return {
      project: s.project,
      region: s.region,
      network: { vpcCidr: `10.${s.octet}.0.0/16`, azCount: s.azCount, natGateways: s.nat, ipv6: s.ipv6, vpcEndpoints: s.endpoints },
      state: { bucket: `${s.project}-tfstate-${s.region}`, lockTable: `${s.project}-tflock` },
      personas: Object.fromEntries(s.personas.map((p) => [p, [`arn:${partition}:iam::${ACCOUNT}:role/sso-${p}`]])),
      audit: s.audit,
      ecr: { signing: s.signing },
      adminRoleArns: s.admin ? [`arn:${partition}:iam::${ACCOUNT}:role/platform-admin`] : [],
    };
  });

/** Listener rules (blue/green test rules included) or target groups (two per blue/green service) of the shared ALB beyond ALB's limits: move the biggest environments to their own ALB. */
function fitListeners(envs: EnvironmentInput[]): EnvironmentInput[] {
  const routes = (e: EnvironmentInput) => e.services.reduce((n, s) => n + s.routes.length, 0);
  const rules = (e: EnvironmentInput) => routes(e) * (e.blueGreen?.testHeader ? 2 : 1);
  const groups = (e: EnvironmentInput) => e.services.length * (e.blueGreen ? 2 : 1);
  const onShared = () => envs.filter((e) => !e.dedicatedAlb);
  const over = () => onShared().reduce((n, e) => n + rules(e), 0) > ALB_LIMITS.rulesPerListener || onShared().reduce((n, e) => n + groups(e), 0) > ALB_LIMITS.targetGroupsPerAlb;
  while (over()) {
    const biggest = onShared().sort((a, b) => rules(b) + groups(b) - rules(a) - groups(a))[0];
    biggest.dedicatedAlb = true;
  }
  return envs;
}

/** A configuration a user may write: 1–6 environments of 1–30 services, every option drawn. */
export const validConfiguration: fc.Arbitrary<RawConfig> = shared.chain((s) =>
  count(6)
    .chain((n) => distinct({ minLength: n, maxLength: n }, [], /[0-9]$/))
    .chain((names) => fc.tuple(fc.tuple(...names.map((name) => environment(name, s.network.ipv6 === true))), fc.boolean()))
    // A sandbox (every deletion safeguard lifted) only where no environment is production: it is refused next to one.
    .map(([envs, sandbox]) => ({ shared: sandbox && !envs.some((e) => e.production) ? { ...s, sandbox: true } : s, environments: fitListeners(envs) })),
);

/**
 * Fragments of the names the code makes: construct IDs and their suffixes (persona policies
 * "<persona>-<scope>", "-attach", "-managed-<n>"), physical-name suffixes ("-exec", "-task",
 * "ecs-exec", "image-signing", "vpc-endpoints"), reserved stack and persona words.
 */
export const NAME_FRAGMENTS = ['global', 'attach', 'managed-0', 'managed-1', 'shared', 'bootstrap', 'tfstate', 'image-signing', 'ecs-exec', 'exec', 'task', 'db', 'alb', 'vpc-endpoints', 'flow-logs', 'key', 'svc', 'docdb', 'trail', 'config', 'web-acl', 'developers', 'qa', 'admins', 'ab', 'cd'];
/** A fragment as it is (where most collisions are), or 2–3 joined by "-"; at most `max` characters. */
export const fragmentName = (max: number) =>
  fc
    .oneof({ arbitrary: fc.constantFrom(...NAME_FRAGMENTS).map((f) => [f]), weight: 3 }, { arbitrary: fc.array(fc.constantFrom(...NAME_FRAGMENTS), { minLength: 2, maxLength: 3 }), weight: 1 })
    .map((parts) => parts.join('-'))
    .filter((n) => /^[a-z][a-z0-9-]*[a-z0-9]$/.test(n) && n.length <= max);
