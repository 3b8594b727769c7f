// Drives Swagger UI (/q/swagger-ui) in headless Chromium as a newcomer would and prints what it saw, as
// JSON: page errors and failed requests, the tags in their order, the Authorize dialog's text, and for
// each given path "Try it out": the parameters' pre-filled values, then the status of "Execute".
// Usage: node swagger-check.mjs <Swagger UI URL> <token> <path> [<path> …]
import { withPage } from './browser.mjs';

const [url, token, ...paths] = process.argv.slice(2);
await withPage(async (page, errors) => {
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const failed = [];
  page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().includes('/api/')) failed.push(`${r.url()} ${r.status()}`); });
  await page.goto(url, { waitUntil: 'networkidle0' });
  await page.waitForSelector('.opblock-tag', { timeout: 60000 });
  const loadErrors = await page.$$eval('.swagger-ui .errors-wrapper, .swagger-ui .loading-container .errors', (es) => es.map((e) => e.textContent));
  const tags = await page.$$eval('.opblock-tag', (hs) => hs.map((h) => h.getAttribute('data-tag')));

  await page.click('.auth-wrapper .authorize');
  await page.waitForSelector('.modal-ux .auth-container input', { timeout: 10000 });
  const authorize = await page.$eval('.modal-ux .auth-container', (e) => ({ text: e.textContent, html: e.innerHTML }));
  await page.type('.modal-ux .auth-container input', token);
  await page.click('.modal-ux .auth-btn-wrapper button[type=submit]');
  await page.click('.modal-ux .btn-done');

  const operations = {};
  for (const path of paths) {
    const summary = `.opblock-get .opblock-summary-path[data-path="${path}"]`;
    await page.waitForSelector(summary, { timeout: 10000 });
    const block = (await page.$$eval(summary, (ps) => ps.map((p) => p.closest('.opblock').id)))[0];
    await page.click(`#${block} .opblock-summary`);
    await page.waitForSelector(`#${block} .try-out__btn`, { timeout: 10000 });
    await page.click(`#${block} .try-out__btn`);
    await page.waitForSelector(`#${block} .execute`, { timeout: 10000 });
    const params = await page.$$eval(`#${block} tr[data-param-name]`, (rows) => Object.fromEntries(rows.map((r) => {
      const field = r.querySelector('input, select, textarea');
      return [r.getAttribute('data-param-name'), field ? field.value : null];
    })));
    await page.click(`#${block} .execute`);
    // an answer, or Swagger UI's own refusal to send (a required parameter left empty)
    const answered = `#${block} .live-responses-table tr.response .response-col_status`;
    const refused = `#${block} .validation-errors, #${block} .invalid`;
    await page.waitForSelector(`${answered}, ${refused}`, { timeout: 60000 });
    const status = await page.$eval(answered, (e) => e.textContent.trim())
      .catch(async () => `not sent: ${await page.$$eval(refused, (es) => es.map((e) => e.textContent || e.outerHTML).join(' '))}`);
    const curl = await page.$eval(`#${block} .curl-command`, (e) => e.textContent).catch(() => '');
    operations[path] = { params, status, curl };
  }
  console.log(JSON.stringify({ errors, failed, loadErrors, tags, authorize, operations }));
});
