// The objects the notifier reads in its tests: the reference map and a recent-top-hosts object.
import type { RecentTopHosts } from '@fleetlog/pipeline-config';

export const BUCKET = 'fleetlog-notifier-test';
export const TOPIC = 'arn:aws:sns:us-east-1:123456789012:fleetlog-alarms';
export const MAP = [
  'Host,ApplicationName,Contact',
  '10.0.1.7,checkout,team-checkout@example.com',
  '10.0.1.8,checkout,team-checkout@example.com',
  '10.0.2.9,search,search-oncall@example.com',
  '10.0.3.3,reports,',
].join('\n');
export const RECENT: RecentTopHosts = {
  schemaVersion: 1,
  updatedAt: '2025-12-01T13:41:00.000Z',
  windows: [
    {
      windowStart: '2025-12-01T13:40:00.000Z',
      applications: [
        {
          applicationName: 'checkout',
          contact: 'team-checkout@example.com',
          requestCount: 300,
          topHosts: [{ host: '10.0.1.8', requestCount: 300 }],
        },
      ],
    },
    // 13:40 is after the 5 minutes from 13:35 that the flood events name: never counted in them.
    {
      windowStart: '2025-12-01T13:37:00.000Z',
      applications: [
        {
          applicationName: 'checkout',
          contact: 'team-checkout@example.com',
          requestCount: 6000,
          topHosts: [
            { host: '10.0.1.7', requestCount: 5800 },
            { host: '10.0.1.8', requestCount: 200 },
          ],
        },
      ],
    },
    {
      windowStart: '2025-12-01T13:35:00.000Z',
      applications: [
        {
          applicationName: 'checkout',
          contact: 'team-checkout@example.com',
          requestCount: 6345,
          topHosts: [
            { host: '10.0.1.8', requestCount: 145 },
            { host: '10.0.1.7', requestCount: 6200 },
          ],
        },
        {
          applicationName: 'search',
          contact: 'search-oncall@example.com',
          requestCount: 11000,
          topHosts: [{ host: '10.0.2.9', requestCount: 11000 }],
        },
        {
          applicationName: 'newapp',
          contact: 'new@example.com',
          requestCount: 15000,
          topHosts: [{ host: '10.9.9.9', requestCount: 15000 }],
        },
        {
          applicationName: 'UNKNOWN',
          contact: null,
          requestCount: 912,
          topHosts: [
            { host: '192.0.2.66', requestCount: 900 },
            { host: '203.0.113.10', requestCount: 12 },
          ],
        },
      ],
    },
  ],
};
