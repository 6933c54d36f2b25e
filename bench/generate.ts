/** Generated configurations for benchmarks: N services per environment, each with one route and one secret. */
import { EnvironmentInput, rawEnvironments, rawShared } from '../environments';

export function generatedConfig(servicesPerEnv: number, forceDedicated = false): { shared: unknown; environments: EnvironmentInput[] } {
  // One listener holds at most 100 rules: past that, every environment gets its own ALB.
  const dedicatedAlb = forceDedicated || servicesPerEnv * rawEnvironments.length > 100;
  const environments = rawEnvironments.map((env) => ({
    ...env,
    dedicatedAlb,
    services: Array.from({ length: servicesPerEnv }, (_, i) => ({
      name: `s${String(i).padStart(3, '0')}`,
      port: 3000 + (i % 1000),
      routes: [`/s${String(i).padStart(3, '0')}`],
      cpu: 256,
      memory: 512,
      desiredCount: 1,
      secrets: ['MONGODB_URI'],
    })),
  }));
  return { shared: rawShared, environments };
}
