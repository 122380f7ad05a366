import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';
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

const BIRTH_DATE = '1948-07-21';

/** Confirms with the passkey if the page asks for it (sensitive changes need a recent check). */
async function confirmIfAsked(page: Page, done: ReturnType<Page['getByText']>) {
  const prompt = page.getByRole('button', { name: 'Confirm with passkey' });
  await expect(prompt.or(done).first()).toBeVisible();
  if (await prompt.isVisible()) await prompt.click();
  await expect(done).toBeVisible();
}

test('a patient invites a caregiver, who sees only what was shared until the patient revokes it', async ({
  browser,
  page,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  const given = uniqueName('Pat');
  const patientName = `${given} Proxy`;
  const code = adminInvite([
    'invite-patient',
    '--given-name',
    given,
    '--family-name',
    'Proxy',
    '--birth-date',
    BIRTH_DATE,
  ]);
  await addPlatformAuthenticator(page);
  await enroll(page, code, BIRTH_DATE);
  await page.getByRole('link', { name: 'Continue to Portico' }).click();

  // The patient opens their record, then Sharing, and invites a caregiver for the health record.
  await useNav(page, 'My record');
  await expect(page.getByRole('heading', { name: 'Health summary' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Whose record this is' })).toContainText('Your own record');
  await page.getByRole('navigation', { name: 'Parts of the record' }).getByRole('link', { name: 'Sharing' }).click();
  await expect(page.getByRole('heading', { name: 'Sharing' })).toBeVisible();
  await hydrated(page);
  const carer = uniqueName('Casey');
  await page.getByLabel('Their name').fill(carer);
  await page.getByLabel('Who they are to the patient').fill('Daughter');
  await expect(page.getByRole('checkbox', { name: 'Health record' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Test results' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Create invitation code' }).click();
  const issued = page.getByLabel('Activation code', { exact: true });
  await confirmIfAsked(page, page.getByRole('heading', { name: `Invitation code for ${carer}` }));
  const carerCode = (await issued.textContent())!.trim();
  await expect(page.locator('li.grant').filter({ hasText: carer })).toContainText('Invitation sent');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // The caregiver enrols their own account and passkey with the code, no date of birth.
  const carerContext = await browser.newContext();
  const carerPage = await carerContext.newPage();
  await addPlatformAuthenticator(carerPage);
  await enroll(carerPage, carerCode);
  await carerPage.getByRole('link', { name: 'Continue to Portico' }).click();
  await carerPage.getByRole('link', { name: patientName }).click();
  const banner = carerPage.getByRole('region', { name: 'Whose record this is' });
  await expect(banner).toContainText(`You are acting for ${given} as their caregiver`);
  await expect(carerPage.getByRole('heading', { name: 'Health summary' })).toBeVisible();
  const recordUrl = carerPage.url();
  // Only the granted part is offered (the record, not results); sharing settings are refused
  // even by address.
  const sections = banner.getByRole('navigation', { name: 'Parts of the record' });
  await expect(sections.getByRole('link', { name: 'Summary' })).toBeVisible();
  await expect(sections.getByRole('link', { name: 'Test results' })).toHaveCount(0);
  await expect(sections.getByRole('link', { name: 'Sharing' })).toHaveCount(0);
  await sections.getByRole('link', { name: 'About' }).click();
  await expect(carerPage.getByText('1948', { exact: false })).toBeVisible();
  await carerPage.goto(`${recordUrl}/sharing`);
  await expect(carerPage.getByRole('alert')).toContainText('You do not have access to that.');
  await expect(carerPage.getByText(carer)).toHaveCount(0);
  // The caregiver goes back to their list of people, where the patient's link still shows.
  await carerPage.goto('/');
  const homeLink = carerPage.getByRole('link', { name: patientName });
  await expect(homeLink).toBeVisible();
  await hydrated(carerPage);

  // The patient revokes; the caregiver's next click is refused.
  await page.reload();
  await hydrated(page);
  const grant = page.locator('li.grant').filter({ hasText: carer });
  await expect(grant).toContainText('Active');
  await grant.getByRole('button', { name: 'Revoke' }).click();
  await grant.getByRole('button', { name: 'Yes, revoke access' }).click();
  await confirmIfAsked(page, page.getByText(`${carer} no longer has access.`));
  await expect(page.locator('li.grant').filter({ hasText: carer })).toContainText('Revoked');

  await homeLink.click();
  await expect(carerPage.getByRole('alert')).toContainText('You do not have access to that.');
  await expect(carerPage.getByText(BIRTH_DATE.slice(0, 4))).toHaveCount(0);
  await carerContext.close();

  // The patient's access log names the caregiver and what they looked at.
  await page
    .getByRole('navigation', { name: 'Parts of the record' })
    .getByRole('link', { name: 'Access log' })
    .click();
  await expect(page.getByRole('heading', { name: 'Access log' })).toBeVisible();
  const carerRows = page.getByRole('row').filter({ hasText: `${carer} (caregiver)` });
  await expect(carerRows.filter({ hasText: 'Viewed the health record' }).first()).toBeVisible();
  await expect(carerRows.filter({ hasText: 'Refused' }).first()).toBeVisible();
  // Filtered to the caregiver alone.
  await hydrated(page);
  await page.getByLabel('Person').selectOption({ label: `${carer} (caregiver)` });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'You' })).toHaveCount(0);
  await expect(carerRows.first()).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  // The only refusals the patient's browser saw were the requests for a fresh passkey check.
  expect(consoleErrors.filter((e) => !e.includes('403'))).toEqual([]);
  consoleErrors.length = 0;
});

test('an admin searches the audit log and exports it as CSV', async ({ page, consoleErrors }) => {
  const adminCode = adminInvite(['invite-staff', '--name', uniqueName('Ada'), '--role', 'admin']);
  await addPlatformAuthenticator(page);
  await enroll(page, adminCode);
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(page, 'Audit log');
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Action').fill('enroll.complete');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('cell', { name: 'Set up the account with a passkey' }).first()).toBeVisible();
  await hydrated(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^portico-audit-\d{8}-\d{6}\.csv$/);
  const text = await (await file.createReadStream()).toArray();
  const csv = Buffer.concat(text).toString('utf8');
  expect(csv.split('\n')[0]).toBe(
    'seq,occurred_at_utc,actor_id,actor,patient_id,patient,action,resource,outcome,reason,ip,request_id',
  );
  expect(csv).toContain('enroll.complete');
  await expect(page.getByRole('status')).toContainText('Exported');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('front desk sets up a parent for a child, who then acts for the child', async ({ browser, page, consoleErrors }) => {
  test.setTimeout(90_000);
  const child = uniqueName('Kid');
  adminInvite(['invite-patient', '--given-name', child, '--family-name', 'Minor', '--birth-date', '2019-04-02']);
  const deskCode = adminInvite(['invite-staff', '--name', uniqueName('Desk'), '--role', 'front-desk']);
  await addPlatformAuthenticator(page);
  await enroll(page, deskCode);
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(page, 'Patients');
  await hydrated(page);
  await page.getByLabel('Name').fill(child);
  await page.getByRole('button', { name: 'Search' }).click();
  const row = page.getByRole('row').filter({ hasText: `${child} Minor` });
  await expect(row).toContainText('2 Apr 2019');
  // Front desk sees sharing for the child, not the clinical record.
  await expect(row.getByRole('link', { name: `Health record of ${child} Minor` })).toHaveCount(0);
  await row.getByRole('link', { name: `Sharing of ${child} Minor` }).click();
  await expect(page.getByRole('heading', { name: 'Add a parent or guardian' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Whose record this is' })).toContainText('clinic staff (Front desk)');
  await hydrated(page);
  const parent = uniqueName('Parent');
  await page.getByLabel('Their name').fill(parent);
  await page.getByLabel('Who they are to the patient').fill('Mother');
  await page.getByRole('checkbox', { name: 'Appointments' }).check();
  await page.getByRole('button', { name: 'Create invitation code' }).click();
  await confirmIfAsked(page, page.getByRole('heading', { name: `Invitation code for ${parent}` }));
  const code = (await page.getByLabel('Activation code', { exact: true }).textContent())!.trim();
  await expect(page.locator('li.grant').filter({ hasText: parent })).toContainText('Parent or guardian');
  expect(consoleErrors.filter((e) => !e.includes('403'))).toEqual([]);
  consoleErrors.length = 0;

  const parentContext = await browser.newContext();
  const parentPage = await parentContext.newPage();
  await addPlatformAuthenticator(parentPage);
  await enroll(parentPage, code);
  await parentPage.getByRole('link', { name: 'Continue to Portico' }).click();
  await expect(parentPage.getByText('Mother · Health record, Appointments')).toBeVisible();
  await parentPage.getByRole('link', { name: `${child} Minor` }).click();
  await expect(parentPage.getByRole('region', { name: 'Whose record this is' })).toContainText(
    `You are acting for ${child} as their parent or guardian`,
  );
  await parentPage
    .getByRole('navigation', { name: 'Parts of the record' })
    .getByRole('link', { name: 'About' })
    .click();
  await expect(parentPage.getByText('2 April 2019')).toBeVisible();

  // The parent books a visit for the child (the appointments scope the clinic gave them).
  const childId = parentPage.url().split('/patients/')[1].split(/[/?#]/)[0];
  expect(porticoAdmin(['schedule-demo', '--patient-id', childId])).toContain('Demo schedule ready');
  await parentPage.goto(`/patients/${childId}/appointments/book`);
  await hydrated(parentPage);
  await expect(parentPage.getByText(`You are booking for ${child} Minor.`)).toBeVisible();
  await parentPage.getByLabel(/New problem/).check();
  await parentPage.getByRole('button', { name: 'Show open times' }).click();
  await expect(parentPage).toHaveURL(/visit_type=new-problem/);
  await hydrated(parentPage);
  await parentPage.getByRole('group', { name: 'Choose a time' }).getByRole('radio').first().check();
  await parentPage.getByRole('button', { name: 'Book this time' }).click();
  await expect(parentPage.getByRole('status').filter({ hasText: 'Booked for' })).toBeVisible();
  await parentContext.close();
});
