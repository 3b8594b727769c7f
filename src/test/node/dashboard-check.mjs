// Drives the dashboard page (/ui/) in headless Chromium and prints what a person sees, as JSON:
// the failing pods' rows and the incidents' rows, then the same after choosing a namespace and a
// severity. Usage: node dashboard-check.mjs <page URL> <namespace to choose> <pod row to wait for>
import { withPage } from './browser.mjs';

const [url, namespace, podRow] = process.argv.slice(2);
await withPage(async (page, errors) => {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector(`#pods tr[data-pod="${podRow}"]`, { timeout: 60000 });
  await page.waitForSelector('#incidents tr[data-incident]', { timeout: 60000 });
  const rows = (selector) => page.$$eval(selector, (trs) => trs.map((tr) => Array.from(tr.cells).map((c) => c.textContent)));
  const before = { pods: await rows('#pods tbody tr[data-pod]'), incidents: await rows('#incidents tbody tr[data-incident]') };
  await page.select('#namespace', namespace);
  await page.select('#severity', 'critical');
  const filtered = { pods: await rows('#pods tbody tr[data-pod]'), incidents: await rows('#incidents tbody tr[data-incident]') };
  const status = await page.$eval('#status', (e) => e.textContent);
  console.log(JSON.stringify({ before, filtered, status, errors }));
});
