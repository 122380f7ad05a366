import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, addPlatformAuthenticator, adminInvite, portico, uniqueName, useNav, enroll } from './fixtures';

// A document's files are plain links: they save (never open as a page), even a file the import
// declared as HTML, and they work before the page's script has loaded.

const BIRTH_DATE = '1971-02-03';

test('a document file saves as a file, an HTML one as a download that never renders', async ({ browser }) => {
  const fhirId = `e2e-${uniqueName('doc').toLowerCase()}`;
  const subject = { reference: `Patient/${fhirId}` };
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      { resource: { resourceType: 'Patient', id: fhirId, name: [{ family: uniqueName('Doc'), given: ['Dora'] }], birthDate: BIRTH_DATE } },
      {
        resource: {
          resourceType: 'DocumentReference', id: `${fhirId}-d`, status: 'current', type: { text: 'Referral letter' },
          subject, date: '2026-03-01T10:00:00Z',
          content: [
            { attachment: { contentType: 'text/html', title: 'Referral letter', data: b64('<script>window.owned = 1</script><p>Letter</p>') } },
          ],
        },
      },
    ],
  };
  const dir = mkdtempSync(join(tmpdir(), 'portico-e2e-'));
  const file = join(dir, 'patient.json');
  writeFileSync(file, JSON.stringify(bundle));
  expect(portico(['import', file])).toContain('Patients: 1 created');
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await addPlatformAuthenticator(page);
  await enroll(page, adminInvite(['patient-code', '--fhir-id', fhirId]), BIRTH_DATE);
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(page, 'My record');
  const patientId = page.url().split('/patients/')[1].split(/[/?#]/)[0];
  await page.goto(`/patients/${patientId}/records/documents`);
  await page.getByRole('link', { name: /Referral letter/ }).first().click();
  const link = page.getByRole('link', { name: /^Download Referral letter/ });
  await expect(link).toHaveAttribute('download', '');
  const downloading = page.waitForEvent('download');
  await link.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Referral-letter.html');
  expect(readFileSync((await download.path())!, 'utf8')).toContain('<p>Letter</p>');
  // The portal's page is still the portal's page; nothing from the file ran in it.
  expect(await page.evaluate(() => (window as unknown as { owned?: number }).owned)).toBeUndefined();
});
