import {
  test,
  expect,
  hydrated,
  addPlatformAuthenticator,
  adminInvite,
  uniqueName,
  useNav,
  enroll,
} from './fixtures';

const BIRTH_DATE = '1979-07-14';
const ISSUER_BROWSER =
  'A code issued by the clinic cannot be used from a browser signed in as clinic staff. The patient sets up their passkey on their own device.';

/** Finds a patient on the Patients page of `page`, signed in as staff. */
async function findPatient(page: import('@playwright/test').Page, name: string) {
  await useNav(page, 'Patients');
  await hydrated(page);
  await page.getByRole('searchbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
  // The search loaded a new page: its buttons work once its islands have hydrated.
  await hydrated(page);
}

test('account recovery through the clinic needs an admin, a passkey check and a second admin @long', async ({
  browser,
  page,
  consoleErrors,
}) => {
  test.setTimeout(150_000);
  const given = uniqueName('Vic');
  const name = `${given} Tim`;

  // The patient, enrolled and signed in on their phone.
  const patientContext = await browser.newContext();
  const patient = await patientContext.newPage();
  await addPlatformAuthenticator(patient);
  await enroll(
    patient,
    adminInvite(['invite-patient', '--given-name', given, '--family-name', 'Tim', '--birth-date', BIRTH_DATE]),
    BIRTH_DATE,
  );

  // The front desk finds them but is offered no code for an enrolled patient.
  const frontContext = await browser.newContext();
  const front = await frontContext.newPage();
  await addPlatformAuthenticator(front);
  await enroll(front, adminInvite(['invite-staff', '--name', 'Fran Desk', '--role', 'front-desk']));
  await front.getByRole('link', { name: 'Continue to Portico' }).click();
  await findPatient(front, name);
  await expect(front.getByRole('button', { name: `Account recovery code for ${name}` })).toHaveCount(0);
  await frontContext.close();

  // An administrator issues a recovery code after a passkey check (the 5 s window has passed).
  await addPlatformAuthenticator(page);
  await enroll(page, adminInvite(['invite-staff', '--name', 'Ada Admin', '--role', 'admin']));
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await findPatient(page, name);
  await page.waitForTimeout(5_500);
  await page.getByRole('button', { name: `Account recovery code for ${name}` }).click();
  await expect(page.getByRole('heading', { name: "Confirm it's you" })).toBeVisible();
  await page.getByRole('button', { name: 'Confirm with passkey' }).click();
  const issued = page.getByLabel('Activation code', { exact: true });
  await expect(issued).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expect(page.getByText('It works only after a second member of staff approves it')).toBeVisible();
  const code = (await issued.textContent())!.trim();

  // The admin's own browser cannot use it.
  await page.goto('/enroll');
  await hydrated(page);
  await page.getByRole('textbox', { name: 'Activation code' }).fill(code);
  await page.getByLabel('Date of birth').fill(BIRTH_DATE);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'cannot be used' })).toHaveText(ISSUER_BROWSER);
  await expect(page.getByRole('button', { name: 'Create passkey' })).toHaveCount(0);

  // The patient sees it on their Security page, still signed in.
  await patient.goto('/security');
  await hydrated(patient);
  const notice = patient.getByRole('region', { name: 'Account recovery codes from the clinic' });
  await expect(notice).toContainText('by Ada Admin (Administrator) (waiting for a second approval)');

  // A second administrator approves it from Invitations, after their own passkey check.
  const boContext = await browser.newContext();
  const bo = await boContext.newPage();
  await addPlatformAuthenticator(bo);
  await enroll(bo, adminInvite(['invite-staff', '--name', 'Bo Admin', '--role', 'admin']));
  await bo.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(bo, 'Invitations');
  await hydrated(bo);
  await bo.waitForTimeout(5_500);
  await bo.getByRole('button', { name: `Approve the account recovery code for ${name}` }).click();
  await expect(bo.getByRole('heading', { name: "Confirm it's you" })).toBeVisible();
  await bo.getByRole('button', { name: 'Confirm with passkey' }).click();
  await expect(bo.getByRole('status')).toHaveText('Approved: the patient can now use the code.');
  await boContext.close();

  // On a new phone, the patient recovers the account; the old session ends.
  const newContext = await browser.newContext();
  const newPhone = await newContext.newPage();
  await addPlatformAuthenticator(newPhone);
  await enroll(newPhone, code, BIRTH_DATE);
  await newPhone.getByRole('link', { name: 'Continue to Portico' }).click();
  await expect(newPhone.getByRole('heading', { name: `Hello, ${name}` })).toBeVisible();
  await patient.goto('/security');
  await expect(patient.getByRole('heading', { name: 'Please sign in' })).toBeVisible();

  // The access log tells the patient who did what.
  await newPhone.getByRole('main').getByRole('link', { name }).first().click();
  await newPhone
    .getByRole('navigation', { name: 'Parts of the record' })
    .getByRole('link', { name: 'Access log' })
    .click();
  await expect(newPhone.getByRole('heading', { name: 'Access log' })).toBeVisible();
  const rows = newPhone.getByRole('row');
  await expect(
    rows.filter({ hasText: 'Ada Admin (Administrator)' }).filter({ hasText: 'Issued a code to recover the account' }),
  ).toHaveCount(1);
  await expect(
    rows.filter({ hasText: 'Bo Admin (Administrator)' }).filter({ hasText: 'Approved a code to recover the account' }),
  ).toHaveCount(1);
  await newContext.close();
  await patientContext.close();
  // The browser logs the expected refusals: the step-up request (403) and the refused code (422).
  expect(consoleErrors.filter((e) => !/status of (403|422)/.test(e))).toEqual([]);
  consoleErrors.length = 0;
});

test('a patient cancels a recovery code they did not ask for', async ({ browser, page }) => {
  test.setTimeout(90_000);
  const given = uniqueName('Can');
  const name = `${given} Cel`;
  await addPlatformAuthenticator(page);
  await enroll(
    page,
    adminInvite(['invite-patient', '--given-name', given, '--family-name', 'Cel', '--birth-date', BIRTH_DATE]),
    BIRTH_DATE,
  );
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await addPlatformAuthenticator(admin);
  await enroll(admin, adminInvite(['invite-staff', '--name', 'Cy Admin', '--role', 'admin']));
  await admin.getByRole('link', { name: 'Continue to Portico' }).click();
  await findPatient(admin, name);
  await admin.getByRole('button', { name: `Account recovery code for ${name}` }).click();
  // The passkey check of signing in lasts 5 s in the tests; the search's page load may outlast it.
  const code = admin.getByLabel('Activation code', { exact: true });
  const confirm = admin.getByRole('button', { name: 'Confirm with passkey' });
  await expect(code.or(confirm)).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(code).toBeVisible();
  await adminContext.close();

  await page.goto('/security');
  // (The enrolment page's "Continue to Portico" is not needed: the session is already open.)
  await hydrated(page);
  const notice = page.getByRole('region', { name: 'Account recovery codes from the clinic' });
  await notice.getByRole('button', { name: 'I did not ask for this: cancel it' }).click();
  await expect(page.getByRole('status')).toHaveText('Cancelled: that code no longer works.');
  await expect(notice).toHaveCount(0);
});
