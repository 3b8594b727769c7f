// Headless Chromium (Debian's, or $CHROMIUM) for the browser checks: opens a page, hands it to `use`
// with the list its uncaught errors are collected in, and closes the browser whatever happens.
import puppeteer from 'puppeteer-core';

export async function withPage(use) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    return await use(page, errors);
  } finally {
    await browser.close();
  }
}
