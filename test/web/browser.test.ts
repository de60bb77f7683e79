// The web app in real Chromium (Debian's /usr/bin/chromium driven by playwright-core; no
// browser download) against a real `alex serve` on an ephemeral loopback port with a fresh
// embedded database. Screenshots go to /tmp/web-shots/ for a person to look at.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startAppServer, type AppServer } from './app-server.ts';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = '/tmp/web-shots';
const hasChromium = existsSync(CHROMIUM);
// In CI the browser suite must run: .ci/run installs Chromium, so a missing one is a failure.
if (process.env['CI'] === 'true' && !hasChromium) {
  throw new Error(`CI=true but ${CHROMIUM} is missing: the browser tests would be skipped`);
}
const TEST_TIMEOUT_MS = 180_000;
// Bounds for waiting on the page under a loaded machine, not targets.
const POLL = { timeout: 60_000, interval: 200 };

let server: AppServer;
let browser: Browser;

interface OpenPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  problems: string[];
}

async function openPage(width = 1280, height = 900): Promise<OpenPage> {
  // bypassCSP lets the test inject axe-core; the policy itself is tested in web-assets.test.ts.
  const page = await browser.newPage({ viewport: { width, height }, bypassCSP: true });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return { page, problems };
}

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * A screenshot of the screen for a person to look at, and axe-core's accessibility rules run on
 * it: any serious or critical violation fails the test, named with the elements it found.
 */
async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(): Promise<{
            violations: Array<{
              id: string;
              impact?: string | null;
              nodes: Array<{ target: unknown }>;
            }>;
          }>;
        };
      }
    ).axe;
    const result = await axe.run();
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${violation.id}: ${JSON.stringify(violation.nodes.slice(0, 3).map((node) => node.target))}`,
      );
  });
  expect(violations, `axe on ${name}`).toEqual([]);
}

const jobSchema = z
  .object({
    status: z.string(),
    charts_payload: z.record(
      z.string(),
      z.object({
        title: z.string(),
        data: z.array(z.object({ name: z.string(), value: z.number() })),
      }),
    ),
    retirement_payload: z.object({ results: z.object({ success_probability: z.number() }) }),
  })
  .loose();

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

describe.skipIf(!hasChromium)('web app in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startAppServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Root in a container has no user namespace sandbox.
      args: ['--no-sandbox'],
    });
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it(
    'a new user loads the demo portfolio, runs an analysis and sees the report, the charts and the fan chart',
    async () => {
      // `alex serve` seeds the demo portfolio into an empty database; start this user from none.
      const reset = await fetch(`${server.apiUrl}/api/reset-accounts`, { method: 'DELETE' });
      expect(reset.status).toBe(200);
      const { page, problems } = await openPage();
      await page.goto(server.url);
      await page.getByRole('button', { name: 'Load the demo portfolio' }).click();
      await expect.poll(() => page.getByTestId('total-value').textContent(), POLL).toMatch(/^\$\d/);
      await page.locator('figure svg').first().waitFor();
      await shot(page, 'e2e-dashboard');

      await page.getByRole('navigation').getByRole('link', { name: 'Analysis' }).click();
      await page.getByRole('button', { name: 'Start an analysis' }).click();
      await page.waitForURL(/\/analysis\/[0-9a-f-]{36}$/);
      const jobId = page.url().split('/').at(-1) ?? '';
      await page.getByRole('tab', { name: 'Report' }).waitFor({ timeout: 120_000 });
      await shot(page, 'e2e-analysis-report');

      const job = jobSchema.parse(await (await fetch(`${server.apiUrl}/api/jobs/${jobId}`)).json());
      expect(job.status).toBe('completed');
      expect(await page.getByRole('heading', { name: 'Executive Summary' }).count()).toBe(1);
      expect(await page.getByTestId('fact-check').textContent()).toMatch(/Fact check/);

      await page.getByRole('tab', { name: 'Charts' }).click();
      const charts = page.locator('figure[data-chart-key]');
      await charts.first().locator('svg').first().waitFor();
      const keys = Object.keys(job.charts_payload);
      expect(keys.length).toBeGreaterThanOrEqual(4);
      expect(keys.length).toBeLessThanOrEqual(6);
      expect(await charts.count()).toBe(keys.length);
      for (const key of keys) {
        const figure = page.locator(`figure[data-chart-key="${key}"]`);
        expect(await figure.locator('svg.recharts-surface').count(), key).toBeGreaterThan(0);
        await figure.getByRole('button', { name: /Show the values/ }).click();
        const cells = await figure.locator('tbody tr td:nth-child(2)').allTextContents();
        const expected = job.charts_payload[key]?.data.map((point) => usd.format(point.value));
        expect(cells, key).toEqual(expected);
      }
      await shot(page, 'e2e-analysis-charts');

      await page.getByRole('tab', { name: 'Retirement plan' }).click();
      await page.locator('.fan-chart svg.recharts-surface').waitFor();
      expect(await page.locator('.fan-chart .recharts-area').count()).toBeGreaterThan(0);
      const success = job.retirement_payload.results.success_probability.toFixed(1);
      expect(await page.getByTestId('success-probability').textContent()).toContain(`${success}%`);
      await shot(page, 'e2e-analysis-retirement');
      expect(problems).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'creates, edits and deletes an account and a position, with a server error shown at its field',
    async () => {
      const { page, problems } = await openPage();
      await page.goto(`${server.url}/accounts`);
      const form = page.getByRole('form', { name: 'Add an account' });
      await form.getByLabel('Account name').fill('Browser test IRA');
      await form.getByLabel('Cash balance (USD)').fill('1000.005');
      await form.getByRole('button', { name: 'Add account' }).click();
      // The API refuses fractions of a cent; its rule shows under the cash field, nowhere else.
      const cashInput = form.getByLabel('Cash balance (USD)');
      await expect.poll(() => cashInput.getAttribute('aria-invalid'), POLL).toBe('true');
      const cashErrorId = (await cashInput.getAttribute('aria-describedby')) ?? '';
      expect(await page.locator(`[id="${cashErrorId}"]`).textContent()).toMatch(/cent/);
      expect(await form.getByLabel('Account name').getAttribute('aria-invalid')).toBeNull();

      await cashInput.fill('1000');
      await form.getByRole('button', { name: 'Add account' }).click();
      const account = page.locator('article[data-account="Browser test IRA"]');
      await account.waitFor();

      const addPosition = account.getByRole('form', { name: 'Add a position' });
      await addPosition.getByLabel('Symbol').fill('VTI');
      await addPosition.getByLabel('Quantity').fill('-5');
      await addPosition.getByRole('button', { name: 'Add position' }).click();
      const quantityInput = addPosition.getByLabel('Quantity');
      await expect.poll(() => quantityInput.getAttribute('aria-invalid'), POLL).toBe('true');
      const quantityErrorId = (await quantityInput.getAttribute('aria-describedby')) ?? '';
      expect(await page.locator(`[id="${quantityErrorId}"]`).textContent()).toMatch(/\S/);
      await shot(page, 'e2e-accounts-field-error');

      await quantityInput.fill('10');
      await addPosition.getByRole('button', { name: 'Add position' }).click();
      const row = account.locator('tr[data-symbol="VTI"]');
      await row.waitFor();
      expect(await row.getByRole('button', { name: /edit quantity/ }).textContent()).toBe('10');

      // A refused edit rolls back: the quantity shown is the stored one, with the rule beside it.
      await row.getByRole('button', { name: /edit quantity/ }).click();
      await row.getByLabel('Quantity of VTI').fill('-1');
      await row.getByRole('button', { name: 'Save' }).click();
      await row.locator('.field-error').waitFor();
      await row.getByRole('button', { name: 'Cancel' }).click();
      await expect
        .poll(() => row.getByRole('button', { name: /edit quantity/ }).textContent(), POLL)
        .toBe('10');

      await row.getByRole('button', { name: /edit quantity/ }).click();
      await row.getByLabel('Quantity of VTI').fill('12');
      await row.getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(() => row.getByRole('button', { name: /edit quantity/ }).textContent(), POLL)
        .toBe('12');

      await account.getByRole('button', { name: 'Edit', exact: true }).click();
      await account.getByRole('form').first().getByLabel('Account name').fill('Browser test Roth');
      await account.getByRole('button', { name: 'Save' }).click();
      const renamed = page.locator('article[data-account="Browser test Roth"]');
      await renamed.waitFor();
      await shot(page, 'e2e-accounts');

      await renamed.getByRole('button', { name: 'Remove VTI' }).click();
      await renamed.locator('tr[data-symbol="VTI"]').waitFor({ state: 'detached' });
      await renamed.getByRole('button', { name: 'Delete', exact: true }).click();
      await renamed.getByRole('button', { name: /Delete Browser test Roth/ }).click();
      await renamed.waitFor({ state: 'detached' });
      const accounts = z
        .array(z.object({ account_name: z.string() }).loose())
        .parse(await (await fetch(`${server.apiUrl}/api/accounts`)).json());
      expect(accounts.map((entry) => entry.account_name)).not.toContain('Browser test Roth');
      // The refused requests are logged by Chromium as failed loads; nothing else may be.
      expect(problems.filter((text) => !/status of 400/.test(text))).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'moving the spending slider re-runs the simulation and changes the success figure',
    async () => {
      const { page, problems } = await openPage();
      await page.goto(`${server.url}/what-if`);
      const figure = page.getByTestId('success-probability');
      await figure.waitFor();
      const before = await figure.textContent();
      const slider = page.getByRole('slider', { name: /Spending in retirement/ });
      await slider.focus();
      await page.keyboard.press('End');
      await expect.poll(() => figure.textContent(), POLL).not.toBe(before);
      expect(await page.locator('.fan-chart svg.recharts-surface').count()).toBe(1);
      await shot(page, 'e2e-what-if');
      expect(problems).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'settings: targets that do not add up to 100 are refused at the targets, then saved',
    async () => {
      const { page, problems } = await openPage();
      await page.goto(`${server.url}/settings`);
      const form = page.getByRole('form', { name: 'Your profile' });
      await form.getByLabel('Equity').fill('90');
      await form.getByLabel('Fixed income').fill('30');
      await form.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => form.locator('#targets-error').textContent(), POLL).toMatch(/100/);
      await shot(page, 'e2e-settings-error');
      await form.getByLabel('Fixed income').fill('10');
      await form.getByLabel('Real estate').fill('');
      await form.getByRole('button', { name: 'Save' }).click();
      await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      const user = z
        .object({
          user: z.object({ asset_class_targets: z.record(z.string(), z.number()) }).loose(),
        })
        .parse(await (await fetch(`${server.apiUrl}/api/user`)).json());
      expect(user.user.asset_class_targets['equity']).toBe(90);
      expect(user.user.asset_class_targets['fixed_income']).toBe(10);
      expect(user.user.asset_class_targets['real_estate'] ?? 0).toBe(0);
      expect(problems.filter((text) => !/status of 400/.test(text))).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'at 390 px wide no screen scrolls sideways',
    async () => {
      const { page, problems } = await openPage(390, 844);
      for (const [path, name] of [
        ['/', 'dashboard'],
        ['/accounts', 'accounts'],
        ['/analysis', 'analysis'],
        ['/what-if', 'what-if'],
        ['/history', 'history'],
        ['/settings', 'settings'],
      ] as const) {
        await page.goto(`${server.url}${path}`);
        // The analysis screen also renders the report's own title as a heading: wait for the first.
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        await shot(page, `e2e-390-${name}`);
        expect(overflow, `${path} scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
      }
      expect(problems).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT_MS,
  );
});

describe.skipIf(hasChromium)(`web app in Chromium: skipped, ${CHROMIUM} not found`, () => {
  it(`needs Debian's chromium at ${CHROMIUM} (apt-get install -y chromium)`, () => {
    expect(existsSync(CHROMIUM)).toBe(false);
  });
});
