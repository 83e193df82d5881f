// The sale monitor page, signed in as an admin with the development issuer's admin key.
export async function openMonitor(browser, gateway, saleId, adminKey) {
  const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  await page.goto(`${gateway}/monitor/?sale=${saleId}`);
  await page.fill('[data-test="monitor-sign-in"] input[name="adminKey"]', adminKey);
  await page.click('[data-test="monitor-sign-in"] button[type="submit"]');
  await page.waitForSelector('[data-test="monitor-sign-in"]', { state: 'hidden' });
  await page.waitForFunction(() => document.querySelector('[data-test="figure-accepted"]').textContent !== '–', null, { timeout: 20_000 });
  return page;
}

export const figure = async (page, name) => (await page.textContent(`[data-test="figure-${name}"]`)).trim();
