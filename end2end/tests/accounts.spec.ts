import {
  test,
  expect,
  hydrated,
  addPlatformAuthenticator,
  adminInvite,
  uniqueName,
  useNav,
  signOut,
  enroll,
  addSecurityKey,
  allowAutofillOff,
} from './fixtures';

const BIRTH_DATE = '1984-03-09';

test('staff invite a patient, who enrolls, signs in with the passkey and manages passkeys', async ({
  browser,
  page,
  consoleErrors,
}) => {
  test.setTimeout(90_000);
  // Front desk enrolls with a code from the command line and invites a patient.
  await addPlatformAuthenticator(page);
  const staffCode = adminInvite(['invite-staff', '--name', 'Fran Desk', '--role', 'front-desk']);
  await enroll(page, staffCode);
  await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await expect(page.getByRole('heading', { name: 'Hello, Fran Desk' })).toBeVisible();
  await useNav(page, 'Invitations');
  await hydrated(page);
  const given = uniqueName('Pat');
  await page.getByLabel('Given name').fill(given);
  await page.getByLabel('Family name').fill('Example');
  await page.getByLabel('Date of birth').fill(BIRTH_DATE);
  await page.getByRole('button', { name: 'Create activation code' }).click();
  const issued = page.getByLabel('Activation code', { exact: true });
  await expect(issued).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const patientCode = (await issued.textContent())!.trim();
  await expect(page.getByRole('cell', { name: `${given} Example`, exact: true })).toBeVisible();

  // The patient, in their own browser with their own device.
  const patientContext = await browser.newContext();
  await allowAutofillOff(patientContext);
  const patient = await patientContext.newPage();
  const patientErrors: string[] = [];
  patient.on('pageerror', (e) => patientErrors.push(e.message));
  const patientDevice = await addPlatformAuthenticator(patient);
  await enroll(patient, patientCode, BIRTH_DATE);
  const codes = patient.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  await expect(patient.getByRole('link', { name: 'Download codes' })).toHaveAttribute(
    'download',
    'portico-recovery-codes.txt',
  );
  await patient.getByRole('link', { name: 'Continue to Portico' }).click();
  await expect(patient.getByRole('heading', { name: `Hello, ${given} Example` })).toBeVisible();

  // Sign out, then back in with the passkey alone, from the button. The authenticator holds
  // back while the sign-in page's autofill request waits; the button is then used on a page
  // without autofill.
  await hydrated(patient);
  await patientDevice.respond(false);
  await signOut(patient);
  await expect(patient.getByRole('heading', { name: /Hello/ })).toHaveCount(0);
  await patient.goto('/sign-in?autofill=off');
  await hydrated(patient);
  await patientDevice.respond(true);
  await patient.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(patient.getByRole('heading', { name: `Hello, ${given} Example` })).toBeVisible();

  // And through the passkey autofill: an authenticator that answers the sign-in page's waiting
  // request signs the person in with no click on the button.
  await hydrated(patient);
  const toSignIn = patient.waitForURL(/\/sign-in/, { waitUntil: 'commit' });
  await useNav(patient, 'Sign out', 'button');
  await toSignIn;
  await patient.waitForURL(/\/$/);
  await expect(patient.getByRole('heading', { name: `Hello, ${given} Example` })).toBeVisible();

  // Add a second passkey: the step-up window (5 s in tests) has passed, so the page asks for a
  // passkey check in place and then carries on.
  await patient.goto('/security');
  await hydrated(patient);
  await expect(patient.getByRole('heading', { name: 'Passkeys' })).toBeVisible();
  await patient.waitForTimeout(5_500);
  // The new passkey lives on a security key plugged into the same computer. The laptop's own
  // authenticator answers the passkey check; the moment it has, the person touches the key
  // instead (the laptop already holds this account's passkey, so it cannot make a second).
  const securityKey = await addSecurityKey(patient);
  await securityKey.respond(false);
  patientDevice.cdp.once('WebAuthn.credentialAsserted', async () => {
    await patientDevice.respond(false);
    await securityKey.respond(true);
  });
  await patient.getByLabel('Name for a new passkey').fill('Tablet');
  await patient.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(patient.getByRole('heading', { name: "Confirm it's you" })).toBeVisible();
  await patient.getByRole('button', { name: 'Confirm with passkey' }).click();
  await expect(patient.getByRole('status')).toHaveText('Passkey added.');
  await expect(patient.getByText('Tablet', { exact: true })).toBeVisible();

  // Remove it again (another step-up once the window has passed), checking with the laptop.
  await securityKey.respond(false);
  await patientDevice.respond(true);
  await patient.waitForTimeout(5_500);
  await patient.getByRole('button', { name: 'Remove Tablet' }).click();
  await expect(patient.getByRole('heading', { name: "Confirm it's you" })).toBeVisible();
  await patient.getByRole('button', { name: 'Confirm with passkey' }).click();
  await expect(patient.getByRole('status')).toHaveText('Passkey removed.');
  await expect(patient.getByText('Tablet', { exact: true })).toHaveCount(0);
  // The last passkey cannot be removed.
  await expect(patient.getByRole('button', { name: /^Remove / })).toBeDisabled();

  await patientDevice.respond(false);
  await signOut(patient);
  // Signed out server-side: the security page now asks to sign in.
  await patient.goto('/security');
  await expect(patient.getByRole('heading', { name: 'Please sign in' })).toBeVisible();
  expect(patientErrors).toEqual([]);
  await patientContext.close();
  expect(consoleErrors).toEqual([]);
});

test('a recovery code and date of birth set up a new passkey after losing the old one', async ({
  browser,
  page,
}) => {
  const given = uniqueName('Rec');
  const code = adminInvite([
    'invite-patient',
    '--given-name',
    given,
    '--family-name',
    'Lost',
    '--birth-date',
    BIRTH_DATE,
  ]);
  await addPlatformAuthenticator(page);
  await enroll(page, code, BIRTH_DATE);
  const recoveryCode = (
    await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').first().textContent()
  )!.trim();

  // A new device with no passkey for Portico.
  const fresh = await browser.newContext();
  const device = await fresh.newPage();
  await addPlatformAuthenticator(device);
  await device.goto('/recover');
  await hydrated(device);
  await device.getByRole('textbox', { name: 'Recovery code' }).fill(recoveryCode);
  await device.getByLabel('Date of birth').fill(BIRTH_DATE);
  await device.getByRole('button', { name: 'Continue' }).click();
  await device.getByRole('button', { name: 'Create new passkey' }).click();
  await expect(device.getByRole('status')).toContainText('every other session has been signed out');
  await device.getByRole('link', { name: 'Continue to Portico' }).click();
  await expect(device.getByRole('heading', { name: `Hello, ${given} Lost` })).toBeVisible();

  // The old device's session ended.
  await page.goto('/security');
  await expect(page.getByRole('heading', { name: 'Please sign in' })).toBeVisible();

  // The code worked once.
  await device.goto('/recover');
  await hydrated(device);
  await device.getByRole('textbox', { name: 'Recovery code' }).fill(recoveryCode);
  await device.getByLabel('Date of birth').fill(BIRTH_DATE);
  await device.getByRole('button', { name: 'Continue' }).click();
  await expect(device.getByRole('alert').filter({ hasText: 'do not match' })).toBeVisible();
  await fresh.close();
});

test('a wrong activation code gets the generic error and no passkey prompt', async ({ page, consoleErrors }) => {
  await addPlatformAuthenticator(page);
  const code = adminInvite([
    'invite-patient',
    '--given-name',
    uniqueName('Wro'),
    '--family-name',
    'Ng',
    '--birth-date',
    BIRTH_DATE,
  ]);
  await page.goto('/enroll');
  await hydrated(page);
  const generic =
    'That code and date of birth do not match an active invitation. Check both and try again in a minute, or ask the clinic for a new code.';
  // A code that does not exist, and a real code with the wrong date of birth: the same answer.
  for (const [c, dob] of [
    ['ZZZZ-ZZZZ-ZZZZ-ZZZZ', BIRTH_DATE],
    [code, '1990-01-01'],
  ]) {
    await page.getByRole('textbox', { name: 'Activation code' }).fill(c);
    await page.getByLabel('Date of birth').fill(dob);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'do not match' })).toHaveText(generic);
    await expect(page.getByRole('button', { name: 'Create passkey' })).toHaveCount(0);
  }
  expect(consoleErrors.filter((e) => !e.includes('422'))).toEqual([]);
  consoleErrors.length = 0;
});

test('the sign-in page offers passkey autofill and a button', async ({ page, consoleErrors }) => {
  await page.goto('/sign-in');
  await hydrated(page);
  await expect(page.getByLabel('Your passkey')).toHaveAttribute('autocomplete', 'username webauthn');
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeEnabled();
  await expect(page.getByRole('link', { name: /Lost your passkey/ })).toHaveAttribute('href', '/recover');
  expect(consoleErrors).toEqual([]);
});
