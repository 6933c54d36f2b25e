/**
 * Alarms, their notifications and alarm-driven deployments: a service's overrides of the alarm
 * table (model/alarms.ts), an environment's alarm subscriptions and its optional ECS native
 * blue/green deployments. Limits that span fields (periods, windows, bake time against the
 * deployment alarms, the ALB's rules and target groups) are checked in ../validate/alarms.ts.
 */
import { z } from 'zod';
import { ALARM_KEYS, AlarmKey } from '../../model/alarms';

/** One alarm's overrides; unset fields keep the environment kind's defaults (model/alarms.ts). */
const alarmOverride = z.strictObject({
  /** Threshold in the alarm's unit (percent, seconds, count: see docs/alarms.md). @default per environment kind */
  threshold: z.number().optional(),
  /** Seconds per datapoint, a multiple of 60. @default per environment kind (60, or 300 for CPU and memory) */
  periodSeconds: z.number().int().optional(),
  /** Consecutive breaching periods before the alarm fires; period × evaluationPeriods ≤ 1 day (7 days from a one-hour period). @default per environment kind */
  evaluationPeriods: z.number().int().optional(),
});
export type AlarmOverride = z.output<typeof alarmOverride>;

/**
 * Per-service alarm overrides, by alarm: target5xxRate, targetConnectionErrors, latencyP99,
 * unhealthyHosts, runningBelowDesired, cpuHigh, memoryHigh (the rows of model/alarms.ts).
 * @default {} (every alarm with its environment kind's defaults)
 */
export const alarmOverrides = z
  .strictObject(Object.fromEntries(ALARM_KEYS.map((k) => [k, alarmOverride.optional()])) as Record<AlarmKey, z.ZodOptional<typeof alarmOverride>>)
  .default({});

/** An email address as SNS accepts it for the `email` protocol: one address, no display name. */
const email = z
  .string()
  .max(254, 'an email address has at most 254 characters')
  .regex(/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/, 'must be one email address like ops@example.com');

/**
 * An HTTPS endpoint for SNS: https only (TLS to the endpoint as well as to SNS), with a host, and
 * no user:password (the URL is stored in Terraform state and shown in plans).
 */
const httpsEndpoint = z
  .url({ protocol: /^https$/, error: 'must be an https:// URL' })
  .refine((u) => !/^https:\/\/[^/]*@/.test(u), 'must not carry user:password: the URL is stored in Terraform state and shown in plans; verify the SNS message signature at the endpoint instead')
  .refine((u) => u.length <= 2048, 'must be at most 2048 characters');

/** Who is told when an alarm of the environment changes state (ALARM and back to OK). */
export const notifications = z
  .strictObject({
    /** Email addresses subscribed to the environment's alarm topic. Each receives a confirmation mail and gets nothing until it confirms; Terraform leaves the subscription pending until then. @default [] */
    emails: z.array(email).default([]),
    /** HTTPS endpoints SNS posts alarm notifications to (JSON). Each must confirm the subscription by visiting the SubscribeURL SNS sends first. @default [] */
    httpsEndpoints: z.array(httpsEndpoint).default([]),
  })
  .default({ emails: [], httpsEndpoints: [] });

/**
 * ECS native blue/green deployments for every service of the environment: a second target
 * group per service, ECS shifts all traffic at once on the route's listener rule, keeps the old
 * tasks for `bakeTimeMinutes` and rolls back when a deployment alarm fires (ECS developer
 * guide, "Amazon ECS blue/green deployments").
 * @default off (rolling deployments)
 */
export const blueGreen = z
  .strictObject({
    /** Minutes the old and the new tasks both run after production traffic moved (0–1440), in which a deployment alarm still rolls back instantly. At least the longest deployment alarm's window. @default 15 */
    bakeTimeMinutes: z.number().int().default(15),
    /**
     * A test rule per route: requests carrying this header reach the new tasks before any
     * production traffic does. Not a secret (anyone who sends it reaches the release about to go
     * live). @default none: no test rule
     */
    testHeader: z
      .strictObject({
        /** Header name, e.g. "x-blue-green". @default none */
        name: z.string(),
        /** Header value, matched exactly (no wildcards). @default none */
        value: z.string(),
      })
      .optional(),
  })
  .optional();
