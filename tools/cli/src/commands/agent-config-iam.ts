import { SHIPPER_KEY_ACTIONS, STACK_OUTPUTS, type Shipper } from '@fleetlog/pipeline-config';

/**
 * What each shipper calls with its own credentials, and where that is documented. The stack's
 * managed policy (output `ShipperPolicyArn`) allows `SHIPPER_STREAM_ACTIONS` on the input stream
 * and `SHIPPER_KEY_ACTIONS` on its key through Kinesis (libs/pipeline-config), nothing else; both
 * shippers need no more than that.
 */
export const SHIPPER_CALLS: Readonly<
  Record<Shipper, { readonly name: string; readonly calls: string; readonly assumeRole: string }>
> = {
  'kinesis-agent': {
    name: 'the Kinesis Agent',
    // awslabs/amazon-kinesis-agent: KinesisSender sends every buffer with PutRecords and nothing
    // else (no DescribeStream); the rendered agent.json sets cloudwatch.emitMetrics false.
    calls:
      'kinesis:PutRecords on the input stream and nothing else (no DescribeStream; its own ' +
      'CloudWatch metrics are off in this configuration, so no cloudwatch:PutMetricData)',
    // Kinesis Agent configuration settings: assumeRoleARN / assumeRoleExternalId.
    assumeRole: '"assumeRoleARN" in agent.json',
  },
  'fluent-bit': {
    name: 'Fluent Bit',
    // Fluent Bit manual, Amazon Kinesis Data Streams output: records go up through PutRecords.
    calls: 'kinesis:PutRecords on the input stream (its kinesis_streams output) and nothing else',
    // Same page: role_arn, "ARN of an IAM role to assume (for cross account access)".
    assumeRole: '"role_arn" in the [OUTPUT] section',
  },
};

/** Width the paragraphs of the notes are wrapped to (commands are not wrapped). */
const WIDTH = 100;

/** `text` wrapped at spaces to WIDTH, each line indented by `indent`. */
function paragraph(text: string, indent = '  '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

export interface IamNotesOptions {
  readonly shipper: Shipper;
  readonly stream: string;
  readonly region: string;
  /**
   * The CloudFormation stack whose `ShipperPolicyArn` output the commands read.
   * @default a placeholder, `<stack name>`
   */
  readonly stack?: string;
}

/**
 * The IAM set-up a shipper needs beside its configuration (ARCHITECTURE.md section 6d): what it
 * calls, the `ShipperPolicyArn` output to attach in the stack's account, and `producerAccounts`
 * (or a role to assume) for fleets in another account. Plain text, for standard error.
 */
export function iamNotes(options: IamNotesOptions): string {
  const shipper = SHIPPER_CALLS[options.shipper];
  const output = STACK_OUTPUTS.shipperPolicyArn;
  const stack = options.stack ?? '<stack name>';
  const quotedStack = /^[A-Za-z0-9-]+$/.test(stack) ? stack : `'${stack}'`;
  return [
    `IAM set-up for ${shipper.name} (on standard error; the configuration alone is on standard output)`,
    ...paragraph(
      `It calls ${shipper.calls}, and Kinesis calls ${SHIPPER_KEY_ACTIONS.join(', ')} on the ` +
        'stream\'s customer key with its credentials ("Your Kinesis stream producers must have the ' +
        'kms:GenerateDataKey permission", Kinesis Data Streams developer guide).',
    ),
    ...paragraph(
      `Same account: attach the stack's managed policy, output ${output} (those two permissions ` +
        `on stream ${options.stream} and its key, nothing else), to your web servers' instance role:`,
    ),
    `    POLICY=$(aws cloudformation describe-stacks --region ${options.region} --stack-name ${quotedStack} --query "Stacks[0].Outputs[?OutputKey=='${output}'].OutputValue" --output text)`,
    `    aws iam attach-role-policy --role-name <your instances' role> --policy-arn "$POLICY"`,
    ...paragraph(
      'Another account: deploy the stack with -c producerAccounts=<12-digit account id>,... and ' +
        "give the shippers' role there the same two permissions on the stream's ARN and key; the " +
        `shipper must then name the stream by its ARN, which ${shipper.name} does not (it sends ` +
        "the name). Or create, in the stack's account, a role with the " +
        `${output} policy that the other account may assume, and set it as ${shipper.assumeRole}.`,
    ),
    '  Details: infra/README.md, "Shipping logs from your own fleet".',
    '',
  ].join('\n');
}
