/** One service of an environment: container, routes, size, secrets, scaling, IAM. */
import { z } from 'zod';
import { FARGATE_SIZES, fargateMemoryHint } from '../../model/aws-limits';
import { APP_PORTS } from '../../model/security-matrix';
import { alarmOverrides } from './alarms';
import { envVarName, iamStatement, lambdaArn, route, slug } from './fields';

export const serviceSchema = z
  .strictObject({
    /** Service name: part of every physical name of the service. */
    name: slug('service name', 20),
    /** Container port; the ALB may only reach 3000–4000. */
    port: z
      .number()
      .int()
      .min(APP_PORTS.from, `container port must be within ${APP_PORTS.from}–${APP_PORTS.to} (the only ports the ALB may reach)`)
      .max(APP_PORTS.to, `container port must be within ${APP_PORTS.from}–${APP_PORTS.to} (the only ports the ALB may reach)`),
    /** Paths this service answers, before the environment's prefix. Each also matches everything below it. */
    routes: z.array(route).min(1, 'a service needs at least one route'),
    /** Fargate CPU units. @default 256 */
    cpu: z.number().int().default(256),
    /** Fargate memory (MiB), one of the sizes valid for `cpu`. @default 512 */
    memory: z.number().int().default(512),
    /** Tasks to run. On an environment that runs no task yet, a service with secrets starts at 0 until they all have a value (constructs/service/start-gate.ts). @default 2 */
    desiredCount: z.number().int().min(0).max(1000).default(2),
    /** Secrets Manager secrets injected as environment variables through `secrets`. @default [] */
    secrets: z.array(envVarName).default([]),
    /** Plain, non-secret environment variables. `PORT` is set by the platform to `port`; setting it to anything else is refused. @default {} */
    environment: z.record(envVarName, z.string()).default({}),
    /** ALB health-check path. @default "/health" */
    healthCheckPath: z.string().regex(/^\/[A-Za-z0-9._~/-]*$/, 'must be a path like /health').default('/health'),
    /** User the container runs as; never root. @default "1000:1000" */
    user: z.string().regex(/^\d+(:\d+)?$/, 'must be a numeric "uid" or "uid:gid"').default('1000:1000'),
    /** Container health check command (CMD-SHELL form). @default none */
    healthCheckCommand: z.string().min(1).optional(),
    /** Target-tracking autoscaling. @default min = max = desiredCount: no scaling */
    autoscaling: z
      .strictObject({
        min: z.number().int().min(0),
        max: z.number().int().min(1),
        /** Average CPU utilisation to hold (%). @default 60 */
        cpuPercent: z.number().int().min(10).max(95).default(60),
        /** ALB requests per target to hold. @default 1000 */
        requestsPerTarget: z.number().int().min(1).default(1000),
      })
      .optional(),
    /** Run on Fargate Spot (never allowed in a production environment). Works with both CPU architectures (FARGATE_SPOT runs ARM64 on platform 1.4.0+, which LATEST is). @default false */
    spot: z.boolean().default(false),
    /**
     * CPU architecture of the task (`runtimePlatform.cpuArchitecture`). Must match the image:
     * build with `docker build --platform linux/amd64` for X86_64 or `linux/arm64` for ARM64
     * (or push a multi-arch image); a mismatch stops the task with "exec format error". ARM64
     * (Graviton) Fargate costs about 20 % less per vCPU and GB. The same tag is promoted through
     * every environment, so give a service the same architecture everywhere or push multi-arch.
     * @default "X86_64"
     */
    cpuArchitecture: z.enum(['X86_64', 'ARM64'], { error: 'must be "X86_64" or "ARM64" (upper case, as ECS spells them)' }).default('X86_64'),
    /** Extra IAM statements for the task role (what the application itself may call). @default [] */
    taskRoleStatements: z.array(iamStatement).default([]),
    /** Inject the environment's DocumentDB endpoint and managed credentials (DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD). Needs `database.enabled` on the environment. @default false */
    database: z.boolean().default(false),
    /** Seconds the ECS service ignores failing health checks after a task starts. @default 60 */
    healthCheckGracePeriodSeconds: z.number().int().min(0).max(7200).default(60),
    /** Rotation Lambda per secret name: enables `aws_secretsmanager_secret_rotation`. @default {} */
    secretRotation: z
      .record(
        envVarName,
        z.strictObject({
          lambdaArn,
          /** Days between rotations. @default 30 */
          days: z.number().int().min(1).max(1000).default(30),
        }),
      )
      .default({}),
    /**
     * Overrides of this service's alarms (model/alarms.ts), by alarm: threshold, periodSeconds,
     * evaluationPeriods. Production's defaults are stricter than other environments'.
     * @default {} (the environment kind's defaults; docs/alarms.md lists them)
     */
    alarms: alarmOverrides,
  })
  .superRefine((svc, ctx) => {
    const mem = FARGATE_SIZES.get(svc.cpu);
    if (!mem) {
      ctx.addIssue({ code: 'custom', path: ['cpu'], message: `invalid Fargate cpu ${svc.cpu}: ${fargateMemoryHint(svc.cpu)}` });
      // All problems in one run: a memory no Fargate cpu takes is wrong whatever cpu becomes.
      const cpusFor = [...FARGATE_SIZES].filter(([, m]) => m.includes(svc.memory)).map(([c]) => c);
      if (cpusFor.length === 0) ctx.addIssue({ code: 'custom', path: ['memory'], message: `invalid Fargate memory ${svc.memory}: no Fargate cpu size takes it (each cpu takes its own memory sizes, ${Math.min(...[...FARGATE_SIZES.values()].flat())}–${Math.max(...[...FARGATE_SIZES.values()].flat())} MiB in all)` });
    } else if (!mem.includes(svc.memory)) {
      ctx.addIssue({ code: 'custom', path: ['memory'], message: `invalid Fargate cpu/memory pair ${svc.cpu}/${svc.memory}: ${fargateMemoryHint(svc.cpu)}` });
    }
  });
