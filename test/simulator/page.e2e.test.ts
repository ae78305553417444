import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { ALICE } from '../support/identity';
import { LocalStack, startLocalStack } from './localStack';

/**
 * The simulator page in real Chromium (Debian's package; scripts/install-chromium.sh), against the
 * real identity service and the real skill server: the story a skill developer clicks through.
 * Without Chromium every test here fails, naming the command that installs it: a browser test that
 * skips itself would pass in CI while proving nothing.
 */
const SCREENSHOTS = join(tmpdir(), 'profile-keeper-screenshots');
const TOKEN_TTL_SECONDS = 4;
const CHROMIUM = '/usr/bin/chromium';

let stack: LocalStack;
let browser: BrowserContext;
let page: Page;
let profileDir: string;

async function say(text: string): Promise<void> {
  const before = await page.locator('#transcript > li').count();
  await page.fill('#utterance', text);
  await page.click('#say-form button[type=submit]');
  await page.locator('#transcript > li').nth(before).waitFor();
  await page.waitForFunction(() => !document.body.classList.contains('busy'));
}

const lastEntry = () => page.locator('#transcript > li').last();
const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed (${CHROMIUM}). Install it with: bash scripts/install-chromium.sh`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  stack = await startLocalStack({ accessTokenTtlSeconds: TOKEN_TTL_SECONDS });
  profileDir = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  // Without the background-networking flags Chromium keeps calling Google's hosts, which this closed network refuses.
  // A fresh profile (playwright takes it as launchPersistentContext's userDataDir, i.e. --user-data-dir).
  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

describe('the simulator page in Chromium', () => {
  it('links Alice through the sign-in page, welcomes her, keeps her token fresh, and asks to link again after unlinking', async () => {
    await page.goto(stack.simulator.url);
    await expect(page.locator('#link-state').textContent()).resolves.toBe('Not linked');

    // Link account: the browser goes to the identity service's sign-in page, as the Alexa app does.
    await page.click('#link-button');
    await page.waitForURL((url) => url.origin === new URL(stack.identity.url).origin);
    await page.locator('input[type=password]').waitFor();
    await page.fill('input[name=username]', ALICE.username);
    await page.fill('input[type=password]', ALICE.password);
    await shot('01-sign-in-page');
    await page.locator('input[type=password]').press('Enter');

    // Back at /callback -> the page: linked, and the skill was told with SkillAccountLinked.
    await page.waitForURL(`${stack.simulator.url}/`);
    await page.waitForFunction(() => document.getElementById('link-state')?.textContent === 'Linked');
    await expect(page.locator('#link-user').textContent()).resolves.toContain(ALICE.username);
    await expect(lastEntry().textContent()).resolves.toContain('AlexaSkillEvent.SkillAccountLinked');
    await shot('02-linked');
    // What the page can read never includes the client secret or a token (the envelopes are redacted).
    const pageData = await page.evaluate(() => fetch('/api/state').then((response) => response.text()));
    expect(pageData).not.toContain(stack.identity.clientSecret);
    expect(pageData).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);

    await say('open profile keeper');
    await expect(lastEntry().locator('.speech').textContent()).resolves.toContain('Welcome back, Alice');

    await say('what is my email address');
    await expect(lastEntry().locator('.speech').textContent()).resolves.toContain(ALICE.email);
    await expect(lastEntry().locator('.card').textContent()).resolves.toContain(ALICE.email);
    await expect(page.locator('#session-attributes').textContent()).resolves.toContain('"auth": "linked"');
    await shot('03-email-with-card');

    // The full profile card shows one fact per line, as the Alexa app does, and as text only.
    await say('tell me everything');
    const content = lastEntry().locator('.card-content');
    const lines = [`Name: ${ALICE.name}`, `Username: ${ALICE.username}`, `Email: ${ALICE.email}`];
    await expect(content.innerText()).resolves.toBe(lines.join('\n'));
    const lineHeight = await content.evaluate((node) => parseFloat(getComputedStyle(node).fontSize) * 1.1);
    expect((await content.boundingBox())?.height).toBeGreaterThan(2.5 * lineHeight);
    await expect(content.locator('*').count()).resolves.toBe(0);
    await shot('03b-profile-card-lines');

    // The short-lived token expires; the next request goes out with a refreshed one, unnoticed by Alice.
    const refreshesBefore = Number(await page.locator('#refresh-info').getAttribute('data-count'));
    await page.waitForSelector('#token-expiry[data-expired="true"]', { timeout: (TOKEN_TTL_SECONDS + 3) * 1000 });
    await say('what is my email address');
    await expect(lastEntry().locator('.speech').textContent()).resolves.toContain(ALICE.email);
    await expect(lastEntry().locator('.refreshed').textContent()).resolves.toBe('token refreshed');
    await expect(page.locator('#refresh-info').getAttribute('data-count')).resolves.toBe(String(refreshesBefore + 1));
    await expect(page.locator('#link-state').textContent()).resolves.toBe('Linked');
    await shot('04-token-refreshed');

    await page.click('#unlink-button');
    await page.waitForFunction(() => document.getElementById('link-state')?.textContent === 'Not linked');
    await say('what is my email address');
    const card = lastEntry().locator('.card');
    await expect(card.getAttribute('data-card-type')).resolves.toBe('LinkAccount');
    await expect(card.textContent()).resolves.toContain('Link your account');
    await expect(lastEntry().locator('.speech').textContent()).resolves.toMatch(/link your account/i);
    await shot('05-unlinked-link-account-card');

    // The skill's metrics, as CloudWatch would get them: every turn counted by its link state.
    const metric = (name: string) =>
      page.locator('#skill-metrics dt', { hasText: new RegExp(`^${name}$`) }).locator('+ dd');
    await expect(metric('NotLinked').textContent()).resolves.toBe('1');
    expect(Number(await metric('Linked').textContent())).toBeGreaterThanOrEqual(4);
    expect(Number(await metric('GetUserCalls').textContent())).toBeGreaterThanOrEqual(1);
    await expect(metric('GetUserLatency').textContent()).resolves.toMatch(/^[\d.]+ ms median, [\d.]+ ms max \(\d+\)$/);
  }, 60_000);

  it('refuses a sign-in redirect whose state it never sent, and stays unlinked', async () => {
    await page.goto(`${stack.simulator.url}/callback?code=stolen-code&state=forged-state`);
    await page.waitForURL(`${stack.simulator.url}/`);
    await page.locator('#link-error:not([hidden])').waitFor();
    await expect(page.locator('#link-error').textContent()).resolves.toContain('state');
    await expect(page.locator('#link-state').textContent()).resolves.toBe('Not linked');
  });

  it('marks a slot value the model does not know ER_SUCCESS_NO_MATCH, as Alexa does', async () => {
    await say('what is my shoe size');
    await expect(lastEntry().locator('.meta').textContent()).resolves.toContain(
      'infoTypeRequested: ER_SUCCESS_NO_MATCH',
    );
  });
});
