import AxeBuilder from '@axe-core/playwright';

import {
  test,
  expect,
  hydrated,
  addPlatformAuthenticator,
  adminInvite,
  uniqueName,
  enroll,
  allowAutofillOff,
} from './fixtures';

const BIRTH_DATE = '1984-03-09';

async function enrolledPatient(page: import('@playwright/test').Page) {
  const device = await addPlatformAuthenticator(page);
  const given = uniqueName('Ses');
  const code = adminInvite([
    'invite-patient',
    '--given-name',
    given,
    '--family-name',
    'Sion',
    '--birth-date',
    BIRTH_DATE,
  ]);
  await enroll(page, code, BIRTH_DATE);
  return { device, name: `${given} Sion` };
}

for (const [path, heading] of [
  ['/sign-in', 'Sign in'],
  ['/enroll', 'Set up your account'],
  ['/recover', 'Use a recovery code'],
]) {
  test(`${path} has no accessibility violations`, async ({ page, consoleErrors }) => {
    await page.goto(path);
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
}

test('the security page has no accessibility violations', async ({ page }) => {
  await enrolledPatient(page);
  await page.goto('/security');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Where you\'re signed in' })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});

test('a browser without passkey support is told so plainly', async ({ page }) => {
  await page.addInitScript(() => {
    // @ts-expect-error: simulating a browser without WebAuthn
    delete window.PublicKeyCredential;
  });
  await page.goto('/sign-in');
  await hydrated(page);
  await expect(page.getByRole('alert').filter({ hasText: 'cannot use passkeys' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'cannot use passkeys' })).toHaveCount(2);
});

test('new recovery codes need a fresh passkey check and replace the old ones', async ({ page }) => {
  await enrolledPatient(page);
  const first = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents();
  await page.goto('/security');
  await hydrated(page);
  await expect(page.getByText('You have 10 unused recovery codes.')).toBeVisible();
  await page.waitForTimeout(5_500);
  await page.getByRole('button', { name: 'Create new recovery codes' }).click();
  await page.getByRole('button', { name: 'Confirm with passkey' }).click();
  await expect(page.getByRole('status')).toContainText('New recovery codes created');
  const fresh = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents();
  expect(fresh).toHaveLength(10);
  expect(fresh.filter((c) => first.includes(c))).toEqual([]);
});

test('another session can be signed out from the security page', async ({ page, browser }) => {
  const { device } = await enrolledPatient(page);
  // The same passkey synced to a second device (as a platform keychain does): copied into the
  // other browser's authenticator.
  const { credentials } = await device.cdp.send('WebAuthn.getCredentials', {
    authenticatorId: device.authenticatorId,
  });
  const other = await browser.newContext();
  await allowAutofillOff(other);
  const phone = await other.newPage();
  const phoneDevice = await addPlatformAuthenticator(phone);
  await phoneDevice.cdp.send('WebAuthn.addCredential', {
    authenticatorId: phoneDevice.authenticatorId,
    credential: credentials[0],
  });
  await phone.goto('/sign-in?autofill=off');
  await hydrated(phone);
  await phone.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(phone.getByRole('heading', { name: /^Hello, / })).toBeVisible();

  await page.goto('/security');
  await hydrated(page);
  // The other browser had never signed in to this account: it is listed as a new device (and
  // e-mailed, when the account has an address).
  const newDevices = page.getByRole('region', { name: 'Sign-ins from new devices' });
  await expect(newDevices.getByRole('listitem')).toHaveCount(1);
  await expect(newDevices).toContainText('Chrome on Linux');
  const sessions = page.getByRole('region', { name: "Where you're signed in" }).getByRole('listitem');
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: 'This device' })).toHaveCount(1);
  await sessions.filter({ hasNotText: 'This device' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(sessions).toHaveCount(1);

  // The other device's next request finds its session gone.
  await phone.goto('/security');
  await expect(phone.getByRole('heading', { name: 'Please sign in' })).toBeVisible();
  await other.close();
});

test('a minute before the idle timeout the page warns and lets the person stay @long', async ({ page }) => {
  // The browser-test server ends sessions after 2 idle minutes.
  test.setTimeout(120_000);
  const { name } = await enrolledPatient(page);
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await expect(page.getByRole('heading', { name: `Hello, ${name}` })).toBeVisible();
  await hydrated(page);
  const warning = page.getByRole('alertdialog', { name: 'Are you still there?' });
  await expect(warning).toBeVisible({ timeout: 75_000 });
  await page.getByRole('button', { name: 'Stay signed in' }).click();
  await expect(warning).toBeHidden();
  await page.goto('/security');
  await expect(page.getByRole('heading', { name: 'Passkeys' })).toBeVisible();
});
