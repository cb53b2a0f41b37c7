import { PIPELINE_FUNCTIONS } from '@fleetlog/pipeline-config';
import { findFailureQueues } from './failure-queues';
import { QUEUE_URLS, resource, stackResources } from './__fixtures__/fake-stack';

const queue = (logicalId: string, url = `https://sqs/${logicalId}`) =>
  resource(logicalId, 'AWS::SQS::Queue', url);

describe('findFailureQueues', () => {
  it('finds one queue per pipeline function by its construct id, at any depth', () => {
    const { found, missing, ambiguous } = findFailureQueues({ resources: stackResources() });
    expect(missing).toEqual([]);
    expect(ambiguous).toEqual([]);
    expect(found.map((q) => [q.name, q.url])).toEqual([
      ['AggregatorFailures', QUEUE_URLS.AggregatorFailures],
      ['PublisherFailures', QUEUE_URLS.PublisherFailures],
      ['LifecycleEventsDlq', QUEUE_URLS.LifecycleEventsDlq],
      ['NotifierFailures', QUEUE_URLS.NotifierFailures],
    ]);
    expect(found[3].logicalId).toBe('NotificationsNotifierFailures5678ABCD');
  });

  it('ignores other queues, and names that only contain the id or lack the hash', () => {
    const fns = [PIPELINE_FUNCTIONS.aggregator];
    const resources = [
      queue('AggregatorFailuresReplay1A2B3C4D'), // the id inside a longer name
      queue('AggregatorFailures'), // no hash: not a CDK-built queue
      queue('AggregatorFailures1a2b3c4d'), // CDK's hash is upper-case
      resource('AggregatorFailures1A2B3C4D', 'AWS::SQS::QueuePolicy', 'policy'),
    ];
    expect(findFailureQueues({ resources }, fns)).toEqual({
      found: [],
      missing: ['AggregatorFailures'],
      ambiguous: [],
    });
    const two = [queue('AggregatorFailures1A2B3C4D'), queue('OtherAggregatorFailures0F0F0F0F')];
    expect(findFailureQueues({ resources: two }, fns).ambiguous).toEqual(['AggregatorFailures']);
  });

  it('skips a queue without a physical id (not created yet)', () => {
    const resources = [resource('AggregatorFailures1A2B3C4D', 'AWS::SQS::Queue', '')];
    expect(findFailureQueues({ resources }, [PIPELINE_FUNCTIONS.aggregator]).missing).toEqual([
      'AggregatorFailures',
    ]);
  });
});
