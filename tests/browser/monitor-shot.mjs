// A screenshot of the sale monitor during a run: waits for the newest active sale whose name matches, opens the
// monitor on it and takes a picture after a while. For the README, not a test:
//   node monitor-shot.mjs <gateway> <adminKey> <name pattern> <seconds to watch> <out.png>
// e.g. while ./flashsale.sh demo runs: node monitor-shot.mjs http://127.0.0.1:8080 dev-admin-key '^Load test demo ' 25 shot.png
import { launch } from './support.mjs';
import { openMonitor } from './monitor.mjs';

const [gateway, adminKey, pattern, seconds, out] = process.argv.slice(2);
const wanted = new RegExp(pattern);
let sale;
for (let tries = 0; !sale && tries < 600; tries++) {
  const sales = await (await fetch(`${gateway}/api/sales`, { cache: 'no-store' })).json().catch(() => []);
  sale = sales.filter(s => s.status === 'active' && wanted.test(s.name)).at(-1);
  if (!sale) await new Promise(resolve => setTimeout(resolve, 500));
}
if (!sale) throw new Error(`no active sale named like ${pattern}`);
const browser = await launch();
try {
  const page = await openMonitor(browser, gateway, sale.id, adminKey);
  await page.waitForTimeout(Number(seconds) * 1000);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`${out}: sale ${sale.id} (${sale.name})`);
} finally {
  await browser.close();
}
