import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from '@playwright/test';
import { test, expect, hydrated, addPlatformAuthenticator, adminInvite, portico, uniqueName, useNav, enroll } from './fixtures';

const BIRTH_DATE = '1966-09-14';

const LOINC = 'http://loinc.org';
const labCategory = [
  { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] },
];
const vitalCategory = [
  { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
];

/** A transaction Bundle for one adult: problems, a medication, an allergy, six HbA1c results in
 * reports, weights, and a planned visit. Ids are unique per run. */
function patientBundle(fhirId: string, family: string) {
  const patientRef = { reference: `urn:uuid:${fhirId}` };
  const entries: object[] = [
    {
      fullUrl: `urn:uuid:${fhirId}`,
      request: { method: 'PUT', url: `Patient/${fhirId}` },
      resource: {
        resourceType: 'Patient',
        id: fhirId,
        name: [{ use: 'official', family, given: ['Rosa'] }],
        birthDate: BIRTH_DATE,
      },
    },
    {
      request: { method: 'PUT', url: `Condition/${fhirId}-dm` },
      resource: {
        resourceType: 'Condition',
        id: `${fhirId}-dm`,
        clinicalStatus: { coding: [{ code: 'active' }] },
        code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes mellitus type 2' }] },
        subject: patientRef,
        onsetDateTime: '2018-05-01',
      },
    },
    {
      request: { method: 'PUT', url: `MedicationRequest/${fhirId}-met` },
      resource: {
        resourceType: 'MedicationRequest',
        id: `${fhirId}-met`,
        status: 'active',
        intent: 'order',
        medicationCodeableConcept: { text: 'Metformin 500 mg tablet' },
        dosageInstruction: [{ text: 'One tablet twice a day with food' }],
        subject: patientRef,
        authoredOn: '2025-01-10',
      },
    },
    {
      request: { method: 'PUT', url: `AllergyIntolerance/${fhirId}-pen` },
      resource: {
        resourceType: 'AllergyIntolerance',
        id: `${fhirId}-pen`,
        clinicalStatus: { coding: [{ code: 'active' }] },
        code: { text: 'Penicillin' },
        reaction: [{ manifestation: [{ text: 'Hives' }] }],
        patient: patientRef,
      },
    },
    {
      request: { method: 'PUT', url: `Encounter/${fhirId}-next` },
      resource: {
        resourceType: 'Encounter',
        id: `${fhirId}-next`,
        status: 'planned',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
        type: [{ text: 'Diabetes review' }],
        subject: patientRef,
        period: { start: '2030-01-15T10:00:00Z' },
      },
    },
  ];
  const a1c = [8.6, 8.1, 7.8, 7.4, 7.2, 6.9];
  a1c.forEach((value, n) => {
    const day = `202${n < 3 ? 4 : 5}-${String(2 + (n % 3) * 4).padStart(2, '0')}-10T08:00:00Z`;
    const obs = `${fhirId}-a1c-${n}`;
    entries.push({
      request: { method: 'PUT', url: `Observation/${obs}` },
      resource: {
        resourceType: 'Observation',
        id: obs,
        status: 'final',
        category: labCategory,
        code: { coding: [{ system: LOINC, code: '4548-4', display: 'Hemoglobin A1c' }] },
        subject: patientRef,
        effectiveDateTime: day,
        valueQuantity: { value, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
        referenceRange: [{ low: { value: 4.0 }, high: { value: 5.6 } }],
      },
    });
    entries.push({
      request: { method: 'PUT', url: `DiagnosticReport/${obs}-r` },
      resource: {
        resourceType: 'DiagnosticReport',
        id: `${obs}-r`,
        status: 'final',
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB' }] }],
        code: { text: 'Hemoglobin A1c panel' },
        subject: patientRef,
        effectiveDateTime: day,
        result: [{ reference: `Observation/${obs}` }],
      },
    });
    entries.push({
      request: { method: 'PUT', url: `Observation/${obs}-wt` },
      resource: {
        resourceType: 'Observation',
        id: `${obs}-wt`,
        status: 'final',
        category: vitalCategory,
        code: { coding: [{ system: LOINC, code: '29463-7', display: 'Body weight' }] },
        subject: patientRef,
        effectiveDateTime: day,
        valueQuantity: { value: 92 - n, unit: 'kg' },
      },
    });
  });
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

/** Confirms with the passkey if the page asks for it. */
async function confirmIfAsked(page: Page, done: ReturnType<Page['getByText']>) {
  const prompt = page.getByRole('button', { name: 'Confirm with passkey' });
  await expect(prompt.or(done).first()).toBeVisible();
  if (await prompt.isVisible()) await prompt.click();
  await expect(done).toBeVisible();
}

/** A new clinician enrols in a browser of their own and uploads one resource on the import page. */
async function clinicianImports(browser: Browser, resource: object, source?: string) {
  const clinicianCode = adminInvite(['invite-staff', '--name', uniqueName('Doc'), '--role', 'clinician']);
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await addPlatformAuthenticator(staff);
  await enroll(staff, clinicianCode);
  await staff.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(staff, 'Import');
  await hydrated(staff);
  await staff.getByLabel('FHIR files (.json, .ndjson)').setInputFiles({
    name: `${(resource as { resourceType: string }).resourceType}.ndjson`,
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(`${JSON.stringify(resource)}\n`),
  });
  if (source) await staff.getByLabel('Source system (optional)').fill(source);
  await staff.getByRole('button', { name: 'Import' }).click();
  await expect(staff.getByRole('heading', { name: 'Imported 1 resource' })).toBeVisible();
  await staffContext.close();
}

test('a patient whose records were imported reads the summary, a result and its trend, and exports the record', async ({
  browser,
  page,
  consoleErrors,
}) => {
  test.setTimeout(150_000);
  const fhirId = `e2e-${uniqueName('p').toLowerCase()}`;
  const family = uniqueName('Quintana');
  const dir = mkdtempSync(join(tmpdir(), 'portico-e2e-'));
  const file = join(dir, 'patient.json');
  writeFileSync(file, JSON.stringify(patientBundle(fhirId, family)));
  const imported = portico(['import', file]);
  expect(imported).toContain('Patients: 1 created');
  const code = adminInvite(['patient-code', '--fhir-id', fhirId]);

  await addPlatformAuthenticator(page);
  await enroll(page, code, BIRTH_DATE);
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(page, 'My record');

  // The summary: problems, medications, allergies, latest results, what is coming up.
  await expect(page.getByRole('heading', { name: 'Health summary' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Active problems' })).toContainText('Diabetes mellitus type 2');
  await expect(page.getByRole('region', { name: 'Current medications' })).toContainText('Metformin 500 mg tablet');
  await expect(page.getByRole('region', { name: 'Allergies' })).toContainText('Penicillin');
  await expect(page.getByRole('region', { name: 'Coming up' })).toContainText('Diabetes review');
  const latest = page.getByRole('region', { name: 'Latest results' });
  const a1cRow = latest.getByRole('row').filter({ hasText: 'Hemoglobin A1c' });
  await expect(a1cRow).toContainText('6.9 %');
  await expect(a1cRow).toContainText('4–5.6');
  await expect(a1cRow).toContainText('High');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Test results, by report; the report's result; the result's trend with its numbers.
  await page.getByRole('navigation', { name: 'Parts of the record' }).getByRole('link', { name: 'Test results' }).click();
  await expect(page.getByRole('heading', { name: 'Test results', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Hemoglobin A1c panel' }).first().click();
  await expect(page.getByRole('heading', { name: 'Hemoglobin A1c panel' })).toBeVisible();
  await page.getByRole('row').filter({ hasText: '6.9 %' }).getByRole('link', { name: 'Hemoglobin A1c' }).click();
  await expect(page.getByRole('heading', { name: 'Trend' })).toBeVisible();
  const chart = page.getByRole('img', { name: /Hemoglobin A1c over time/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator('circle')).toHaveCount(6);
  const values = page.getByRole('table', { name: 'Hemoglobin A1c values' });
  await expect(values.getByRole('row')).toHaveCount(7);
  await expect(values.getByRole('row').nth(1)).toContainText('6.9 %');
  await expect(values.getByRole('row').nth(6)).toContainText('8.6 %');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // Vital signs chart.
  await page.getByRole('navigation', { name: 'Parts of the record' }).getByRole('link', { name: 'Vital signs' }).click();
  await expect(page.getByRole('img', { name: /Body weight over time/ })).toBeVisible();

  // Export: after a passkey check when one is due, a FHIR Bundle downloads.
  await page.getByRole('navigation', { name: 'Parts of the record' }).getByRole('link', { name: 'Summary' }).click();
  await hydrated(page);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download my record (FHIR)' }).click();
  const prompt = page.getByRole('button', { name: 'Confirm with passkey' });
  const saved = page.getByText(/^Saved health-record-/);
  await expect(prompt.or(saved).first()).toBeVisible();
  if (await prompt.isVisible()) await prompt.click();
  const download = await downloading;
  await expect(saved).toBeVisible();
  const bundle = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(bundle.resourceType).toBe('Bundle');
  expect(bundle.type).toBe('collection');
  const types = bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType);
  expect(types.filter((t: string) => t === 'Observation')).toHaveLength(12);
  expect(types).toContain('Patient');
  expect(JSON.stringify(bundle)).toContain(family);
  expect(consoleErrors.filter((e) => !e.includes('403'))).toEqual([]);
  consoleErrors.length = 0;

  // A clinician uploads a new result on the import page; the patient sees it as the latest.
  await clinicianImports(browser, {
    resourceType: 'Observation',
    id: `${fhirId}-a1c-new`,
    status: 'final',
    category: labCategory,
    code: { coding: [{ system: LOINC, code: '4548-4', display: 'Hemoglobin A1c' }] },
    subject: { reference: `Patient/${fhirId}` },
    effectiveDateTime: '2026-01-20T08:00:00Z',
    valueQuantity: { value: 6.5, unit: '%' },
    referenceRange: [{ low: { value: 4.0 }, high: { value: 5.6 } }],
  });

  await page.reload();
  await expect(
    page.getByRole('region', { name: 'Latest results' }).getByRole('row').filter({ hasText: 'Hemoglobin A1c' }),
  ).toContainText('6.5 %');
});

test('a long list of results pages newest first and filters by day, from a named source', async ({
  browser,
  page,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  const fhirId = `e2e-${uniqueName('pg').toLowerCase()}`;
  const family = uniqueName('Paginas');
  const entries: object[] = [
    {
      resource: { resourceType: 'Patient', id: fhirId, name: [{ family, given: ['Lia'] }], birthDate: BIRTH_DATE },
    },
  ];
  // 30 glucose results, one a day from 1 to 30 April 2025.
  for (let day = 1; day <= 30; day++) {
    const date = `2025-04-${String(day).padStart(2, '0')}`;
    entries.push({
      resource: {
        resourceType: 'Observation',
        id: `${fhirId}-glucose-${day}`,
        status: 'final',
        category: labCategory,
        code: { coding: [{ system: LOINC, code: '2345-7', display: 'Glucose' }] },
        subject: { reference: `Patient/${fhirId}` },
        effectiveDateTime: `${date}T08:00:00Z`,
        valueQuantity: { value: 100 + day, unit: 'mg/dL' },
      },
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'portico-e2e-'));
  const file = join(dir, 'lab.json');
  writeFileSync(file, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: entries }));
  // Another system's export: its ids (glucose-1…) are its own, kept apart by the source name.
  expect(portico(['import', '--source', 'lab-e2e', file])).toContain('Patients: 1 created');
  const code = adminInvite(['patient-code', '--fhir-id', fhirId, '--source', 'lab-e2e']);

  await addPlatformAuthenticator(page);
  await enroll(page, code, BIRTH_DATE);
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(page, 'My record');
  await page.getByRole('navigation', { name: 'Parts of the record' }).getByRole('link', { name: 'Test results' }).click();
  const list = page.getByRole('region', { name: 'Test results', exact: true });
  await expect(list).toContainText('Showing 1–25 of 30, newest first');
  await expect(list.getByRole('listitem').first()).toContainText('130 mg/dL');
  const pages = page.getByRole('navigation', { name: 'Pages of this list' });
  await expect(pages.getByRole('link', { name: 'Newer' })).toHaveCount(0);
  await pages.getByRole('link', { name: 'Older' }).click();
  await expect(page).toHaveURL(/[?&]page=1/);
  await expect(list).toContainText('Showing 26–30 of 30');
  await expect(list.getByRole('listitem').last()).toContainText('101 mg/dL');
  await expect(pages.getByRole('link', { name: 'Older' })).toHaveCount(0);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // 10 to 12 April: three results, the filter in the address.
  await page.getByLabel('From').fill('2025-04-10');
  await page.getByLabel('To').fill('2025-04-12');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/from=2025-04-10/);
  await expect(list).toContainText('Showing 1–3, newest first');
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(list.getByRole('listitem').first()).toContainText('112 mg/dL');
  expect(consoleErrors).toEqual([]);

  // A clinician uploads the lab's next result on the import page, naming the same source.
  await clinicianImports(
    browser,
    {
      resourceType: 'Observation',
      id: `${fhirId}-glucose-31`,
      status: 'final',
      category: labCategory,
      code: { coding: [{ system: LOINC, code: '2345-7', display: 'Glucose' }] },
      subject: { reference: `Patient/${fhirId}` },
      effectiveDateTime: '2025-05-01T08:00:00Z',
      valueQuantity: { value: 131, unit: 'mg/dL' },
    },
    'LAB-E2E',
  );

  await page.goto(page.url().split('?')[0]);
  await expect(list).toContainText('Showing 1–25 of 31, newest first');
  await expect(list.getByRole('listitem').first()).toContainText('131 mg/dL');
});
