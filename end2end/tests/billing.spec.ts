import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, hydrated, addPlatformAuthenticator, adminInvite, portico, uniqueName, useNav, enroll } from './fixtures';

// Billing: a patient sees what she owes and why (from her health plan's explanation of benefit),
// reads a statement, pays $25 with the processor's test card (localstripe stands in for Stripe,
// started by `cargo xtask test`), and the balance drops by exactly $25, once; the billing office
// refunds it.

const BIRTH_DATE = '1966-08-19';

/** axe on the page, leaving out the card processor's own fields (its script draws them). */
async function noAxeViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).exclude('#card-element').analyze();
  expect(results.violations).toEqual([]);
}

function bundle(fhirId: string, family: string) {
  const subject = { reference: `Patient/${fhirId}` };
  const adjudication = (code: string, value: number) => ({
    category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code }] },
    amount: { value, currency: 'USD' },
  });
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        resource: {
          resourceType: 'Patient',
          id: fhirId,
          name: [{ use: 'official', family, given: ['Paula'] }],
          birthDate: BIRTH_DATE,
        },
      },
      {
        resource: {
          resourceType: 'ExplanationOfBenefit',
          id: `${fhirId}-eob`,
          status: 'active',
          type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
          use: 'claim',
          patient: subject,
          created: '2026-03-15T10:00:00Z',
          billablePeriod: { start: '2026-03-12T16:00:00Z' },
          insurer: { display: 'Sonoran Health Plan' },
          provider: { display: 'Desert Willow Family Medicine' },
          outcome: 'complete',
          insurance: [{ focal: true, coverage: { display: 'Sonoran PPO Gold' } }],
          item: [
            {
              sequence: 1,
              productOrService: { text: 'Office visit' },
              servicedDate: '2026-03-12',
              adjudication: [adjudication('submitted', 180), adjudication('benefit', 120), adjudication('copay', 60)],
            },
          ],
        },
      },
    ],
  };
}

/** Imports a patient with one claimed visit (she owes $60.00), enrols her and opens her record. */
async function billedPatient(browser: import('@playwright/test').Browser, prefix: string) {
  const fhirId = `e2e-${uniqueName(prefix).toLowerCase()}`;
  const family = uniqueName('Payer');
  const dir = mkdtempSync(join(tmpdir(), 'portico-e2e-'));
  const file = join(dir, 'patient.json');
  writeFileSync(file, JSON.stringify(bundle(fhirId, family)));
  expect(portico(['import', file])).toContain('Patients: 1 created');
  const page = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(page);
  await enroll(page, adminInvite(['patient-code', '--fhir-id', fhirId]), BIRTH_DATE);
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(page, 'My record');
  const patientId = page.url().split('/patients/')[1].split(/[/?#]/)[0];
  return { page, patientId, family };
}

/** Types a test card into the stand-in's card fields (Stripe's own would be in its frame). */
async function fillCard(page: import('@playwright/test').Page, number: string) {
  const card = page.locator('#card-element');
  await card.locator('input[placeholder="number"]').fill(number);
  await card.locator('input[placeholder="exp_month"]').fill('12');
  await card.locator('input[placeholder="exp_year"]').fill('31');
  await card.locator('input[placeholder="cvc"]').fill('123');
  await card.locator('input[placeholder="postal_code"]').fill('85701');
}

/** A billing office member, signed in. */
async function billingOffice(browser: import('@playwright/test').Browser) {
  const office = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(office);
  await enroll(office, adminInvite(['invite-staff', '--name', uniqueName('Bea Biller'), '--role', 'billing']));
  await office.getByRole('link', { name: 'Continue to Portico' }).click();
  return office;
}

test('a patient pays $25 of her bill by card, once, and the billing office refunds it', async ({ browser }) => {
  test.setTimeout(150_000);
  const { page, patientId, family } = await billedPatient(browser, 'bill');

  await page.getByRole('link', { name: 'Billing', exact: true }).first().click();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'You owe $60.00' })).toBeVisible();
  await expect(
    page.getByText('Office visit, Thu 12 Mar 2026: billed $180.00, insurance paid $120.00, you owe $60.00'),
  ).toBeVisible();
  await noAxeViolations(page);

  // The statement for March.
  await page.getByRole('link', { name: 'Statement for March 2026' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Statement for March 2026');
  await expect(page.getByText('$60.00', { exact: true }).first()).toBeVisible();
  await noAxeViolations(page);

  // Pay $25 with the test card in the processor's own fields.
  await page.goto(`/patients/${patientId}/billing`);
  await hydrated(page);
  const amount = page.getByLabel('Amount (USD)');
  await expect(amount).toHaveValue('60.00');
  await amount.fill('25');
  await fillCard(page, '4242424242424242');
  await page.getByRole('button', { name: 'Pay now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'We received your payment of $25.00.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'You owe $35.00' })).toBeVisible();
  // The processor's event arrives too; the payment still counts once.
  await page.waitForTimeout(2500);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'You owe $35.00' })).toBeVisible();
  const payment = page.getByRole('region', { name: 'Payments' }).getByRole('listitem');
  await expect(payment).toHaveCount(1);
  await expect(payment).toContainText('Paid');

  // The billing office refunds it.
  const office = await billingOffice(browser);
  await office.goto(`/patients/${patientId}/billing`);
  await hydrated(office);
  await expect(office.getByRole('heading', { name: `Paula ${family} owes $35.00` })).toBeVisible();
  await noAxeViolations(office);
  const refund = office.getByRole('region', { name: 'Payments' });
  await expect(refund.getByLabel('Refund amount')).toHaveValue('25.00');
  await refund.getByLabel('Reason').fill('Paid in person the same day');
  await refund.getByRole('button', { name: 'Refund' }).click();
  await expect(office.getByRole('status').filter({ hasText: 'Refunded.' })).toBeVisible();
  await expect(office.getByText('$25.00 refunded')).toBeVisible();
  await expect(office.getByRole('heading', { name: `Paula ${family} owes $60.00` })).toBeVisible();

  // The office's day: the payment, net of its refund, and who owes what by age.
  await useNav(office, 'Payments');
  await expect(office.getByRole('heading', { level: 1 })).toContainText('Payments on');
  const row = office.getByRole('row').filter({ hasText: `Paula ${family}` });
  await expect(row.first()).toContainText('$25.00');
  await expect(office.getByRole('region', { name: 'What is owed, by age' }).getByRole('row').filter({ hasText: `Paula ${family}` })).toContainText('$60.00');
  await noAxeViolations(office);

  // The patient sees it.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'You owe $60.00' })).toBeVisible();
  await expect(page.getByText('$25.00 refunded')).toBeVisible();

  // She spreads the $60 over two months (once the page's script runs, so the result shows here).
  await hydrated(page);
  await page.getByLabel('Monthly payments').selectOption({ label: '2 monthly payments of about $30.00' });
  await page.getByRole('button', { name: 'Start the plan' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The plan has started.' })).toBeVisible();
  const plan = page.getByRole('region', { name: 'Pay over time' });
  await expect(plan).toContainText('$60.00 in 2 monthly instalments');
  await expect(plan.getByRole('row').filter({ hasText: 'Next' })).toContainText('$30.00');
  await expect(plan.getByRole('row').filter({ hasText: 'Upcoming' })).toContainText('$30.00');
  await noAxeViolations(page);
});

// A 1×1 PNG, as a phone's photo of the card would be (smaller).
const CARD_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

test('a card the bank must check is paid after the payer confirms, and the insurance card has its pictures', async ({ browser }) => {
  test.setTimeout(150_000);
  const { page, patientId } = await billedPatient(browser, 'bank');
  await page.goto(`/patients/${patientId}/billing`);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'You owe $60.00' })).toBeVisible();

  // A card whose bank asks the payer (3-D Secure): the processor's own window asks; she confirms.
  await page.getByLabel('Amount (USD)').fill('10');
  await fillCard(page, '4000002760003184');
  await page.getByRole('button', { name: 'Pay now' }).click();
  await expect(page.getByText("Your card's bank asks you to confirm this payment")).toBeVisible();
  await page.getByRole('button', { name: 'Complete authentication' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'We received your payment of $10.00.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'You owe $50.00' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'You owe $50.00' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Payments' }).getByRole('listitem')).toHaveCount(1);

  // The insurance card: a picture of the front, shown back on the page.
  await hydrated(page);
  const cards = page.getByRole('region', { name: 'Insurance card' });
  const front = cards.locator('figure[data-side="front"]');
  await front.getByLabel('Add a picture (front of the card)').setInputFiles({
    name: 'IMG_0001.png',
    mimeType: 'image/png',
    buffer: CARD_PNG,
  });
  await front.getByRole('button', { name: 'Save the picture' }).click();
  const picture = front.getByRole('img', { name: 'Front of the card (insurance card)' });
  await expect(picture).toBeVisible();
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  await expect(front.getByLabel('Replace the picture (front of the card)')).toBeVisible();
  // The page read the bill again (it reloads after a form goes through): its forms run in place
  // once its script has run again.
  await hydrated(page);
  // A PDF is refused in plain words.
  const back = cards.locator('figure[data-side="back"]');
  await back.getByLabel('Add a picture (back of the card)').setInputFiles({
    name: 'card.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
  });
  await back.getByRole('button', { name: 'Save the picture' }).click();
  await expect(cards.getByRole('alert').filter({ hasText: 'choose a JPEG or PNG picture' })).toBeVisible();
  await noAxeViolations(page);

  // The billing office sees the picture.
  const office = await billingOffice(browser);
  await office.goto(`/patients/${patientId}/billing`);
  await hydrated(office);
  const seen = office.getByRole('img', { name: 'Front of the card (insurance card)' });
  await expect(seen).toBeVisible();
  await expect.poll(() => seen.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
});

test('a caregiver with the billing scope sees the bill and pays it, and nothing else', async ({ browser }) => {
  test.setTimeout(150_000);
  const { page, patientId, family } = await billedPatient(browser, 'carer');

  // She shares her bills only.
  await page.goto(`/patients/${patientId}/sharing`);
  await hydrated(page);
  const carer = uniqueName('Cory');
  await page.getByLabel('Their name').fill(carer);
  await page.getByLabel('Who they are to the patient').fill('Son');
  await page.getByRole('checkbox', { name: 'Health record' }).uncheck();
  await page.getByRole('checkbox', { name: 'Bills and insurance' }).check();
  await page.getByRole('button', { name: 'Create invitation code' }).click();
  const done = page.getByRole('heading', { name: `Invitation code for ${carer}` });
  const prompt = page.getByRole('button', { name: 'Confirm with passkey' });
  await expect(prompt.or(done).first()).toBeVisible();
  if (await prompt.isVisible()) await prompt.click();
  await expect(done).toBeVisible();
  const carerCode = (await page.getByLabel('Activation code', { exact: true }).textContent())!.trim();

  // The caregiver pays $5 of it with the test card.
  const carerPage = await (await browser.newContext()).newPage();
  await addPlatformAuthenticator(carerPage);
  await enroll(carerPage, carerCode);
  await carerPage.getByRole('link', { name: 'Continue to Portico' }).click();
  await carerPage.goto(`/patients/${patientId}/billing`);
  await hydrated(carerPage);
  await expect(carerPage.getByRole('heading', { name: `Paula ${family} owes $60.00` })).toBeVisible();
  await carerPage.getByLabel('Amount (USD)').fill('5');
  await fillCard(carerPage, '4242424242424242');
  await carerPage.getByRole('button', { name: 'Pay now' }).click();
  await expect(carerPage.getByRole('status').filter({ hasText: 'We received your payment of $5.00.' })).toBeVisible();
  await expect(carerPage.getByRole('heading', { name: `Paula ${family} owes $55.00` })).toBeVisible();
  await noAxeViolations(carerPage);
  // Only the bill is offered: the record's parts are not theirs to see.
  const parts = carerPage.getByRole('navigation', { name: 'Parts of the record' });
  await expect(parts.getByRole('link', { name: 'Billing' })).toBeVisible();
  await expect(parts.getByRole('link', { name: 'Problems' })).toHaveCount(0);

  // The patient sees the payment, and her access log names who paid.
  await page.goto(`/patients/${patientId}/billing`);
  await expect(page.getByRole('heading', { name: 'You owe $55.00' })).toBeVisible();
  await page.goto(`/patients/${patientId}/access-log`);
  await expect(
    page.getByRole('row').filter({ hasText: `${carer} (caregiver)` }).filter({ hasText: 'Paid by card' }).first(),
  ).toBeVisible();
});
