// Prints what Chromium transfers (bytes on the wire, compressed) for a first visit to each page
// given on the command line, against PORTICO_E2E_BASE_URL: WASM+JS, and everything.
// Usage: node measure-first-load.mjs /sign-in /enroll …
import { chromium } from '@playwright/test';

const base = process.env.PORTICO_E2E_BASE_URL ?? 'http://localhost:3000';
const browser = await chromium.launch({
  executablePath: process.env.PORTICO_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
for (const path of process.argv.slice(2)) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map();
  let all = 0;
  let code = 0;
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    all += e.encodedDataLength;
    const url = urls.get(e.requestId) ?? '';
    if (/\.(wasm|js)(\?|$)/.test(url)) code += e.encodedDataLength;
  });
  await page.goto(base + path, { waitUntil: 'networkidle' });
  await page.waitForSelector('body[data-hydrated]', { timeout: 30_000 }).catch(() => {});
  console.log(`${path.padEnd(36)} WASM+JS ${(code / 1024).toFixed(1).padStart(7)} KiB   all ${(all / 1024).toFixed(1).padStart(7)} KiB   requests ${urls.size}`);
  await context.close();
}
await browser.close();
