import { ResolvedService } from '../../environments/config';
import { PROJECT_VARIABLES } from '../../model/container-environment';

export interface ContainerDefinitionInput {
  readonly service: ResolvedService;
  readonly image: string;
  readonly logGroup: string;
  readonly region: string;
  readonly secrets: ReadonlyArray<{ readonly name: string; readonly valueFrom: string }>;
  /**
   * ECS Exec is on for this container. The SSM agent it starts needs an init process to reap
   * the session's children, Linux capabilities, and a writable root filesystem: AWS,
   * "Considerations for using ECS Exec": "The SSM agent requires that the container file
   * system is able to be written to in order to create the required directories and files.
   * Therefore, making the root file system read-only using the `readonlyRootFilesystem` task
   * definition parameter, or any other method, isn't supported."
   */
  readonly exec: boolean;
  /** Non-secret variables the app derives (the database endpoint). @default {} */
  readonly extraEnvironment?: Readonly<Record<string, string>>;
}

/** Variables the platform sets in every container, from the service's settings. */
export function platformEnvironment(svc: ResolvedService): Record<string, string> {
  // The port the ALB sends to and health-checks; the image need not hard-code it.
  return { [PROJECT_VARIABLES.port]: String(svc.port) };
}

/**
 * The one container of a service's task: non-root, unprivileged, secrets by reference, no
 * Linux capability, and a read-only root filesystem with `/tmp` as the one writable path.
 * With ECS Exec on (never in production) the root filesystem is writable and the
 * capabilities stay, because the SSM agent needs both (docs/architecture.md, "No SSH").
 */
export function containerDefinition(c: ContainerDefinitionInput): Record<string, unknown> {
  const svc = c.service;
  return {
    name: svc.name,
    image: c.image,
    essential: true,
    user: svc.user,
    privileged: false,
    readonlyRootFilesystem: !c.exec,
    portMappings: [{ containerPort: svc.port, protocol: 'tcp' }],
    mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }],
    environment: Object.entries({ ...svc.environment, ...platformEnvironment(svc), ...c.extraEnvironment }).map(([name, value]) => ({ name, value })),
    secrets: c.secrets,
    logConfiguration: {
      logDriver: 'awslogs',
      options: { 'awslogs-group': c.logGroup, 'awslogs-region': c.region, 'awslogs-stream-prefix': svc.name },
    },
    linuxParameters: c.exec ? { initProcessEnabled: true } : { capabilities: { drop: ['ALL'] } },
    ...(svc.healthCheckCommand
      ? { healthCheck: { command: ['CMD-SHELL', svc.healthCheckCommand], interval: 30, timeout: 5, retries: 3, startPeriod: 60 } }
      : {}),
  };
}
