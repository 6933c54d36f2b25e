import { Construct } from 'constructs';
import { CustomerKey, logsGrant } from './kms-key';
import { AccountContext } from './account';
import { names } from '../../model/names';
import { Partition } from '../../model/partition';
import { cloudWatchAlarmsKeyStatement } from '../../model/key-policy';
import { Statement } from '../../model/policy';
import { environmentAlarmArns } from '../../model/notifications';

export interface EnvironmentKeyProps {
  readonly project: string;
  readonly environment: string;
  /** The region's partition (and region). */
  readonly partition: Partition;
  readonly account: AccountContext;
  /** Durable key administrators; empty: the account (see CustomerKeyProps). */
  readonly administrators: readonly string[];
  /** Roles that may read the key's settings (the CI plan role). @default [] */
  readonly readerArns?: readonly string[];
  /** Task roles may decrypt ECS Exec sessions. @default false */
  readonly exec?: boolean;
  /** Roles that may open ECS Exec sessions (the personas that deploy here). @default [] */
  readonly execUserArns?: readonly string[];
}

/**
 * The environment's CMK: its log groups (CloudWatch Logs, limited to the environment's
 * log-group prefix), its secrets (through Secrets Manager only), its alarm topic (CloudWatch
 * alarms of this environment only) and, where ECS Exec is on, exec sessions. DocumentDB storage uses a grant that the deploying administrator's
 * CreateGrant (an administrator action) lets DocumentDB create.
 */
export class EnvironmentKey extends CustomerKey {
  constructor(scope: Construct, id: string, props: EnvironmentKeyProps) {
    const { project, environment: env, partition: aws, account } = props;
    const accountId = account.accountId;
    super(scope, id, {
      alias: names.kmsAlias(project, env),
      description: `${project} ${env}: log groups, secrets, exec sessions`,
      partition: aws,
      account,
      administrators: props.administrators,
      readerArns: props.readerArns,
      services: [
        logsGrant(aws, accountId, [
          `/${project}/${env}/*`,
          // DocumentDB exports to a log group whose name AWS fixes.
          `/aws/docdb/${names.database(project, env)}/*`,
        ]),
      ],
      viaServices: [
        { sid: 'SecretsViaSecretsManager', viaService: aws.viaService('secretsmanager'), actions: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'] },
      ],
      extraStatements: [
        // The alarm topic is encrypted with this key: CloudWatch publishes with its own permissions.
        cloudWatchAlarmsKeyStatement(aws, accountId, environmentAlarmArns(aws, accountId, project, env)),
        ...(props.exec
          ? [
              {
                Sid: 'EcsExecSessions',
                Effect: 'Allow',
                Principal: { AWS: aws.accountRoot(accountId) },
                Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
                Resource: '*',
                Condition: { ArnLike: { 'aws:PrincipalArn': [aws.role(accountId, `${project}-${env}-*-task`), ...(props.execUserArns ?? [])] } },
              } satisfies Statement,
            ]
          : []),
      ],
    });
  }
}
