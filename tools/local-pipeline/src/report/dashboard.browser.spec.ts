// dashboard.html of a real demo run, opened in headless Chromium (FLEETLOG_CHROMIUM, else the
// browser packaged in @sparticuz/chromium) through playwright-core. The screenshot lands in
// tmp/local-pipeline/.
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { UNKNOWN_APPLICATION } from '@fleetlog/pipeline-config';
import { runDemo, type DemoSummary } from '../demo/demo';
import { makeTempDir, removeDir, smallScenario } from '../__fixtures__/e2e-support';
import { launchHeadlessChromium } from '@fleetlog/testing';

const SCREENSHOT_DIR = resolve(__dirname, '../../../../tmp/local-pipeline');

/** What the page's ECharts instances hold, read in the browser. */
interface ChartState {
  rendered: string | null;
  echartsVersion: string | null;
  requestSeries: {
    name: string;
    type: string;
    stack: string | null;
    area: boolean;
    points: number;
  }[];
  markAreas: number;
  markLines: string[];
  yAxisMax: number | null;
  unknownHosts: string[];
  alarmRows: string[][];
  scaleRows: number;
  canvases: number;
}

describe('dashboard.html in headless Chromium', () => {
  let dir: string | undefined;
  let summary: DemoSummary;
  let browser: Browser | undefined;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];
  let state: ChartState;

  beforeAll(async () => {
    // No browser is a failure that says why (this test must not be skipped); checked first.
    browser = await launchHeadlessChromium();
    dir = await makeTempDir('dashboard');
    summary = await runDemo({ scenario: smallScenario(11), outDir: dir, logLevel: 'SILENT' });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      offline: true,
    });
    page = await context.newPage();
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(pathToFileURL(summary.files.dashboard).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
    state = await page.evaluate((): ChartState => {
      interface Option {
        series?: {
          name?: string;
          type?: string;
          stack?: string;
          areaStyle?: unknown;
          data?: unknown[];
          markArea?: { data?: unknown[] };
          markLine?: { data?: { name?: string }[] };
        }[];
        yAxis?: unknown[];
      }
      interface Instance {
        getOption(): Option;
        getModel(): {
          getComponent(type: string, index: number): { axis: { scale: { getExtent(): number[] } } };
        };
      }
      // The DOM as far as this check uses it (the project compiles without the DOM library).
      interface Element {
        textContent: string | null;
        getAttribute(name: string): string | null;
        querySelectorAll(selector: string): Iterable<Element> & { length: number };
      }
      const w = globalThis as unknown as {
        echarts?: { version: string; getInstanceByDom(el: Element): Instance | undefined };
        document: Element & { body: Element; getElementById(id: string): Element | null };
      };
      const document = w.document;
      const requestsEl = document.getElementById('requests');
      const unknownEl = document.getElementById('unknown');
      const chart = w.echarts && requestsEl ? w.echarts.getInstanceByDom(requestsEl) : undefined;
      const bars = w.echarts && unknownEl ? w.echarts.getInstanceByDom(unknownEl) : undefined;
      const option = chart?.getOption();
      const series = option?.series ?? [];
      const barOption = bars?.getOption() as { yAxis?: { data?: string[] }[] } | undefined;
      const rows = (selector: string): string[][] =>
        [...document.querySelectorAll(`${selector} tbody tr`)].map((tr) =>
          [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
        );
      return {
        rendered: document.body.getAttribute('data-rendered'),
        echartsVersion: w.echarts?.version ?? null,
        requestSeries: series.map((s) => ({
          name: s.name ?? '',
          type: s.type ?? '',
          stack: s.stack ?? null,
          area: s.areaStyle !== undefined && s.areaStyle !== null,
          points: s.data?.length ?? 0,
        })),
        markAreas: series.reduce((n, s) => n + (s.markArea?.data?.length ?? 0), 0),
        markLines: series.flatMap((s) => (s.markLine?.data ?? []).map((d) => d.name ?? '')),
        yAxisMax: chart
          ? chart.getModel().getComponent('yAxis', 0).axis.scale.getExtent()[1]
          : null,
        unknownHosts: barOption?.yAxis?.[0]?.data ?? [],
        alarmRows: rows('#alarms'),
        scaleRows: document.querySelectorAll('#scale tbody tr').length,
        canvases: document.querySelectorAll('#requests canvas, #unknown canvas').length,
      };
    });
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard.png'), fullPage: true });
  }, 120_000); // the first run also extracts the packaged browser: seconds, more on a busy machine

  afterAll(async () => {
    await browser?.close();
    await removeDir(dir);
  });

  it('inlines the charting library: one self-contained file, no network request, no script error', async () => {
    const html = await readFile(summary.files.dashboard, 'utf8');
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*\shref=/i);
    expect(requests).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(state.echartsVersion).toMatch(/^\d+\.\d+/);
    expect(state.rendered).toBe('true');
    expect(state.canvases).toBeGreaterThanOrEqual(2);
  });

  it('draws one stacked area series per application, a point per 5 minutes of one-minute buckets', () => {
    const apps = summary.totals.applications;
    expect(apps).toContain(UNKNOWN_APPLICATION);
    expect(apps).toEqual(
      expect.arrayContaining(['checkout', 'search', 'reports', 'billing-batch']),
    );
    expect(state.requestSeries.map((s) => s.name)).toEqual(apps);
    // The page sums the one-minute buckets into 5-minute periods, as the alarms read them.
    const periodMs = 5 * 60_000;
    const periodOf = (iso: string) => Math.floor(Date.parse(iso) / periodMs) * periodMs;
    const periods = new Set(summary.totals.buckets.map(periodOf));
    for (const s of state.requestSeries) {
      // A point per period and one closing the last period: each is a step 5 minutes wide.
      expect(s).toEqual({
        name: s.name,
        type: 'line',
        stack: 'requests',
        area: true,
        points: periods.size + 1,
      });
    }
    expect(summary.totals.buckets).toHaveLength(60);
    expect(periods.size).toBe(12);
    // The stack's top reaches the flood period's total.
    const floodTotal = summary.totals.rows
      .filter((r) => periodOf(r.windowStart) === Date.parse(summary.floodBucket))
      .reduce((n, r) => n + r.requestCount, 0);
    expect(state.yAxisMax).toBeGreaterThanOrEqual(floodTotal);
  });

  it('marks the alarm period, the scale events and names the heaviest unknown sources', () => {
    // Two bands per alarm episode, UNKNOWN's and the application's: the detection delay from the
    // flood's start, then ALARM to OK.
    const fired = summary.episodes.filter((e) => e.alarmAt !== null);
    expect(fired.map((e) => e.alarm).sort()).toEqual(['ApplicationFlood', 'UnknownSourceRequests']);
    expect(state.markAreas).toBe(2 * fired.length);
    const planned = summary.scaleEvents.filter(
      (e) => e.atMs > Date.parse(summary.totals.buckets[0]),
    );
    expect(state.scaleRows).toBe(planned.length);
    // One line per moment; simultaneous launches share it, each labelled.
    expect(state.markLines).toHaveLength(new Set(planned.map((e) => e.atMs)).size);
    for (const e of planned)
      expect(state.markLines.some((label) => label.includes(e.host))).toBe(true);
    // Heaviest at the top of the bar chart (ECharts draws category axes bottom-up).
    expect(state.unknownHosts.at(-1)).toBe('192.0.2.66');
    // The alarm table dates the state change and shows the delay.
    const unknown = fired.find((e) => e.alarm === 'UnknownSourceRequests');
    const alarm = state.alarmRows.find((r) => r[0] === 'UnknownSourceRequests');
    expect(alarm?.[1]).toBe('FIRED');
    // From the alarm to the lines: the latest ALARM notification's fleetlog query command.
    const notified = summary.notifications.filter(
      (n) => n.alarm === 'UnknownSourceRequests' && n.state === 'ALARM',
    );
    expect(alarm?.[4]).toMatch(/^npx fleetlog query unknown-hosts --from \S+ --to \S+$/);
    expect(alarm?.[4]).toBe(notified.at(-1)?.drillDown);
    expect(alarm?.[3]).toMatch(
      new RegExp(
        `^1×: ${unknown?.alarmAt?.slice(0, 10)} ${unknown?.alarmAt?.slice(11, 19)} \\(\\+\\dm\\d\\ds\\)$`,
      ),
    );
  });
});
