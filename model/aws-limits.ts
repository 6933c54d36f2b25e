/**
 * AWS limits that Terraform's AWS provider does not check at plan time: breaking one
 * fails `terraform apply` half-way through, so we check them at synth instead.
 * Sources: the AWS service quotas pages and ../shared/notes/cdktf-and-aws-facts.md.
 */

/** Valid Fargate task sizes: CPU units → allowed memory (MiB). */
export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** Describes the memory values Fargate accepts for `cpu`, for error messages. */
export function fargateMemoryHint(cpu: number): string {
  const mem = FARGATE_SIZES.get(cpu);
  if (!mem) return `cpu must be one of ${[...FARGATE_SIZES.keys()].join(', ')}`;
  return mem.length <= 4 ? `memory for cpu ${cpu} must be one of ${mem.join(', ')}` : `memory for cpu ${cpu} must be ${mem[0]}–${mem[mem.length - 1]} in steps of ${mem[1] - mem[0]}`;
}

/** Application Load Balancer listener limits. */
export const ALB_LIMITS = {
  rulesPerListener: 100,
  conditionValuesPerRule: 5,
  pathPatternLength: 128,
  maxPriority: 50000,
  targetGroupsPerAlb: 100,
} as const;

/** Retention values CloudWatch Logs accepts (`retention_in_days`). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * Amazon ECR. `imagesPerRepository` is the default "Images per repository" quota (Amazon ECR
 * service quotas). A lifecycle rule that keeps that many images can never expire one.
 */
export const ECR_LIMITS = {
  imagesPerRepository: 100_000,
  /** At most four `*` in one `tagPatternList` entry. */
  wildcardsPerTagPattern: 4,
} as const;

/**
 * Secrets Manager `DeleteSecret`: `RecoveryWindowInDays` is 7–30; 0 in Terraform
 * (`recovery_window_in_days = 0`) means ForceDeleteWithoutRecovery, so the name is free at once.
 */
export const SECRET_RECOVERY_WINDOW = { min: 7, max: 30, immediate: 0 } as const;

/**
 * ECS native blue/green (deploymentConfiguration.strategy BLUE_GREEN) and the ALB rule that
 * carries its test traffic. Bake time: provider 6.25 validates 0–1440 minutes
 * (`bake_time_in_minutes`, internal/service/ecs/service.go), and ECS requires it with BLUE_GREEN
 * (API_DeploymentConfiguration). The test rule matches an HTTP header (ALB http-header
 * condition: a header name of at most 40 characters, values of at most 128, `*` and `?`
 * wildcards; Application Load Balancer guide, "Listener rules: HTTP header conditions").
 */
export const BLUE_GREEN_LIMITS = {
  bakeTimeMinutes: { min: 0, max: 1440 },
  headerNameLength: 40,
  headerValueLength: 128,
  /** Target groups one service holds: the primary and the alternate. */
  targetGroupsPerService: 2,
} as const;
