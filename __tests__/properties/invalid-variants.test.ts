/**
 * Property: every invalid variant of a valid configuration (one field broken) is refused with
 * a ConfigError — never a crash, never accepted — and one of its messages names the
 * environment (or the shared settings) and the field. The variants span the schema and the
 * cross-field rules; the configurations are the property suite's generated ones.
 */
import fc from 'fast-check';
import { ConfigError, EnvironmentInput, ServiceInput, loadConfig } from '../../environments';
import { ALARMS } from '../../model/alarms';
import { PROPERTY_SEED, RawConfig, validConfiguration } from '../helpers/generate';

interface Expected {
  readonly scope: string;
  readonly field: string | RegExp;
}
type Breaker = (c: RawConfig, pick: number) => Expected | undefined;

const env = (c: RawConfig, pick: number) => c.environments[pick % c.environments.length];
const svc = (e: EnvironmentInput, pick: number) => e.services[pick % e.services.length];
const at = (e: EnvironmentInput, field: string | RegExp): Expected => ({ scope: `environment "${e.name}"`, field });
const inService = (c: RawConfig, pick: number, edit: (s: ServiceInput, e: EnvironmentInput) => string | RegExp | void): Expected | undefined => {
  const e = env(c, pick);
  const s = svc(e, pick >> 3);
  const field = edit(s, e);
  return field === undefined ? undefined : at(e, typeof field === 'string' ? `services[${s.name}].${field}` : field);
};

/** One broken field each, with the scope and field its message must name. */
const BREAKERS: Readonly<Record<string, Breaker>> = {
  'port below 3000': (c, p) => inService(c, p, (s) => ((s.port = 2999 - (p % 3000)), 'port')),
  'port above 4000': (c, p) => inService(c, p, (s) => ((s.port = 4001 + (p % 60000)), 'port')),
  'cpu Fargate does not offer': (c, p) => inService(c, p, (s) => ((s.cpu = 300 + (p % 200)), 'cpu')),
  'memory the cpu does not allow': (c, p) => inService(c, p, (s) => ((s.cpu = 256), (s.memory = 4096), 'memory')),
  'catch-all route': (c, p) => inService(c, p, (s) => ((s.routes = ['/']), 'routes[0]')),
  'wildcard route': (c, p) => inService(c, p, (s) => ((s.routes = [`/${s.name}*`]), 'routes[0]')),
  'trailing slash': (c, p) => inService(c, p, (s) => ((s.routes = [`/${s.name}/`]), 'routes[0]')),
  'route of another service in the same environment': (c, p) => {
    const e = env(c, p);
    if (e.services.length < 2) return undefined;
    const [a, b] = [e.services[0], e.services[1]];
    b.routes = [...b.routes, typeof a.routes[0] === 'string' ? a.routes[0] : a.routes[0].path];
    return at(e, `services[${b.name}].routes`);
  },
  'environment name in upper case': (c, p) => {
    const e = env(c, p);
    e.name = e.name.toUpperCase();
    return at(e, 'name');
  },
  'environment name too long': (c, p) => {
    const e = env(c, p);
    e.name = `${e.name}${'x'.repeat(13)}`.slice(0, 13);
    return at(e, 'name');
  },
  'reserved environment name': (c, p) => {
    const e = env(c, p);
    e.name = ['shared', 'bootstrap', 'tfstate'][p % 3];
    return at(e, 'name');
  },
  'duplicate environment name': (c) => {
    if (c.environments.length < 2) return undefined;
    c.environments[1].name = c.environments[0].name;
    return at(c.environments[1], 'name');
  },
  'service name with "_"': (c, p) => inService(c, p, (s) => ((s.name = `${s.name}_x`), /^services\[.*_x\]\.name$/)),
  'service name too long': (c, p) => inService(c, p, (s) => ((s.name = `${s.name}${'y'.repeat(21)}`.slice(0, 21)), /^services\[.*\]\.name$/)),
  'duplicate service name': (c, p) => {
    const e = env(c, p);
    if (e.services.length < 2) return undefined;
    e.services[1].name = e.services[0].name;
    return at(e, 'services[1].name');
  },
  'secret name with a space': (c, p) => inService(c, p, (s) => ((s.secrets = ['MY SECRET']), 'secrets[0]')),
  'secret-looking plain variable': (c, p) => inService(c, p, (s) => ((s.environment = { DB_PASSWORD: 'x' }), 'environment.DB_PASSWORD')),
  'typo in a key': (c, p) => inService(c, p, (s) => (((s as Record<string, unknown>).prot = 3000), 'prot')),
  'retention CloudWatch does not offer': (c, p) => {
    const e = env(c, p);
    e.logRetentionDays = 4;
    return at(e, 'logRetentionDays');
  },
  'negative desired count': (c, p) => inService(c, p, (s) => ((s.desiredCount = -1), 'desiredCount')),
  'root user': (c, p) => inService(c, p, (s) => ((s.user = '0:0'), 'user')),
  'autoscaling min above max': (c, p) => inService(c, p, (s) => ((s.autoscaling = { min: 3, max: 2 }), 'autoscaling')),
  'listener priority out of range': (c, p) => inService(c, p, (s) => ((s.routes = [{ path: `/${s.name}`, priority: p % 2 ? 0 : 50001 }]), 'routes[0].priority')),
  'ECS Exec in production': (c, p) => {
    const e = env(c, p);
    e.production = true;
    e.execEnabled = true;
    delete e.allowedSourceCidrs;
    e.services.forEach((s) => (s.spot = false));
    return at(e, 'execEnabled');
  },
  'Fargate Spot in production': (c, p) => {
    const e = env(c, p);
    e.production = true;
    e.execEnabled = false;
    delete e.allowedSourceCidrs;
    e.services[0].spot = true;
    return at(e, `services[${e.services[0].name}].spot`);
  },
  'database asked for without one': (c, p) => {
    const e = env(c, p);
    e.database = { enabled: false };
    e.services[0].database = true;
    return at(e, `services[${e.services[0].name}].database`);
  },
  'rotation of an undeclared secret': (c, p) => inService(c, p, (s) => ((s.secretRotation = { NOT_DECLARED_X: { lambdaArn: `arn:${c.shared.region.startsWith('us-gov') ? 'aws-us-gov' : 'aws'}:lambda:${c.shared.region}:111122223333:function:r` } }), 'secretRotation.NOT_DECLARED_X')),
  'route prefix without "/"': (c, p) => {
    const e = env(c, p);
    e.routePrefix = e.name;
    return at(e, 'routePrefix');
  },
  'project name too long': (c) => ((c.shared.project = 'x'.repeat(13)), { scope: 'shared settings', field: 'project' }),
  'project name in upper case': (c) => ((c.shared.project = c.shared.project.toUpperCase()), { scope: 'shared settings', field: 'project' }),
  'malformed VPC block': (c, p) => ((c.shared.network.vpcCidr = ['10.0.0/16', '10.300.0.0/16', '10.0.0.1/16', '10.0.0.0/8'][p % 4]), { scope: 'shared settings', field: 'network.vpcCidr' }),
  'one availability zone': (c) => ((c.shared.network.azCount = 1), { scope: 'shared settings', field: 'network.azCount' }),
  'alarm threshold outside its range': (c, p) =>
    inService(c, p, (s) => {
      const spec = ALARMS[p % ALARMS.length];
      s.alarms = { [spec.key]: { threshold: spec.thresholdRange.max + 1 } };
      return `alarms.${spec.key}`;
    }),
  'alarm period not a whole minute': (c, p) => inService(c, p, (s) => ((s.alarms = { [ALARMS[p % ALARMS.length].key]: { periodSeconds: 90 } }), `alarms.${ALARMS[p % ALARMS.length].key}`)),
  'alarm subscription that is not an address': (c, p) => {
    const e = env(c, p);
    e.notifications = { emails: ['ops at example.com'] };
    return at(e, /^notifications\.emails/);
  },
  'alarm endpoint over plain HTTP': (c, p) => {
    const e = env(c, p);
    e.notifications = { httpsEndpoints: ['http://hooks.example.com/sns'] };
    return at(e, /^notifications\.httpsEndpoints/);
  },
  'blue/green bake time shorter than its deployment alarms': (c, p) => {
    const e = env(c, p);
    e.blueGreen = { bakeTimeMinutes: 0 };
    return at(e, 'blueGreen.bakeTimeMinutes');
  },
  'blue/green with OIDC': (c, p) => {
    const e = env(c, p);
    e.blueGreen = { bakeTimeMinutes: 1440 };
    e.oidc = { issuer: 'https://login.example.com', authorizationEndpoint: 'https://login.example.com/a', tokenEndpoint: 'https://login.example.com/t', userInfoEndpoint: 'https://login.example.com/u', clientId: 'c' };
    return at(e, 'blueGreen');
  },
  'sandbox next to production': (c, p) => {
    const e = env(c, p);
    c.shared.sandbox = true;
    e.production = true;
    e.execEnabled = false;
    delete e.allowedSourceCidrs;
    e.services.forEach((s) => (s.spot = false));
    return at(e, 'production');
  },
  'QA given secret values': (c, p) => {
    const e = env(c, p);
    e.access = { ...e.access, secrets: ['qa'] };
    return at(e, 'access.secrets');
  },
};

describe('every invalid variant of a valid configuration', () => {
  it('is refused with a message naming its environment (or the shared settings) and field', () => {
    const applied = new Set<string>();
    fc.assert(
      fc.property(validConfiguration, fc.nat(), (raw, pick) => {
        // Every breaker on every generated configuration (where it applies).
        for (const [breaker, breakIt] of Object.entries(BREAKERS)) {
          const broken = structuredClone(raw);
          const expected = breakIt(broken, pick);
          if (expected === undefined) continue;
          applied.add(breaker);
          let error: unknown;
          try {
            loadConfig(broken.shared, broken.environments);
          } catch (e) {
            error = e;
          }
          expect({ breaker, refused: error instanceof ConfigError ? 'ConfigError' : String(error) }).toEqual({ breaker, refused: 'ConfigError' });
          const issues = (error as ConfigError).issues;
          const named = issues.some((i) => i.scope === expected.scope && (typeof expected.field === 'string' ? i.field === expected.field : expected.field.test(i.field)));
          expect({ breaker, expected, named, issues: named ? [] : issues.map((i) => `${i.scope}, field ${i.field}: ${i.rule}`) }).toEqual({ breaker, expected, named: true, issues: [] });
        }
      }),
      { seed: PROPERTY_SEED, numRuns: 10 },
    );
    expect(Object.keys(BREAKERS).filter((b) => !applied.has(b))).toEqual([]);
  });
});
