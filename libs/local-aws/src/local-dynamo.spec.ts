import {
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { startLocalDynamo, useLocalDynamo } from './local-dynamo';

const put = (dynamo: DynamoDBClient, TableName: string, pk: string, key = 'pk') =>
  dynamo.send(
    new PutItemCommand({
      TableName,
      Item: { [key]: { S: pk } },
      ConditionExpression: 'attribute_not_exists(#k)',
      ExpressionAttributeNames: { '#k': key },
    }),
  );

describe('startLocalDynamo', () => {
  it('serves the tables asked for, ACTIVE and on demand, with conditional writes, until stopped', async () => {
    const local = await startLocalDynamo({ ledger: 'pk', other: 'id' });
    try {
      expect(local.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { Table } = await local.dynamo.send(new DescribeTableCommand({ TableName: 'ledger' }));
      expect(Table).toMatchObject({
        TableStatus: 'ACTIVE',
        BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      });
      await put(local.dynamo, 'ledger', 'a');
      await expect(put(local.dynamo, 'ledger', 'a')).rejects.toMatchObject({
        name: 'ConditionalCheckFailedException',
      });
      await put(local.dynamo, 'other', 'a', 'id');
      await local.createTable('later');
      await put(local.dynamo, 'later', 'a');
    } finally {
      await local.stop();
    }
    await expect(
      local.dynamo.send(new GetItemCommand({ TableName: 'ledger', Key: { pk: { S: 'a' } } })),
    ).rejects.toThrow();
  });
});

describe('useLocalDynamo', () => {
  const local = useLocalDynamo({ hooked: 'pk' });

  it('serves its tables to the tests', async () => {
    await put(local.dynamo, 'hooked', 'k');
    const { Item } = await local.dynamo.send(
      new GetItemCommand({ TableName: 'hooked', Key: { pk: { S: 'k' } }, ConsistentRead: true }),
    );
    expect(Item).toEqual({ pk: { S: 'k' } });
  });
});
