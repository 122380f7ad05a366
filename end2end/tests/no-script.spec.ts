import { type Browser, type Page } from '@playwright/test';
import {
  test,
  expect,
  hydrated,
  addPlatformAuthenticator,
  adminInvite,
  porticoAdmin,
  uniqueName,
  useNav,
  enroll,
} from './fixtures';

// Searching, filtering and plain forms work before the page's script arrives, or without it.
// These tests run in the `no-script` project, whose pages have JavaScript turned off; a passkey
// needs the script, so each person enrols in a browser of their own with it on, and the page
// without it takes over their session cookie.

/** `page` (script off) signed in as the person `signedIn` is. */
async function takeOver(page: Page, signedIn: Page): Promise<Page> {
  await page.context().clearCookies();
  await page.context().addCookies(await signedIn.context().cookies());
  return page;
}

/** A new browser with a passkey and the script on, enrolled with `code`. */
async function enrolled(browser: Browser, code: string, birthDate?: string): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled: true })).newPage();
  await addPlatformAuthenticator(page);
  await enroll(page, code, birthDate);
  return page;
}

test('without JavaScript, the front desk finds a patient and an admin filters the audit log', async ({
  browser,
  page,
}) => {
  test.setTimeout(90_000);
  const given = uniqueName('Noscript');
  adminInvite(['invite-patient', '--given-name', given, '--family-name', 'Finder', '--birth-date', '1961-05-04']);
  const desk = await enrolled(browser, adminInvite(['invite-staff', '--name', uniqueName('Desk'), '--role', 'front-desk']));
  await takeOver(page, desk);
  await page.goto('/staff/patients');
  await page.getByLabel('Name').fill(given);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/patients\\?q=${given}`));
  const row = page.getByRole('row').filter({ hasText: `${given} Finder` });
  await expect(row).toContainText('4 May 1961');
  // The search is in the address: a copied link or the back button keeps it.
  await expect(page.getByLabel('Name')).toHaveValue(given);

  const admin = await enrolled(browser, adminInvite(['invite-staff', '--name', uniqueName('Ada'), '--role', 'admin']));
  const audit = await takeOver(page, admin);
  await audit.goto('/admin/audit');
  await audit.getByLabel('Action').fill('enroll.complete');
  await audit.getByLabel('Outcome').selectOption('success');
  await audit.getByRole('button', { name: 'Search' }).click();
  await expect(audit).toHaveURL(/action=enroll.complete/);
  await expect(audit.getByRole('cell', { name: 'Set up the account with a passkey' }).first()).toBeVisible();
  await expect(audit.getByRole('cell', { name: 'Signed in' })).toHaveCount(0);
  await expect(audit.getByLabel('Outcome')).toHaveValue('success');
});

test('without JavaScript, a person accepts a caregiver invitation and a patient filters their access log', async ({
  browser,
  page,
}) => {
  test.setTimeout(120_000);
  const birth = '1950-02-03';
  const given = uniqueName('Pia');
  const patientCode = adminInvite(['invite-patient', '--given-name', given, '--family-name', 'Shares', '--birth-date', birth]);
  // The patient (script on: sharing needs a passkey check) invites a helper.
  const owner = await enrolled(browser, patientCode, birth);
  await owner.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(owner, 'My record');
  await owner.getByRole('navigation', { name: 'Parts of the record' }).getByRole('link', { name: 'Sharing' }).click();
  await hydrated(owner);
  const carerGiven = uniqueName('Quinn');
  await owner.getByLabel('Their name').fill(`${carerGiven} Helper`);
  await owner.getByLabel('Who they are to the patient').fill('Neighbour');
  await owner.getByRole('button', { name: 'Create invitation code' }).click();
  const prompt = owner.getByRole('button', { name: 'Confirm with passkey' });
  const issuedHeading = owner.getByRole('heading', { name: `Invitation code for ${carerGiven} Helper` });
  await expect(prompt.or(issuedHeading).first()).toBeVisible();
  if (await prompt.isVisible()) await prompt.click();
  await expect(issuedHeading).toBeVisible();
  const code = (await owner.getByLabel('Activation code', { exact: true }).textContent())!.trim();

  // Someone who already has an account (a patient of the clinic) accepts it, script off.
  const carerBirth = '1972-08-09';
  const carerCode = adminInvite(['invite-patient', '--given-name', carerGiven, '--family-name', 'Helper', '--birth-date', carerBirth]);
  const carer = await takeOver(page, await enrolled(browser, carerCode, carerBirth));
  await carer.goto('/');
  // A wrong code first: the page comes back saying why, and nothing changes.
  await carer.getByLabel('Accept an invitation to help someone').fill('AAAA-BBBB-CCCC-DDDD');
  await carer.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(carer.getByRole('alert')).toContainText('That code does not match an open invitation');
  await expect(carer.getByRole('link', { name: `${given} Shares` })).toHaveCount(0);
  await carer.getByLabel('Accept an invitation to help someone').fill(code);
  await carer.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(carer.getByRole('link', { name: `${given} Shares` })).toBeVisible();
  await carer.getByRole('link', { name: `${given} Shares` }).click();
  await expect(carer.getByRole('heading', { name: 'Health summary' })).toBeVisible();

  // The patient, script off, filters their access log to the helper.
  const patient = await takeOver(page, owner);
  await patient.goto(owner.url().replace(/\/sharing.*$/, '/access-log'));
  await expect(patient.getByRole('heading', { name: 'Access log' })).toBeVisible();
  await expect(patient.getByRole('row').filter({ hasText: 'You' }).first()).toBeVisible();
  await patient.getByLabel('Person').selectOption({ label: `${carerGiven} Helper (caregiver)` });
  await patient.getByRole('button', { name: 'Show' }).click();
  await expect(patient).toHaveURL(/person=/);
  await expect(patient.getByRole('row').filter({ hasText: 'Viewed the health record' }).first()).toBeVisible();
  await expect(patient.getByRole('row').filter({ hasText: 'You' })).toHaveCount(0);
});

test('without JavaScript, a clinician uploads FHIR files and the import page lists the job', async ({ browser, page }) => {
  test.setTimeout(90_000);
  const doc = await enrolled(browser, adminInvite(['invite-staff', '--name', uniqueName('Plain'), '--role', 'clinician']));
  const staff = await takeOver(page, doc);
  await staff.goto('/staff/import');
  const family = uniqueName('Formpost');
  await staff.getByLabel('FHIR files (.json, .ndjson)').setInputFiles({
    name: 'Patient.ndjson',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(
      `${JSON.stringify({ resourceType: 'Patient', id: family.toLowerCase(), name: [{ family, given: ['Pat'] }], birthDate: '1975-05-05' })}\n`,
    ),
  });
  await staff.getByLabel('Source system (optional)').fill('plain-form');
  await staff.getByRole('button', { name: 'Import' }).click();
  await expect(staff).toHaveURL(/\/staff\/import\??$/);
  const row = staff.getByRole('region', { name: 'Recent imports' }).getByRole('row').filter({ hasText: 'plain-form' });
  await expect(async () => {
    await staff.reload();
    await expect(row).toContainText('Imported 1 resource', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  // A file that is not FHIR comes back with the reason, and starts nothing.
  await staff.getByLabel('FHIR files (.json, .ndjson)').setInputFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('not records'),
  });
  await staff.getByRole('button', { name: 'Import' }).click();
  await expect(staff.getByRole('alert')).toContainText('Nothing was imported. notes.json: not valid JSON');
});

test('without JavaScript, a patient turns visit reminders off and on again', async ({ browser, page }) => {
  test.setTimeout(60_000);
  const birth = '1966-06-06';
  const code = adminInvite(['invite-patient', '--given-name', uniqueName('Remy'), '--family-name', 'Quiet', '--birth-date', birth]);
  const patient = await takeOver(page, await enrolled(browser, code, birth));
  await patient.goto('/security');
  const emails = patient.getByRole('region', { name: 'E-mails' });
  const reminders = emails.getByRole('listitem').filter({ hasText: 'Visit reminders by e-mail' });
  const state = reminders.locator('.hint');
  await expect(state).toHaveText('On');
  await reminders.getByRole('button', { name: 'Turn off: Visit reminders by e-mail' }).click();
  await expect(patient).toHaveURL(/\/security$/);
  await expect(state).toHaveText('Off');
  await reminders.getByRole('button', { name: 'Turn on: Visit reminders by e-mail' }).click();
  await expect(state).toHaveText('On');
});

test('without JavaScript, an administrator sets reminders, adds a visit type, weekly hours and time off', async ({
  browser,
  page,
}) => {
  test.setTimeout(90_000);
  const doctor = uniqueName('Dr Settings');
  porticoAdmin(['clinician', '--name', doctor, '--title', 'Family physician']);
  const place = uniqueName('Annex');
  porticoAdmin(['location', '--name', place, '--address', '1 Annex Road']);
  const admin = await takeOver(page, await enrolled(browser, adminInvite(['invite-staff', '--name', uniqueName('Ada'), '--role', 'admin'])));
  await admin.goto('/admin/schedule');
  await expect(admin.getByRole('heading', { name: 'Schedule settings', level: 1 })).toBeVisible();

  // Reminder lead times: a bad list is refused with the reason and changes nothing.
  const general = admin.getByRole('region', { name: 'Time zone and reminders' });
  await general.getByLabel(/hours before a visit/).fill('72,banana');
  await general.getByRole('button', { name: 'Save' }).click();
  await expect(admin.getByRole('alert').filter({ hasText: 'hours before the visit' })).toBeVisible();
  await admin.goto('/admin/schedule');
  await expect(general.getByLabel(/hours before a visit/)).not.toHaveValue('72,banana');
  await general.getByLabel(/hours before a visit/).fill('48,2');
  await general.getByRole('button', { name: 'Save' }).click();
  await expect(admin).toHaveURL(/\/admin\/schedule\?saved=general$/);
  await expect(admin.getByRole('status').filter({ hasText: 'Time zone and reminders saved.' })).toBeVisible();
  await expect(general.getByLabel(/hours before a visit/)).toHaveValue('48,2');

  // A visit type, then hours that offer it, then time off.
  const types = admin.getByRole('region', { name: 'Visit types' });
  const id = `flu-${Date.now().toString(36)}`;
  await types.getByText('Add a visit type').click();
  await types.getByLabel('Short id').fill(id);
  await types.getByLabel('Name patients see').last().fill('Flu shot');
  await types.getByLabel('Minutes', { exact: true }).last().fill('10');
  await types.getByRole('button', { name: 'Add the visit type' }).click();
  await expect(types.getByRole('listitem').filter({ hasText: 'Flu shot' }).first()).toContainText('10 minutes');

  const hours = admin.getByRole('region', { name: 'Weekly hours', exact: true });
  await hours.getByText('Add weekly hours').click();
  await hours.getByLabel('Clinician').selectOption({ label: doctor });
  await hours.getByLabel('Where').selectOption({ label: place });
  await hours.getByLabel('Day of the week').selectOption({ label: 'Wednesday' });
  await hours.getByLabel(/Visit types offered/).fill(id);
  await hours.getByRole('button', { name: 'Add these hours' }).click();
  await expect(hours.getByRole('row').filter({ hasText: doctor })).toContainText('Wednesday 09:00–12:00, 20-minute slots');
  await expect(hours.getByRole('row').filter({ hasText: doctor })).toContainText('Flu shot');
  // Ended after a day far ahead: the row says until when.
  await hours.getByRole('row').filter({ hasText: doctor }).getByLabel(/Last day of/).fill('2099-12-31');
  await hours.getByRole('row').filter({ hasText: doctor }).getByRole('button', { name: 'End' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Weekly hours ended' })).toBeVisible();
  await expect(hours.getByRole('row').filter({ hasText: doctor })).toContainText('to 2099-12-31');

  const off = admin.getByRole('region', { name: 'Time off' });
  await off.getByLabel('Clinician').selectOption({ label: doctor });
  await off.getByLabel('Day', { exact: true }).fill('2027-03-03');
  await off.getByRole('button', { name: 'Add time off' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Time off added.' })).toBeVisible();
  await expect(admin.getByRole('alert').filter({ hasText: /./ })).toHaveCount(0);
});

test('without JavaScript, a patient books a visit and lands on its page', async ({ browser, page }) => {
  test.setTimeout(90_000);
  const birth = '1958-07-08';
  const family = uniqueName('Plainbook');
  const code = adminInvite(['invite-patient', '--given-name', 'Nia', '--family-name', family, '--birth-date', birth]);
  const patient = await takeOver(page, await enrolled(browser, code, birth));
  await patient.goto('/');
  const href = await patient.getByRole('link', { name: 'My record' }).first().getAttribute('href');
  const patientId = href!.split('/patients/')[1];
  expect(porticoAdmin(['schedule-demo', '--patient-id', patientId])).toContain('Demo schedule ready');

  await patient.goto(`/patients/${patientId}/appointments/book`);
  await patient.getByLabel(/New problem/).check();
  await patient.getByRole('button', { name: 'Show open times' }).click();
  await expect(patient).toHaveURL(/visit_type=new-problem/);
  await patient.getByRole('link', { name: 'Later times' }).click();
  await expect(patient).toHaveURL(/from=/);
  await patient.getByRole('group', { name: 'Choose a time' }).getByRole('radio').first().check();
  await patient.getByLabel(/What is the visit about/).fill('Booked with a plain form');
  await patient.getByRole('button', { name: 'Book this time' }).click();
  // The browser follows the answer to the new visit's page.
  await expect(patient).toHaveURL(new RegExp(`/patients/${patientId}/appointments/[0-9a-f-]{36}$`));
  await expect(patient.getByRole('heading', { level: 1 })).toContainText('New problem');
  await expect(patient.getByText('Booked with a plain form')).toBeVisible();
});

test('without JavaScript, anyone switches Portico to Spanish and back', async ({ page }) => {
  await page.goto('/contact');
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page).toHaveURL(/\/contact$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contactar con la clínica');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact the clinic');
});
