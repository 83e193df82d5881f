// Shared by the browser scripts: Debian's Chromium, headless, with nothing calling out to the internet.
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export async function signIn(page, userId) {
  await page.fill('[data-test="sign-in"] input', userId);
  await page.click('[data-test="sign-in"] button[type="submit"]');
  await page.waitForSelector('[data-test="sign-in"]', { state: 'hidden' });
}

export const text = async (page, hook) => (await page.textContent(`[data-test="${hook}"]`))?.trim() ?? '';

/** Waits until the element's text passes the test; returns that text. */
export async function waitForText(page, hook, test, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = await text(page, hook);
    if (test(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`[data-test="${hook}"] still showed "${last}" after ${timeout} ms`);
}

export async function shot(page, directory, name) {
  if (!directory) return;
  await mkdir(directory, { recursive: true });
  await page.screenshot({ path: `${directory}/${name}.png` });
}
