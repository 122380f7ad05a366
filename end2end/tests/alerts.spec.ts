import { test, expect, hydrated, addPlatformAuthenticator, adminInvite, uniqueName, enroll } from './fixtures';

// Anomaly detection as an administrator sees it: a burst of wrong activation codes from one
// address becomes a security alert at the top of the audit page (the scan runs once a minute).

test('a burst of wrong activation codes shows as a security alert on the audit page @long', async ({ page, browser }) => {
  test.setTimeout(150_000);
  await page.goto('/enroll');
  await hydrated(page);
  const refused = await page.evaluate(async () => {
    let n = 0;
    for (let i = 0; i < 25; i++) {
      const body = new URLSearchParams({ code: 'ABCD-EFGH-JKMN-PQRS', birth_date: '1980-01-01' });
      const response = await fetch('/api/auth/enroll/begin', { method: 'POST', body });
      if (response.status === 422) n += 1;
    }
    return n;
  });
  expect(refused).toBe(25);

  const admin = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(admin);
  await enroll(admin, adminInvite(['invite-staff', '--name', uniqueName('Ada Alert'), '--role', 'admin']));
  await admin.getByRole('link', { name: 'Continue to Portico' }).click();
  const alerts = admin.getByRole('region', { name: 'Security alerts (last 7 days)' });
  await expect(async () => {
    await admin.goto('/admin/audit');
    await expect(alerts).toContainText('Many failed attempts from the address', { timeout: 1_000 });
  }).toPass({ timeout: 100_000, intervals: [5_000] });
  await expect(alerts.getByRole('listitem').first()).toContainText('127.0.0.1');
});
