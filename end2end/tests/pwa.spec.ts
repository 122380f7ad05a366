import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { test, expect, addPlatformAuthenticator, adminInvite, portico, uniqueName, useNav, enroll } from './fixtures';

// Installable, and safe on a shared phone: Chromium finds nothing missing for installation, the
// service worker's caches hold no page and nothing from the record after the record's pages were
// read, and without a connection a record page shows the offline page, not a stale record.

const BIRTH_DATE = '1958-11-30';

test('Portico is installable, keeps no health information in its caches, and shows the offline page offline @own-browser', async ({ baseURL }) => {
  test.setTimeout(90_000);
  const fhirId = `e2e-${uniqueName('pwa').toLowerCase()}`;
  const family = uniqueName('Offline');
  const subject = { reference: `Patient/${fhirId}` };
  const bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      { resource: { resourceType: 'Patient', id: fhirId, name: [{ family, given: ['Olga'] }], birthDate: BIRTH_DATE } },
      { resource: { resourceType: 'Condition', id: `${fhirId}-c`, subject, code: { text: 'Glaucoma of the left eye' }, clinicalStatus: { coding: [{ code: 'active' }] } } },
      {
        resource: {
          resourceType: 'Observation', id: `${fhirId}-o`, subject, status: 'final', effectiveDateTime: '2026-05-02T08:00:00Z',
          category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
          code: { coding: [{ system: 'http://loinc.org', code: '2345-7', display: 'Glucose' }] },
          valueQuantity: { value: 187.25, unit: 'mg/dL' },
        },
      },
    ],
  };
  const dir = mkdtempSync(join(tmpdir(), 'portico-e2e-'));
  writeFileSync(join(dir, 'pwa.json'), JSON.stringify(bundle));
  expect(portico(['import', join(dir, 'pwa.json')])).toContain('Patients: 1 created');

  // A browser profile of its own: Chromium never offers installation in an incognito context,
  // which is what test contexts are.
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'portico-profile-')), {
    executablePath: process.env.PORTICO_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    baseURL,
    viewport: { width: 390, height: 844 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await addPlatformAuthenticator(page);
  await enroll(page, adminInvite(['patient-code', '--fhir-id', fhirId]), BIRTH_DATE);
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(page, 'My record');
  const patientId = page.url().split('/patients/')[1].split(/[/?#]/)[0];
  await expect(page.getByText('Glaucoma of the left eye')).toBeVisible();
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Pages read while the worker controls them.
  for (const path of [`/patients/${patientId}`, `/patients/${patientId}/records/problems`, `/patients/${patientId}/records/results`]) {
    await page.goto(path);
    await expect(page.locator('main')).toBeVisible();
  }
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(page.getByText('187.25')).toBeVisible();

  // Chromium's own installability check.
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors).toEqual([]);

  // Every cached answer: site files and the offline page only, none of them about Olga.
  const kept = await page.evaluate(async () => {
    const out: { url: string; type: string; text: string }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = (await cache.match(request))!;
        const type = response.headers.get('content-type') ?? '';
        out.push({ url: request.url, type, text: /wasm/.test(type) ? '' : await response.text() });
      }
    }
    return out;
  });
  expect(kept.length).toBeGreaterThan(3);
  for (const entry of kept) {
    const path = new URL(entry.url).pathname;
    expect(path, entry.url).toMatch(/^\/(pkg\/|icons\/|manifest\.webmanifest$|favicon\.ico$|offline$)/);
    expect(entry.text, entry.url).not.toContain(family);
    expect(entry.text, entry.url).not.toContain('Glaucoma');
    expect(entry.text, entry.url).not.toContain('187.25');
  }

  // Offline: a record page is the offline page, with the clinic to call.
  await context.setOffline(true);
  await page.goto(`/patients/${patientId}/records/results`).catch(() => {});
  await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
  await expect(page.getByText('need a connection')).toBeVisible();
  await expect(page.getByText('187.25')).toHaveCount(0);
  await context.setOffline(false);

  await context.close();
});
