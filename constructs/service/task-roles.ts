import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Partition } from '../../model/partition';
import { Statement, policyDocument, serviceTrust } from '../../model/policy';
import { jsonDocument } from '../json-document';

export interface TaskRolesProps {
  readonly executionRoleName: string;
  readonly taskRoleName: string;
  /** The region's partition: principals and ARNs are written in it. */
  readonly partition: Partition;
  readonly accountId: string;
  /** The service's ECR repository. */
  readonly repositoryArn: string;
  /** The service's log group. */
  readonly logGroupArn: string;
  /** ARNs of the service's secrets. */
  readonly secretArns: readonly string[];
  /** The key encrypting those secrets. */
  readonly kmsKeyArn: string;
  /** What the application may call (from config). @default [] */
  readonly taskStatements?: readonly Statement[];
  /** GuardDuty runtime monitoring injects its agent sidecar, pulled with this role. @default false */
  readonly guardDutyAgent?: boolean;
}

/**
 * Two roles per service. The execution role is what ECS itself uses to start the task:
 * pull this repository's images, write this log group, read these secrets. The task role
 * is what the application code gets: empty unless config grants something.
 */
export class TaskRoles extends Construct {
  readonly executionRole: IamRole;
  readonly taskRole: IamRole;

  constructor(scope: Construct, id: string, props: TaskRolesProps) {
    super(scope, id);
    const trust = jsonDocument(this, serviceTrust(props.partition.principal('ecs-tasks'), props.accountId));

    this.executionRole = new IamRole(this, 'execution', { name: props.executionRoleName, assumeRolePolicy: trust });
    new IamRolePolicy(this, 'execution-policy', {
      role: this.executionRole.id,
      name: 'start-task',
      policy: jsonDocument(this, policyDocument(executionStatements(props))),
    });

    this.taskRole = new IamRole(this, 'task', { name: props.taskRoleName, assumeRolePolicy: trust });
    if (props.taskStatements && props.taskStatements.length > 0) {
      new IamRolePolicy(this, 'task-policy', { role: this.taskRole.id, name: 'application', policy: jsonDocument(this, policyDocument(props.taskStatements)) });
    }
  }
}

/** The execution role's statements: every resource concrete except the one action AWS only grants on "*". */
export function executionStatements(props: Pick<TaskRolesProps, 'partition' | 'repositoryArn' | 'logGroupArn' | 'secretArns' | 'kmsKeyArn' | 'guardDutyAgent'>): Statement[] {
  const statements: Statement[] = [
    // GetAuthorizationToken is account-wide by design: it has no resource-level permissions.
    { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    { Sid: 'EcrPull', Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: props.repositoryArn },
    { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${props.logGroupArn}:*` },
  ];
  if (props.guardDutyAgent) {
    // AWS hosts the agent image in a per-region GuardDuty account: the repository name is fixed, the account differs by region.
    statements.push({
      Sid: 'GuardDutyAgentPull',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: props.partition.regional('ecr', '*', 'repository/aws-guardduty-agent-fargate'),
    });
  }
  if (props.secretArns.length > 0) {
    statements.push(
      { Sid: 'Secrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [...props.secretArns] },
      { Sid: 'DecryptSecrets', Effect: 'Allow', Action: 'kms:Decrypt', Resource: props.kmsKeyArn },
    );
  }
  return statements;
}
