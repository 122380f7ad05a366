import { type Browser, type Page } from '@playwright/test';
import { test, expect, hydrated, addPlatformAuthenticator, adminInvite, uniqueName, useNav, enroll } from './fixtures';

// The staff import runs as a job: the page shows its progress, the job goes on when the page
// closes, the list of recent imports shows how it ended, and a failed job stores nothing.

/** A clinician enrolled in a browser of their own, on the import page. */
async function clinicianOnImport(browser: Browser, name = uniqueName('Importer')): Promise<Page> {
  const code = adminInvite(['invite-staff', '--name', name, '--role', 'clinician']);
  const page = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(page);
  await enroll(page, code);
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(page, 'Import');
  await hydrated(page);
  return page;
}

/** A Bulk export: one patient and `n` glucose results, as NDJSON files. */
function bulkFiles(fhirId: string, n: number) {
  const patient = {
    resourceType: 'Patient',
    id: fhirId,
    name: [{ family: uniqueName('Bulk'), given: ['Bea'] }],
    birthDate: '1970-02-03',
  };
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString();
    lines.push(
      JSON.stringify({
        resourceType: 'Observation',
        id: `${fhirId}-g${i}`,
        status: 'final',
        category: [{ coding: [{ code: 'laboratory' }] }],
        code: { coding: [{ system: 'http://loinc.org', code: '2345-7' }], text: 'Glucose' },
        subject: { reference: `Patient/${fhirId}` },
        effectiveDateTime: day,
        valueQuantity: { value: 90 + (i % 20), unit: 'mg/dL' },
      }),
    );
  }
  return [
    { name: 'Patient.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${JSON.stringify(patient)}\n`) },
    { name: 'Observation.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${lines.join('\n')}\n`) },
  ];
}

test('a Bulk export imports as a job: progress on the page, and it finishes after the page closes', async ({ browser }) => {
  test.setTimeout(180_000);
  const importer = uniqueName('Importer');
  const staff = await clinicianOnImport(browser, importer);
  const fhirId = `bulk-${uniqueName('p').toLowerCase()}`;
  await staff.getByLabel('FHIR files (.json, .ndjson)').setInputFiles(bulkFiles(fhirId, 3000));
  await staff.getByRole('button', { name: 'Import' }).click();
  const running = staff.getByRole('region', { name: 'Importing…' });
  await expect(running).toBeVisible();
  await expect(running.getByRole('progressbar')).toBeVisible();
  await expect(running).toContainText('of 3001 resources stored');

  // The page closes; the job goes on. A page opened later shows how it ended.
  const context = staff.context();
  await staff.close();
  const later = await context.newPage();
  await later.goto('/staff/import');
  const recent = later.getByRole('region', { name: 'Recent imports' });
  await expect(async () => {
    await later.reload();
    const mine = recent.getByRole('row').filter({ hasText: importer });
    await expect(mine.filter({ hasText: 'Imported 3001 resources' })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 150_000 });
  await context.close();
});

test('an import that fails stores nothing, and says which file and entry', async ({ browser }) => {
  test.setTimeout(120_000);
  const staff = await clinicianOnImport(browser);
  const fhirId = `bad-${uniqueName('p').toLowerCase()}`;
  const bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      { resource: { resourceType: 'Patient', id: fhirId, name: [{ family: 'Never', given: ['Nora'] }], birthDate: '1980-01-01' } },
      {
        resource: {
          resourceType: 'Observation',
          id: `${fhirId}-o`,
          status: 'final',
          code: { text: 'Glucose' },
          subject: { reference: `Patient/${fhirId}-missing` },
        },
      },
    ],
  };
  await staff.getByLabel('FHIR files (.json, .ndjson)').setInputFiles({
    name: 'late.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bundle)),
  });
  await staff.getByRole('button', { name: 'Import' }).click();
  await expect(staff.getByRole('alert')).toContainText('Nothing was imported. late.json, entry 2', { timeout: 60_000 });
  await expect(
    staff.getByRole('region', { name: 'Recent imports' }).getByRole('row').filter({ hasText: 'Failed, nothing stored' }).first(),
  ).toBeVisible();

  // Not FHIR at all: refused before any job starts.
  await staff.getByLabel('FHIR files (.json, .ndjson)').setInputFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('these are not records'),
  });
  await staff.getByRole('button', { name: 'Import' }).click();
  await expect(staff.getByRole('alert')).toContainText('Nothing was imported. notes.json: not valid JSON');

  // The patient of the failed job was not created.
  await useNav(staff, 'Patients');
  await staff.getByLabel('Name').fill('Never');
  await staff.getByRole('button', { name: 'Search' }).click();
  await expect(staff.getByRole('row').filter({ hasText: 'Nora Never' })).toHaveCount(0);
  await staff.context().close();
});

test('appointments from a scheduling system import and show, read-only, on the patient\'s appointments page', async ({ browser }) => {
  test.setTimeout(90_000);
  const staff = await clinicianOnImport(browser);
  const family = uniqueName('Sched');
  const fhirId = `sched-${family.toLowerCase()}`;
  const base = 'https://sched.example.org/fhir';
  const bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      { fullUrl: `${base}/Patient/${fhirId}`, resource: { resourceType: 'Patient', id: fhirId, name: [{ family, given: ['Uma'] }], birthDate: '1975-06-07' } },
      { fullUrl: `${base}/Schedule/${fhirId}-s`, resource: { resourceType: 'Schedule', id: `${fhirId}-s`, active: true, actor: [{ display: 'Dr Jordan Lee' }] } },
      { fullUrl: `${base}/Slot/${fhirId}-slot`, resource: { resourceType: 'Slot', id: `${fhirId}-slot`, schedule: { reference: `Schedule/${fhirId}-s` }, status: 'busy', start: '2025-03-12T15:00:00Z', end: '2025-03-12T15:20:00Z' } },
      { fullUrl: `${base}/Appointment/${fhirId}-a`, resource: {
        resourceType: 'Appointment', id: `${fhirId}-a`, status: 'fulfilled', serviceType: [{ text: 'Diabetes review' }],
        start: '2025-03-12T15:00:00Z', end: '2025-03-12T15:20:00Z', slot: [{ reference: `Slot/${fhirId}-slot` }],
        participant: [
          { actor: { reference: `Patient/${fhirId}` }, status: 'accepted' },
          { actor: { display: 'Dr Jordan Lee' }, status: 'accepted' },
        ],
      } },
    ],
  };
  await staff.getByLabel('FHIR files (.json, .ndjson)').setInputFiles({
    name: 'schedule-export.json',
    mimeType: 'application/fhir+json',
    buffer: Buffer.from(JSON.stringify(bundle)),
  });
  await staff.getByRole('button', { name: 'Import' }).click();
  await expect(staff.getByRole('region', { name: 'Recent imports' }).getByRole('row').filter({ hasText: 'Imported 4 resources' }).first()).toBeVisible({ timeout: 30_000 });

  await useNav(staff, 'Patients');
  await staff.getByLabel('Name').fill(family);
  await staff.getByRole('button', { name: 'Search' }).click();
  await staff.getByRole('link', { name: `Appointments of Uma ${family}` }).click();
  await hydrated(staff);
  const imported = staff.getByRole('region', { name: 'From your records' });
  await expect(imported).toContainText('Diabetes review');
  await expect(imported).toContainText('Seen');
  await expect(imported).toContainText('With Dr Jordan Lee');
  await expect(imported.getByRole('link')).toHaveCount(0);
});
