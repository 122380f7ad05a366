import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { test, expect, hydrated, addPlatformAuthenticator, adminInvite, porticoAdmin, uniqueName, useNav, enroll } from './fixtures';

// Appointments: a patient confirms the visit the clinic booked, books one, saves it to a
// calendar, moves it and cancels it; the front desk sees the booking on its week's schedule.

async function noAxeViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
}

test('a patient confirms, books, saves, moves and cancels a visit; the front desk sees it on the schedule', async ({ browser }) => {
  test.setTimeout(120_000);
  const family = uniqueName('Booker');
  const code = adminInvite(['invite-patient', '--given-name', 'Bo', '--family-name', family, '--birth-date', '1970-02-03']);
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await addPlatformAuthenticator(page);
  await enroll(page, code, '1970-02-03');
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(page, 'My record');
  await expect(page).toHaveURL(/\/patients\/[^/?#]+/);
  const patientId = page.url().split('/patients/')[1].split(/[/?#]/)[0];
  // The demo clinic's schedule, and a follow-up the clinic booked for this patient.
  expect(porticoAdmin(['schedule-demo', '--patient-id', patientId])).toContain('Demo schedule ready');

  await page.goto(`/patients/${patientId}/appointments`);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Appointments', level: 1 })).toBeVisible();
  const upcoming = page.getByRole('region', { name: 'Upcoming' });
  await expect(upcoming).toContainText('Follow-up visit');
  await expect(upcoming).toContainText('Please confirm you can come');
  await noAxeViolations(page);
  await page.getByRole('button', { name: "Confirm I'll come" }).click();
  await expect(page.getByRole('status').filter({ hasText: 'the clinic knows you are coming' })).toBeVisible();
  await expect(upcoming).not.toContainText('Please confirm you can come');

  // Book: a kind of visit, the first available clinician, a time, a reason.
  await page.getByRole('link', { name: 'Book a visit' }).click();
  await page.getByLabel(/New problem/).check();
  await page.getByRole('button', { name: 'Show open times' }).click();
  const times = page.getByRole('group', { name: 'Choose a time' });
  await expect(times).toBeVisible();
  await noAxeViolations(page);
  // A week on, so the visit is well before the 24-hour cut-off and can still be moved.
  await page.getByRole('link', { name: 'Later times' }).click();
  await expect(page).toHaveURL(/from=/);
  await hydrated(page);
  await times.getByRole('radio').first().check();
  await page.getByLabel(/What is the visit about/).fill('Sore shoulder for two weeks');
  await page.getByRole('button', { name: 'Book this time' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Booked for' })).toBeVisible();

  // The front desk sees it on this week's schedule.
  const deskCode = adminInvite(['invite-staff', '--name', uniqueName('Desk'), '--role', 'front-desk']);
  const desk = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(desk);
  await enroll(desk, deskCode);
  await desk.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(desk, 'Schedule');
  await desk.getByLabel('Show').selectOption('7');
  await desk.getByRole('button', { name: 'Show' }).click();
  await expect(desk).toHaveURL(/days=7/);
  // The visit is a week or so ahead: the next week's view.
  await desk.getByRole('navigation', { name: 'Other days' }).getByRole('link', { name: 'Later' }).click();
  const row = desk.getByRole('row').filter({ hasText: family }).filter({ hasText: 'New problem' });
  await expect(row).toBeVisible();
  await noAxeViolations(desk);
  const schedule = desk.url();

  // The front desk books an annual physical for the patient (a visit type patients cannot book
  // online), found by name from the schedule.
  await desk.getByRole('link', { name: 'Book for a patient: find them by name' }).click();
  await hydrated(desk);
  await desk.getByLabel('Name').fill(family);
  await desk.getByRole('button', { name: 'Search' }).click();
  await desk.getByRole('link', { name: `Book a visit of Bo ${family}` }).click();
  await hydrated(desk);
  await desk.getByLabel(/Annual physical/).check();
  await desk.getByRole('button', { name: 'Show open times' }).click();
  await expect(desk).toHaveURL(/visit_type=physical/);
  await hydrated(desk);
  await desk.getByRole('group', { name: 'Choose a time' }).getByRole('radio').first().check();
  await desk.getByRole('button', { name: 'Book this time' }).click();
  await expect(desk.getByRole('status').filter({ hasText: 'Booked for' })).toBeVisible();
  await desk.goto(schedule);

  // The visit's page: the calendar file has the time in UTC and no reason.
  await page.goto(`/patients/${patientId}/appointments`);
  await hydrated(page);
  const visitLink = upcoming.getByRole('listitem').filter({ hasText: 'New problem' }).getByRole('link').first();
  await visitLink.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('New problem');
  await hydrated(page);
  await expect(page.getByText('Sore shoulder for two weeks')).toBeVisible();
  await noAxeViolations(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Add to calendar (.ics)' }).click(),
  ]);
  const ics = readFileSync((await download.path())!, 'utf8');
  expect(ics).toContain('BEGIN:VEVENT');
  expect(ics).toMatch(/DTSTART:\d{8}T\d{6}Z/);
  expect(ics).not.toContain('shoulder');

  // Move it, then cancel the moved visit.
  await page.getByRole('link', { name: 'Move to another time' }).click();
  await page.getByRole('link', { name: 'Later times' }).click();
  await expect(page).toHaveURL(/moving=.*from=|from=.*moving=/);
  await hydrated(page);
  const later = page.getByRole('group', { name: 'Choose a time' });
  await later.getByRole('radio').nth(3).check();
  await page.getByRole('button', { name: 'Move the visit' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Moved to' })).toBeVisible();
  await page.goto(`/patients/${patientId}/appointments`);
  await hydrated(page);
  await upcoming.getByRole('listitem').filter({ hasText: 'New problem' }).getByRole('link').first().click();
  await hydrated(page);
  await page.getByLabel(/Why are you cancelling/).fill('Feeling better');
  await page.getByRole('button', { name: 'Cancel this visit' }).click();
  // The page shows the visit as it now is: cancelled, with no way left to change it.
  await expect(page.locator('.tag', { hasText: 'Cancelled' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel this visit' })).toHaveCount(0);
  await page.goto(`/patients/${patientId}/appointments`);
  await hydrated(page);
  await expect(upcoming).not.toContainText('New problem');
  await expect(page.getByRole('region', { name: 'Past and cancelled' })).toContainText('New problem');
  // The front desk's schedule no longer lists it.
  await desk.reload();
  await expect(desk.getByRole('row').filter({ hasText: family }).filter({ hasText: 'New problem' })).toHaveCount(0);
});

test('a caregiver with the appointments scope books for the person they help, and the banner says so', async ({ browser }) => {
  test.setTimeout(120_000);
  const given = uniqueName('Ada');
  const code = adminInvite(['invite-patient', '--given-name', given, '--family-name', 'Helped', '--birth-date', '1944-05-06']);
  const page = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(page);
  await enroll(page, code, '1944-05-06');
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(page, 'My record');
  await expect(page).toHaveURL(/\/patients\/[^/?#]+/);
  const patientId = page.url().split('/patients/')[1].split(/[/?#]/)[0];
  expect(porticoAdmin(['schedule-demo', '--patient-id', patientId])).toContain('Demo schedule ready');

  // The patient shares appointments (and the record) with a caregiver.
  await page.goto(`/patients/${patientId}/sharing`);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Sharing' })).toBeVisible();
  const carer = uniqueName('Cam');
  await page.getByLabel('Their name').fill(carer);
  await page.getByLabel('Who they are to the patient').fill('Son');
  await page.getByRole('checkbox', { name: 'Appointments' }).check();
  await page.getByRole('button', { name: 'Create invitation code' }).click();
  const prompt = page.getByRole('button', { name: 'Confirm with passkey' });
  const issuedHeading = page.getByRole('heading', { name: `Invitation code for ${carer}` });
  await expect(prompt.or(issuedHeading).first()).toBeVisible();
  if (await prompt.isVisible()) await prompt.click();
  await expect(issuedHeading).toBeVisible();
  const carerCode = (await page.getByLabel('Activation code', { exact: true }).textContent())!.trim();

  const carerPage = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(carerPage);
  await enroll(carerPage, carerCode);
  await carerPage.goto(`/patients/${patientId}/appointments/book`);
  await hydrated(carerPage);
  await expect(carerPage.getByText(`You are booking for ${given} Helped.`)).toBeVisible();
  await carerPage.getByLabel(/New problem/).check();
  await carerPage.getByRole('button', { name: 'Show open times' }).click();
  await expect(carerPage).toHaveURL(/visit_type=new-problem/);
  await hydrated(carerPage);
  await carerPage.getByRole('group', { name: 'Choose a time' }).getByRole('radio').first().check();
  await carerPage.getByRole('button', { name: 'Book this time' }).click();
  await expect(carerPage.getByRole('status').filter({ hasText: 'Booked for' })).toBeVisible();

  // The patient sees the visit, and the access log names the caregiver.
  await page.goto(`/patients/${patientId}/appointments`);
  await hydrated(page);
  await expect(page.getByRole('region', { name: 'Upcoming' })).toContainText('New problem');
  await page.goto(`/patients/${patientId}/access-log`);
  await hydrated(page);
  await expect(page.getByRole('table')).toContainText(carer);
  // In words, at the clinic's time.
  const booked = page.getByRole('row').filter({ hasText: carer }).filter({ hasText: 'Booked a visit' });
  await expect(booked.first()).toBeVisible();
  await expect(booked.first()).toContainText(/M[SD]T/);
});

test('the schedule settings page reads well to everyone (axe), with its forms open', async ({ page }) => {
  await addPlatformAuthenticator(page);
  await enroll(page, adminInvite(['invite-staff', '--name', uniqueName('Ada'), '--role', 'admin']));
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await page.getByRole('link', { name: /Schedule settings/ }).click();
  await expect(page.getByRole('heading', { name: 'Schedule settings', level: 1 })).toBeVisible();
  await hydrated(page);
  await page.getByText('Add a visit type').click();
  await page.getByText('Add weekly hours').click();
  await noAxeViolations(page);
});

/** `when` as the date and time on the wall clocks of `zone`: ['2026-12-06', 14, 5]. */
function wallClock(zone: string, when: Date): [string, number, number] {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(when)
      .map((p) => [p.type, p.value]),
  );
  return [`${parts.year}-${parts.month}-${parts.day}`, Number(parts.hour), Number(parts.minute)];
}

test('an administrator adds extra hours today; the front desk books a patient into them and marks the arrival', async ({ browser }) => {
  test.setTimeout(120_000);
  const family = uniqueName('Arriver');
  const code = adminInvite(['invite-patient', '--given-name', 'Al', '--family-name', family, '--birth-date', '1966-01-02']);
  const patient = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(patient);
  await enroll(patient, code, '1966-01-02');
  await patient.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(patient, 'My record');
  const patientId = patient.url().split('/patients/')[1].split(/[/?#]/)[0];
  expect(porticoAdmin(['schedule-demo', '--patient-id', patientId])).toContain('Demo schedule ready');

  // Extra hours within the next twelve hours, on the clinic's clock: from ten minutes on, or
  // tomorrow at 8:00 late in the evening; for a clinician of this test's own, so that no other
  // test (or project) has taken them.
  const doctor = uniqueName('Dr Early');
  porticoAdmin(['clinician', '--name', doctor]);
  const admin = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(admin);
  await enroll(admin, adminInvite(['invite-staff', '--name', uniqueName('Ada'), '--role', 'admin']));
  await admin.goto('/admin/schedule');
  const zone = await admin.getByLabel(/time zone/).inputValue();
  let [day, hour, minute] = wallClock(zone, new Date(Date.now() + 10 * 60_000));
  minute = Math.ceil(minute / 5) * 5;
  if (hour >= 22) {
    [day] = wallClock(zone, new Date(Date.now() + 24 * 3_600_000));
    [hour, minute] = [8, 0];
  }
  const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const extra = admin.getByRole('region', { name: 'Extra hours' });
  await extra.getByLabel('Clinician').selectOption({ label: doctor });
  await extra.getByLabel('Day', { exact: true }).fill(day);
  await extra.getByLabel('From').fill(clock(hour * 60 + minute));
  await extra.getByLabel('Until').fill(clock(hour * 60 + minute + 90));
  await extra.getByRole('button', { name: 'Add extra hours' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Extra hours added' })).toBeVisible();

  // The front desk books the first open time for the patient and marks them arrived.
  const desk = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(desk);
  await enroll(desk, adminInvite(['invite-staff', '--name', uniqueName('Desk'), '--role', 'front-desk']));
  await desk.goto(`/patients/${patientId}/appointments/book`);
  await hydrated(desk);
  await desk.getByLabel(/New problem/).check();
  await desk.getByRole('button', { name: 'Show open times' }).click();
  await hydrated(desk);
  await desk.getByRole('group', { name: 'Choose a time' }).getByRole('radio').first().check();
  await desk.getByRole('button', { name: 'Book this time' }).click();
  await expect(desk.getByRole('status').filter({ hasText: 'Booked for' })).toBeVisible();
  await desk.goto(`/patients/${patientId}/appointments`);
  await hydrated(desk);
  await desk.getByRole('region', { name: 'Upcoming' }).getByRole('listitem').filter({ hasText: 'New problem' }).getByRole('link').first().click();
  await hydrated(desk);
  await desk.getByRole('button', { name: 'Mark arrived' }).click();
  await expect(desk.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(desk.getByText('Arrived', { exact: true }).first()).toBeVisible();
});

test('a patient checks in online before a visit; the front desk reads the answers from the schedule', async ({ browser }) => {
  test.setTimeout(120_000);
  const family = uniqueName('Checker');
  const code = adminInvite(['invite-patient', '--given-name', 'Cy', '--family-name', family, '--birth-date', '1981-04-05']);
  const page = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(page);
  await enroll(page, code, '1981-04-05');
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(page, 'My record');
  const patientId = page.url().split('/patients/')[1].split(/[/?#]/)[0];
  expect(porticoAdmin(['schedule-demo', '--patient-id', patientId])).toContain('Demo schedule ready');

  // A visit in the next few days (one of the first open times: other tests book too).
  await page.goto(`/patients/${patientId}/appointments/book`);
  await hydrated(page);
  await page.getByLabel(/New problem/).check();
  await page.getByRole('button', { name: 'Show open times' }).click();
  await hydrated(page);
  const times = page.getByRole('group', { name: 'Choose a time' }).getByRole('radio');
  await expect(times.first()).toBeVisible();
  const pick = Math.floor(Math.random() * Math.min(10, await times.count()));
  await times.nth(pick).check();
  await page.getByRole('button', { name: 'Book this time' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Booked for' })).toBeVisible();

  // From the list, to the check-in.
  await page.goto(`/patients/${patientId}/appointments`);
  await hydrated(page);
  await page.getByRole('region', { name: 'Upcoming' }).getByRole('listitem').filter({ hasText: 'New problem' })
    .getByRole('link', { name: 'Check in online' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Check in: New problem');
  await hydrated(page);
  await noAxeViolations(page);
  await page.getByRole('group', { name: 'Your address, phone and e-mail' }).getByRole('checkbox', { name: 'This is right' }).check();
  await page.getByRole('group', { name: 'Your allergies' }).getByRole('checkbox', { name: 'This is right' }).check();
  // A part left unticked without saying what changed is refused, and nothing is stored.
  await page.getByLabel(/talk about at this visit/).fill('Rash on both arms since Tuesday');
  await page.getByRole('group', { name: /emergency room/ }).getByRole('radio', { name: 'No' }).check();
  await page.getByLabel(/Pain today/).fill('3');
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'tell us what has changed' })).toBeVisible();
  await page.getByLabel(/What has changed/).fill('Started a new inhaler in May; insurance unchanged');
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Checked in.' })).toBeVisible();
  const sent = page.getByRole('region', { name: 'Checked in online' });
  await expect(sent).toContainText('Rash on both arms since Tuesday');
  await expect(sent).toContainText('Started a new inhaler in May');
  await expect(page.getByRole('button', { name: 'Check in' })).toHaveCount(0);

  // The front desk: on this week's schedule the visit says "checked in online", with the answers.
  const desk = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(desk);
  await enroll(desk, adminInvite(['invite-staff', '--name', uniqueName('Desk'), '--role', 'front-desk']));
  await desk.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(desk, 'Schedule');
  await desk.getByLabel('Show').selectOption('7');
  await desk.getByRole('button', { name: 'Show' }).click();
  await expect(desk).toHaveURL(/days=7/);
  const row = desk.getByRole('row').filter({ hasText: family }).filter({ hasText: 'New problem' });
  await row.getByRole('link', { name: 'checked in online' }).click();
  await expect(desk.getByRole('heading', { level: 1 })).toContainText('Check in: New problem');
  const answers = desk.getByRole('region', { name: 'Checked in online' });
  await expect(answers).toContainText('Rash on both arms since Tuesday');
  await expect(answers).toContainText('Not confirmed: Your insurance; The medicines you take');
  await hydrated(desk);
  await noAxeViolations(desk);
});

test('an administrator changes weekly hours from tomorrow; the table shows the old hours ending and the new ones', async ({ browser }) => {
  test.setTimeout(90_000);
  const doctor = uniqueName('Dr Change');
  porticoAdmin(['clinician', '--name', doctor]);
  const place = uniqueName('Clinic');
  porticoAdmin(['location', '--name', place, '--address', '1 Test Street']);
  porticoAdmin(['visit-type', '--id', 'quick-check', '--name', 'Quick check', '--minutes', '10']);
  const admin = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(admin);
  await enroll(admin, adminInvite(['invite-staff', '--name', uniqueName('Ada'), '--role', 'admin']));
  await admin.goto('/admin/schedule');
  await hydrated(admin);
  await admin.getByText('Add weekly hours').click();
  await admin.locator('#hours-clinician').selectOption({ label: doctor });
  await admin.locator('#hours-location').selectOption({ label: place });
  await admin.locator('#hours-weekday').selectOption('3');
  await admin.getByRole('button', { name: 'Add these hours' }).click();
  const hours = admin.getByRole('region', { name: 'Weekly hours in force' });
  const row = hours.getByRole('row').filter({ hasText: doctor });
  await expect(row).toContainText('Wednesday 09:00–12:00, 20-minute slots');

  const zone = await admin.getByLabel(/time zone/).inputValue();
  const [tomorrow] = wallClock(zone, new Date(Date.now() + 24 * 3_600_000));
  await row.locator('summary').click();
  await row.getByLabel('From (tomorrow at the earliest)').fill(tomorrow);
  await row.getByLabel('From', { exact: true }).fill('08:30');
  await row.getByLabel('Minutes per slot').fill('30');
  await noAxeViolations(admin);
  await row.getByRole('button', { name: 'Change these hours' }).click();
  await expect(admin.getByRole('status').filter({ hasText: /changed from the day chosen/i }).first()).toBeVisible();
  await admin.reload();
  const rows = hours.getByRole('row').filter({ hasText: doctor });
  await expect(rows.filter({ hasText: 'Wednesday 08:30–12:00, 30-minute slots' })).toContainText(`from ${tomorrow}`);
  await expect(rows.filter({ hasText: 'Wednesday 09:00–12:00, 20-minute slots' })).toContainText(' to ');
});
