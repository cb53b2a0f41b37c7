// dashboard.html of a multi-day replay in headless Chromium (the shared launcher): quiet buckets drawn at zero, dates on the time axis, nothing about a fleet there was not.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { makeTempDir, removeDir } from '../__fixtures__/e2e-support';
import { launchHeadlessChromium } from '@fleetlog/testing';
import { replayAccessLog, type ReplaySummary } from '../replay/replay';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const START = Date.UTC(2015, 4, 17, 9, 0);

function line(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const t = `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:00 +0000`;
  return `198.51.100.7 - - [${t}] "GET / HTTP/1.1" 200 5 "-" "curl/8"`;
}

interface PageState {
  points: [number, number][];
  axisLabels: string[];
  scaleTable: boolean;
  alarmIds: string[];
}

describe('dashboard.html of a 3-day replay in headless Chromium', () => {
  let dir: string | undefined;
  let browser: Browser | undefined;
  let summary: ReplaySummary;
  let state: PageState;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = await makeTempDir('dashboard-replay');
    // 18 requests over 3 days, one every 4 hours: 18 buckets with data, long quiet gaps.
    const lines = Array.from({ length: 18 }, (_, i) => line(START + i * 4 * 3_600_000));
    await writeFile(join(dir, 'days.log'), `${lines.join('\n')}\n`);
    summary = await replayAccessLog({
      accessLogs: [join(dir, 'days.log')],
      outDir: join(dir, 'out'),
      shards: 1,
      logLevel: 'SILENT',
    });
    browser = await launchHeadlessChromium();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      offline: true,
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(pathToFileURL(summary.files.dashboard).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 10_000 });
    state = await page.evaluate((): PageState => {
      interface Instance {
        getOption(): { series?: { data?: [number, number, number][] }[] };
        getModel(): {
          getComponent(
            type: string,
            index: number,
          ): { axis: { getViewLabels(): { formattedLabel: string }[] } };
        };
      }
      interface Element {
        textContent: string | null;
        querySelectorAll(selector: string): Iterable<Element>;
      }
      const w = globalThis as unknown as {
        echarts: { getInstanceByDom(el: unknown): Instance };
        document: Element & { getElementById(id: string): Element | null };
      };
      const chart = w.echarts.getInstanceByDom(w.document.getElementById('requests'));
      const data = chart.getOption().series?.[0]?.data ?? [];
      return {
        points: data.map((p) => [p[0], p[1]] as [number, number]),
        axisLabels: chart
          .getModel()
          .getComponent('xAxis', 0)
          .axis.getViewLabels()
          .map((l) => l.formattedLabel),
        scaleTable: w.document.getElementById('scale') !== null,
        alarmIds: [...w.document.querySelectorAll('#alarms tbody tr')].map(
          (tr) => [...tr.querySelectorAll('td')][0]?.textContent ?? '',
        ),
      };
    });
  }, 120_000); // the first run may also extract the packaged browser

  afterAll(async () => {
    await browser?.close();
    await removeDir(dir);
  });

  it('draws the quiet buckets between requests at zero', () => {
    expect(pageErrors).toEqual([]);
    expect(summary.totals.buckets).toHaveLength(18);
    // The page closes the last bucket with one more point at its end: not a bucket of its own.
    const nonZero = state.points.slice(0, -1).filter(([, v]) => v > 0);
    expect(nonZero).toHaveLength(18);
    // The bucket right after each request's, and the one right before the next, are zeros.
    for (let i = 0; i < 17; i++) {
      const at = START + i * 4 * 3_600_000;
      expect(state.points).toContainEqual([at + 300_000, 0]);
      expect(state.points).toContainEqual([at + 4 * 3_600_000 - 300_000, 0]);
    }
  });

  it('puts dates on the time axis when the replay crosses midnight', () => {
    expect(state.axisLabels.length).toBeGreaterThan(2);
    const dated = state.axisLabels.filter((l) => /^(2015-)?05-(17|18|19|20)/.test(l));
    expect(dated.length).toBeGreaterThanOrEqual(2);
    // No bare time that could be any of three days.
    expect(state.axisLabels.filter((l) => /^\d\d:\d\d$/.test(l))).toEqual([]);
  });

  it('shows no scale-event table and no lifecycle alarm without a fleet', () => {
    expect(state.scaleTable).toBe(false);
    expect(state.alarmIds).toContain('UnknownSourceRequests');
    expect(state.alarmIds).not.toContain('LifecycleSyncFailures');
  });
});
