import AxeBuilder from '@axe-core/playwright';
import { test, expect, hydrated, addPlatformAuthenticator, adminInvite, uniqueName, useNav, enroll } from './fixtures';

// Secure messaging: a patient writes to the care team, a clinician finds it in the inbox and
// answers (with an internal note the patient never sees), and the patient reads the answer.

async function noAxeViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
}

test('a patient writes to the care team with a photo; a clinician answers from the inbox; the patient reads it', async ({ browser }) => {
  test.setTimeout(120_000);
  const family = uniqueName('Writer');
  const code = adminInvite(['invite-patient', '--given-name', 'Wes', '--family-name', family, '--birth-date', '1977-08-09']);
  const page = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(page);
  await enroll(page, code, '1977-08-09');
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(page, 'My record');
  const patientId = page.url().split('/patients/')[1].split(/[/?#]/)[0];

  await page.goto(`/patients/${patientId}/messages`);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
  await expect(page.getByText('For an emergency, call 911')).toBeVisible();
  await noAxeViolations(page);
  await page.getByRole('radio', { name: 'A medical question' }).check();
  await page.getByLabel('Subject').fill(`Rash ${family}`);
  await page.getByLabel('Message').fill('A rash on both arms since Tuesday. Should I come in?');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent.' })).toBeVisible();
  await page.getByRole('link', { name: `Rash ${family}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Rash ${family}`);
  await expect(page.getByText('A rash on both arms since Tuesday')).toBeVisible();

  // A photo goes with it (a 1×1 PNG); the page lists it as a file to save.
  await hydrated(page);
  await page.getByLabel('What are they? (optional)').fill('My arm this morning');
  await page.getByLabel('Files', { exact: true }).setInputFiles({
    name: 'arm.png',
    mimeType: 'image/png',
    buffer: Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    ),
  });
  await page.getByRole('button', { name: 'Send the files' }).click();
  await expect(page.getByRole('link', { name: /arm\.png \(PNG image/ })).toBeVisible();
  await expect(page.getByText('My arm this morning')).toBeVisible();

  // The clinician's inbox lists it, new; they open it, note and answer.
  const doctor = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(doctor);
  await enroll(doctor, adminInvite(['invite-staff', '--name', uniqueName('Dr Reply'), '--role', 'clinician']));
  await doctor.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(doctor, 'Inbox');
  await expect(doctor.getByRole('heading', { name: 'Inbox', level: 1 })).toBeVisible();
  const item = doctor.getByRole('listitem').filter({ hasText: `Rash ${family}` });
  await expect(item).toContainText('New:');
  await expect(item).toContainText(`Wes ${family}`);
  await noAxeViolations(doctor);
  await item.getByRole('link').click();
  await hydrated(doctor);
  const photo = doctor.getByRole('link', { name: /arm\.png \(PNG image/ });
  await expect(photo).toBeVisible();
  const download = doctor.waitForEvent('download');
  await photo.click();
  expect((await download).suggestedFilename()).toBe('arm.png');
  await doctor.getByLabel(/Internal note/).fill('Looks like contact dermatitis; check the new soap first.');
  await doctor.getByRole('button', { name: 'Add the note' }).click();
  await expect(doctor.getByText('Internal note (the patient never sees it)')).toBeVisible();
  await doctor.getByLabel('Your reply').fill('Please stop the new soap for a week; if it spreads, book a visit.');
  await doctor.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(doctor.getByText('Please stop the new soap for a week')).toBeVisible();
  await noAxeViolations(doctor);

  // The patient reads the answer; the note is not there.
  await page.goto(`/patients/${patientId}/messages`);
  await hydrated(page);
  const mine = page.getByRole('listitem').filter({ hasText: `Rash ${family}` });
  await expect(mine).toContainText('New:');
  await expect(mine).toContainText('Read by the care team');
  await mine.getByRole('link').click();
  await hydrated(page);
  await expect(page.getByText('Please stop the new soap for a week')).toBeVisible();
  await expect(page.getByText('contact dermatitis')).toHaveCount(0);
  await expect(page.getByText('Internal note')).toHaveCount(0);
  await noAxeViolations(page);
});
