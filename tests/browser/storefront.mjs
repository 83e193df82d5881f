// A shopper buys and pays on the storefront in headless Chromium, a second shopper finds the sale sold out, and the
// sale monitor, open all along, shows the sale's numbers moving. The sale has a proof-of-work human check: the page
// solves it during the countdown and sends the solution with the token request at the start.
// usage: node storefront.mjs <gateway> <saleId> <buyer> <latecomer> <adminKey> <screenshotDir>
// Prints one JSON line of what the pages showed; the C# test (StorefrontBrowserTests) judges it.
import { launch, shot, signIn, text, waitForText } from './support.mjs';
import { figure, openMonitor } from './monitor.mjs';

const [gateway, saleId, buyer, latecomer, adminKey, screenshots] = process.argv.slice(2);
const seen = {};
const browser = await launch();
try {
  const monitor = await openMonitor(browser, gateway, saleId, adminKey);
  seen.monitorBefore = { accepted: await figure(monitor, 'accepted'), sold: await figure(monitor, 'sold') };
  const page = await (await browser.newContext({ viewport: { width: 900, height: 700 } })).newPage();
  await page.goto(`${gateway}/`);
  await signIn(page, buyer);
  seen.walletBefore = Number(await waitForText(page, 'wallet-balance', t => /^\d+\.\d\d$/.test(t)));
  await page.click(`[data-test="sale"][data-sale-id="${saleId}"]`);
  await waitForText(page, 'countdown', t => t.startsWith('Opens in'));
  seen.countdownBeforeStart = await text(page, 'countdown');
  seen.buyDisabledBeforeStart = await page.isDisabled('[data-test="buy"]');
  // The human check is solved while the shopper waits: done before the start, the button still grey.
  await page.waitForSelector('[data-test="human-check"][data-state="done"]', { timeout: 10_000 });
  seen.humanCheckBeforeStart = await page.evaluate(() => ({
    text: document.querySelector('[data-test="human-check"]').textContent.trim(),
    countdown: document.querySelector('[data-test="countdown"]').textContent.trim(),
    buyDisabled: document.querySelector('[data-test="buy"]').disabled,
  }));
  await shot(page, screenshots, 'storefront-countdown');

  // Every status the order shows, in order, as the page shows them.
  await page.evaluate(() => {
    window.statusesSeen = [];
    const status = document.querySelector('[data-test="order-status"]');
    new MutationObserver(() => {
      const last = window.statusesSeen.at(-1);
      if (status.textContent && status.textContent !== last) window.statusesSeen.push(status.textContent);
    }).observe(status, { childList: true, characterData: true, subtree: true });
  });
  await page.waitForSelector('[data-test="buy"]:enabled', { timeout: 60_000 });
  seen.countdownAtStart = await text(page, 'countdown');
  await page.dblclick('[data-test="buy"]');
  await waitForText(page, 'order-status', t => t === 'awaitingPayment', 30_000);
  seen.orderId = (await page.textContent('#order-id')).trim();
  await shot(page, screenshots, 'storefront-awaiting-payment');
  await page.click('[data-test="pay"]');
  await waitForText(page, 'order-status', t => t === 'paid' || t === 'cancelled', 30_000);
  seen.finalStatus = await text(page, 'order-status');
  seen.walletAfter = Number(await waitForText(page, 'wallet-balance', t => Number(t) < seen.walletBefore, 15_000).catch(() => text(page, 'wallet-balance')));
  seen.statuses = await page.evaluate(() => window.statusesSeen);
  await shot(page, screenshots, 'storefront-paid');

  const second = await (await browser.newContext({ viewport: { width: 900, height: 700 } })).newPage();
  await second.goto(`${gateway}/#/sales/${saleId}`);
  await signIn(second, latecomer);
  await waitForText(second, 'countdown', t => t === 'Sold out' || t.startsWith('Open now'));
  // While the sale still looks open, the button turns on once the latecomer's human check is solved.
  await second.waitForFunction(() => document.querySelector('[data-test="countdown"]').textContent === 'Sold out'
    || !document.querySelector('[data-test="buy"]').disabled, null, { timeout: 15_000 });
  if (await second.isEnabled('[data-test="buy"]')) {
    await second.click('[data-test="buy"]');
    await second.waitForFunction(() => /sold out/i.test(document.getElementById('buy-message').textContent), null, { timeout: 15_000 });
  }
  seen.latecomerMessage = `${await text(second, 'countdown')} | ${await second.textContent('#buy-message')}`;
  seen.latecomerBuyDisabled = await second.isDisabled('[data-test="buy"]');
  await shot(second, screenshots, 'storefront-sold-out');

  // The monitor has sampled all along: the sale's answers and stock moved, its charts are drawn.
  await monitor.waitForFunction(() => document.querySelector('[data-test="figure-sold"]').textContent === '1', null, { timeout: 20_000 });
  seen.monitorAfter = { accepted: await figure(monitor, 'accepted'), soldOut: await figure(monitor, 'sold-out'), sold: await figure(monitor, 'sold'),
    availableInCache: await figure(monitor, 'available-in-cache'), samples: Number(await monitor.getAttribute('[data-test="monitor-state"]', 'data-samples')),
    charts: await monitor.locator('.charts canvas').count(), services: await monitor.locator('[data-test="monitor-messaging"] tbody tr').count() };
  await shot(monitor, screenshots, 'monitor');
} catch (error) {
  seen.error = String(error?.stack ?? error);
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
