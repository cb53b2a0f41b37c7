// The per-application table of dashboard.html in headless Chromium (the packaged browser, or
// FLEETLOG_CHROMIUM): static HTML that reads without the page script, flood marked.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { applicationRows } from './application-table';
import { dashboardData, loadEchartsSource, renderDashboard } from './dashboard';
import { makeTempDir, removeDir } from '../__fixtures__/e2e-support';
import { launchHeadlessChromium } from '@fleetlog/testing';
import type { RunTotals } from './run-summary';

const W = '2026-01-01T10:05:00.000Z';

describe('dashboard application table in headless Chromium', () => {
  let dir: string | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = await makeTempDir('app-table');
    const row = (applicationName: string, requestCount: number, contact: string | null) => ({
      windowStart: W,
      applicationName,
      contact,
      requestCount,
      bytes: 0,
      http4xx: 0,
      http5xx: 0,
      topHosts: [],
    });
    const totals: RunTotals = {
      rows: [
        row('checkout', 3000, 'team-checkout@example.com'),
        row('<img src=x onerror=alert(1)>', 500, '=cmd'),
        row('UNKNOWN', 500, null),
      ],
      applications: ['checkout', '<img src=x onerror=alert(1)>', 'UNKNOWN'],
      buckets: [W],
      requests: 4000,
      malformedLines: 0,
      partials: 3,
      unknownTopHosts: [],
    };
    const notes = [
      {
        schemaVersion: 1 as const,
        alarm: 'ApplicationFlood' as const,
        state: 'ALARM' as const,
        applicationName: 'checkout',
        contact: 'team-checkout@example.com',
        windowStart: W,
        windowEnd: new Date(Date.parse(W) + 300_000).toISOString(),
        requestCount: 3000,
        threshold: 1500,
        alarmAt: W,
        sentAt: W,
        topHosts: [],
      },
    ];
    const data = dashboardData({
      title: 't',
      subtitle: 's',
      totals,
      alarms: [],
      episodes: [],
      scaleEvents: [],
      applications: applicationRows(totals, 1500, notes, 100),
    });
    const file = join(dir, 'dashboard.html');
    await writeFile(file, renderDashboard(data, await loadEchartsSource()));
    browser = await launchHeadlessChromium();
    const context = await browser.newContext({ offline: true });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => {
      pageErrors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 20_000 });
  }, 120_000); // the first run may also extract the packaged browser

  afterAll(async () => {
    await browser?.close();
    await removeDir(dir);
  });

  it('shows requests, share, contact and state per application, the flood marked', async () => {
    const rows = await page.$$eval('#applications tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    );
    expect(rows).toEqual([
      [
        'checkout',
        '3,000',
        '75.0%',
        'team-checkout@example.com',
        'ALARM flood fired 2026-01-01 10:05 UTC',
        '1,500',
      ],
      ['<img src=x onerror=alert(1)>', '500', '12.5%', '=cmd', 'OK', '1,500'],
      ['UNKNOWN', '500', '12.5%', 'none: block or map the hosts', 'OK', '100'],
    ]);
    const floodBackground = await page.$eval(
      'tr.flood td',
      (td) => td.ownerDocument.defaultView?.getComputedStyle(td).backgroundColor ?? '',
    );
    expect(floodBackground).toBe('rgb(253, 236, 238)');
    expect(await page.isVisible('tr.flood .badge')).toBe(true);
  });

  it('runs nothing from an application name', () => {
    expect(pageErrors).toEqual([]);
  });
});
