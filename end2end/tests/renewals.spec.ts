import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, hydrated, addPlatformAuthenticator, adminInvite, portico, uniqueName, useNav, enroll } from './fixtures';

// Prescription renewals: a patient asks for a refill from the medicine's page, names a new
// pharmacy, and a clinician approves it from the inbox; the patient sees "Approved".

const BIRTH_DATE = '1961-03-02';

async function noAxeViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
}

function bundle(fhirId: string, family: string) {
  const year = new Date().getFullYear();
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        resource: {
          resourceType: 'Patient',
          id: fhirId,
          name: [{ use: 'official', family, given: ['Rita'] }],
          birthDate: BIRTH_DATE,
        },
      },
      {
        resource: {
          resourceType: 'MedicationRequest',
          id: `${fhirId}-lis`,
          status: 'active',
          intent: 'order',
          medicationCodeableConcept: {
            coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '314076', display: 'Lisinopril 10 MG Oral Tablet' }],
          },
          subject: { reference: `Patient/${fhirId}` },
          authoredOn: `${year - 1}-11-01`,
          dosageInstruction: [{ text: '1 tablet by mouth every morning' }],
          dispenseRequest: {
            numberOfRepeatsAllowed: 2,
            validityPeriod: { start: `${year - 1}-11-01`, end: `${year + 1}-11-01` },
          },
        },
      },
    ],
  };
}

test('a patient asks for a refill, a clinician approves it, and the patient sees it approved', async ({ browser }) => {
  test.setTimeout(150_000);
  const fhirId = `e2e-${uniqueName('rx').toLowerCase()}`;
  const family = uniqueName('Refill');
  const dir = mkdtempSync(join(tmpdir(), 'portico-e2e-'));
  const file = join(dir, 'patient.json');
  writeFileSync(file, JSON.stringify(bundle(fhirId, family)));
  expect(portico(['import', file])).toContain('Patients: 1 created');
  const code = adminInvite(['patient-code', '--fhir-id', fhirId]);

  const page = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(page);
  await enroll(page, code, BIRTH_DATE);
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(page, 'My record');
  const patientId = page.url().split('/patients/')[1].split(/[/?#]/)[0];

  // From the medicine's page.
  await page.goto(`/patients/${patientId}/records/medications`);
  await page.getByRole('link', { name: 'Lisinopril 10 MG Oral Tablet' }).click();
  await page.getByRole('link', { name: 'Request a renewal' }).click();
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request a renewal: Lisinopril 10 MG Oral Tablet');
  await expect(page.getByText('A refill: 2 refills left on this prescription.')).toBeVisible();
  await noAxeViolations(page);
  await expect(page.getByRole('radio', { name: 'A new pharmacy' })).toBeChecked();
  await page.getByLabel("New pharmacy's name").fill('Main Street Pharmacy');
  await page.getByLabel('Its phone (optional)').fill('555-0100');
  await page.getByLabel('Note for the care team (optional)').fill('Running out on Friday.');
  await page.getByRole('button', { name: 'Send the request' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent.' })).toBeVisible();
  await expect(page.getByText('the care team has not answered yet')).toBeVisible();

  // The renewals page says it waits.
  await page.goto(`/patients/${patientId}/renewals`);
  const waiting = page.getByRole('listitem').filter({ hasText: 'Lisinopril 10 MG Oral Tablet' }).first();
  await expect(waiting).toContainText('Waiting for the care team');
  await noAxeViolations(page);

  // A clinician finds it in the inbox and approves with 3 refills.
  const doctor = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(doctor);
  await enroll(doctor, adminInvite(['invite-staff', '--name', uniqueName('Dr Renew'), '--role', 'clinician']));
  await doctor.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(doctor, 'Inbox');
  const queue = doctor.getByRole('region', { name: 'Renewal requests' });
  const item = queue.getByRole('listitem').filter({ hasText: `Rita ${family}` });
  await expect(item).toContainText('Lisinopril 10 MG Oral Tablet');
  await item.getByRole('link').click();
  await hydrated(doctor);
  await expect(doctor.getByText('Running out on Friday.')).toBeVisible();
  await expect(doctor.getByText('2 allowed, 0 dispensed')).toBeVisible();
  await noAxeViolations(doctor);
  await doctor.getByRole('radio', { name: 'Approve', exact: true }).check();
  await doctor.getByLabel(/Refills/).fill('3');
  await doctor.getByRole('button', { name: 'Send the decision' }).click();
  await expect(doctor.getByRole('status').filter({ hasText: 'Decided.' })).toBeVisible();
  await expect(doctor.getByText('Refills granted')).toBeVisible();

  // The patient sees it approved, sent to the pharmacy.
  await page.goto(`/patients/${patientId}/renewals`);
  const approved = page.getByRole('listitem').filter({ hasText: 'Lisinopril 10 MG Oral Tablet' }).first();
  await expect(approved).toContainText('Approved');
  await expect(approved).toContainText('Sent to Main Street Pharmacy, 555-0100 with 3 refills.');
  // And on the medicine's page.
  await page.goto(`/patients/${patientId}/records/medications`);
  await page.getByRole('link', { name: 'Lisinopril 10 MG Oral Tablet' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Refill: Approved' })).toBeVisible();
});
