import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page } from '@playwright/test';
import { test, expect, hydrated, addPlatformAuthenticator, adminInvite, portico, uniqueName, useNav, enroll } from './fixtures';
import { PAYLOADS } from './xss-payloads';

// The XSS corpus through the data path: every payload goes where an import, a patient, a
// caregiver's patient or a clinician can put text (names, problems, medications and their
// instructions, allergies and reactions, vaccines, result names, values, units and reference
// ranges, visits and their reasons, procedures, documents' titles and links, insurers, message
// subjects and bodies, replies, internal notes, a caregiver's name and relationship), and every
// page that shows them is opened in Chromium with a canary global and a CSP violation listener.
// Done means: no payload ran, the page's policy blocked nothing, and no link or frame points at a
// script URL (a `data:` link to a plain-text file, such as the recovery codes' download, is not one).

/** Records canary calls and CSP violations in every page of the context, from before any script. */
async function watch(context: BrowserContext) {
  await context.addInitScript(() => {
    const w = window as unknown as { __xss: (n: number) => void; __xssHits: number[]; __csp: string[] };
    w.__xssHits = [];
    w.__csp = [];
    w.__xss = (n: number) => w.__xssHits.push(n);
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
}

let pagesChecked = 0;

/** Opens `path` (if given), lets the page settle and asserts nothing ran or was blocked. */
async function check(page: Page, path?: string) {
  if (path) await page.goto(path);
  await hydrated(page);
  // Give event handlers (onload, onerror, autofocus) and lazy islands a moment to fire.
  await page.waitForTimeout(150);
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __xssHits: number[]; __csp: string[] };
    const scriptUrls = [...document.querySelectorAll('a[href], area[href], iframe[src], form[action], object[data], embed[src], base[href]')]
      .map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action') ?? el.getAttribute('data') ?? '')
      .filter((url) => /^\s*(javascript|vbscript):|^\s*data:(text\/html|text\/javascript|image\/svg|application\/(xhtml|javascript))/i.test(url.replace(/[\u0000-\u001f]/g, '')));
    // Portico's own markup carries no event-handler attributes (its script attaches listeners),
    // and no page visited here has a frame: any of these came from data.
    const injected =
      [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on'))).length +
      document.querySelectorAll('main script, iframe, object, embed, [srcdoc]').length;
    return { hits: w.__xssHits, csp: w.__csp, scriptUrls, injected };
  });
  expect(seen, `on ${page.url()}`).toEqual({ hits: [], csp: [], scriptUrls: [], injected: 0 });
  pagesChecked += 1;
}

/** What a person can type: forms refuse control characters (NUL and the like) in plain words,
 * so those payloads go in through the import only. */
function typed(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '');
}

/** Slices of the corpus, each under `max` characters once joined by newlines. */
function batches(max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const p of PAYLOADS.map(typed)) {
    if (current && current.length + p.length + 1 > max) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n${p}` : p;
  }
  if (current) out.push(current);
  return out;
}

const BIRTH_DATE = '1969-07-20';
const LOINC = 'http://loinc.org';

/** A patient whose every text field, resource after resource, carries the corpus. */
function bundle(fhirId: string, family: string) {
  const subject = { reference: `Patient/${fhirId}` };
  const entries: object[] = [
    {
      resource: {
        resourceType: 'Patient', id: fhirId, birthDate: BIRTH_DATE,
        name: [{ family, given: ['Xena'], text: PAYLOADS[0] }],
        telecom: [{ system: 'email', value: PAYLOADS[1] }],
        address: [{ line: [PAYLOADS[2]], city: PAYLOADS[3] }],
      },
    },
  ];
  PAYLOADS.forEach((p, i) => {
    const id = `${fhirId}-${i}`;
    const day = `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`;
    const text = { text: p };
    switch (i % 9) {
      case 0:
        entries.push({ resource: { resourceType: 'Condition', id, subject, code: text, clinicalStatus: { coding: [{ code: 'active' }] }, onsetDateTime: day, note: [{ text: p }] } });
        break;
      case 1:
        entries.push({ resource: { resourceType: 'MedicationRequest', id, subject, status: 'active', intent: 'order', medicationCodeableConcept: text, authoredOn: day, dosageInstruction: [{ text: p }], note: [{ text: p }] } });
        break;
      case 2:
        entries.push({ resource: { resourceType: 'AllergyIntolerance', id, patient: subject, code: text, recordedDate: day, reaction: [{ manifestation: [text], description: p }] } });
        break;
      case 3:
        entries.push({ resource: { resourceType: 'Immunization', id, patient: subject, status: 'completed', vaccineCode: text, occurrenceDateTime: day, note: [{ text: p }] } });
        break;
      case 4:
        entries.push({
          resource: {
            resourceType: 'Observation', id, subject, status: 'final', effectiveDateTime: `${day}T08:00:00Z`,
            category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
            code: { coding: [{ system: LOINC, code: `9${i}-0`, display: p }], text: p },
            valueQuantity: { value: 5 + i, unit: p },
            referenceRange: [{ low: { value: 1 }, high: { value: 9 }, text: p }],
            interpretation: [text],
            note: [{ text: p }],
          },
        });
        break;
      case 5:
        entries.push({
          resource: {
            resourceType: 'Observation', id, subject, status: 'final', effectiveDateTime: `${day}T09:00:00Z`,
            category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
            code: text, valueString: p,
          },
        });
        break;
      case 6:
        entries.push({ resource: { resourceType: 'Encounter', id, subject, status: 'finished', class: { code: 'AMB' }, type: [text], reasonCode: [text], period: { start: `${day}T10:00:00Z` } } });
        break;
      case 7:
        entries.push({ resource: { resourceType: 'Procedure', id, subject, status: 'completed', code: text, performedDateTime: day, note: [{ text: p }] } });
        break;
      default:
        entries.push({
          resource: {
            resourceType: 'DocumentReference', id, subject, status: 'current', type: text, date: `${day}T10:00:00Z`, description: p,
            content: [
              { attachment: { contentType: 'text/plain', title: p, data: Buffer.from(p).toString('base64') } },
              { attachment: { contentType: 'text/html', title: p, url: p } },
            ],
          },
        });
        entries.push({ resource: { resourceType: 'Coverage', id: `${id}-c`, status: 'active', beneficiary: subject, payor: [{ display: p }], type: text, subscriberId: p.slice(0, 60) } });
    }
  });
  return { resourceType: 'Bundle', type: 'collection', entry: entries };
}

test('no payload of the XSS corpus runs or trips the CSP on any page that shows it @corpus', async ({ browser }) => {
  test.setTimeout(600_000);
  expect(PAYLOADS.length).toBeGreaterThanOrEqual(100);
  const fhirId = `e2e-${uniqueName('xss').toLowerCase()}`;
  const family = uniqueName('Xss');
  const dir = mkdtempSync(join(tmpdir(), 'portico-e2e-'));
  const file = join(dir, 'xss.json');
  writeFileSync(file, JSON.stringify(bundle(fhirId, family)));
  expect(portico(['import', file])).toContain('Patients: 1 created');

  // The patient reads every part of the record and every entry in it.
  const patientContext = await browser.newContext();
  await watch(patientContext);
  const page = await patientContext.newPage();
  await addPlatformAuthenticator(page);
  await enroll(page, adminInvite(['patient-code', '--fhir-id', fhirId]), BIRTH_DATE);
  await check(page);
  await page.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(page, 'My record');
  const patientId = page.url().split('/patients/')[1].split(/[/?#]/)[0];
  await check(page);
  await check(page, `/patients/${patientId}/about`);
  const sections = ['problems', 'medications', 'allergies', 'immunizations', 'results', 'vitals', 'visits', 'procedures', 'documents', 'insurance'];
  const entries = new Set<string>();
  for (const section of sections) {
    let path: string | null = `/patients/${patientId}/records/${section}`;
    while (path) {
      await check(page, path);
      for (const href of await page.locator(`main a[href*="/records/${section}/"]`).evaluateAll((links) => links.map((a) => a.getAttribute('href')!))) {
        entries.add(href.split('?')[0]);
      }
      const next = page.getByRole('link', { name: /^Next|Older/ });
      path = (await next.count()) > 0 ? await next.first().getAttribute('href') : null;
    }
  }
  expect(entries.size).toBeGreaterThan(PAYLOADS.length / 2);
  for (const entry of entries) await check(page, entry);

  // Messages: subjects and bodies from the corpus.
  await check(page, `/patients/${patientId}/messages`);
  const subjects: string[] = [];
  for (const [n, body] of batches(4900).entries()) {
    const subject = `${typed(PAYLOADS[(n * 7) % PAYLOADS.length]).slice(0, 100)} ${n}`;
    subjects.push(subject);
    await page.getByRole('radio', { name: 'A medical question' }).check();
    await page.getByLabel('Subject').fill(subject);
    await page.getByLabel('Message').fill(body);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Sent.' })).toBeVisible();
    await check(page);
  }
  const threads = await page.locator('main a[href*="/messages/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  expect(threads.length).toBe(subjects.length);
  for (const thread of threads) await check(page, thread);

  // A caregiver invited under a name and relationship from the corpus.
  await check(page, `/patients/${patientId}/sharing`);
  await page.getByLabel('Their name').fill(typed(PAYLOADS[3]).slice(0, 80));
  await page.getByLabel('Who they are to the patient').fill(typed(PAYLOADS[26]).slice(0, 40));
  await page.getByRole('button', { name: /Invite|Create/ }).first().click();
  await expect(page.getByLabel('Activation code', { exact: true }).or(page.getByRole('button', { name: 'Confirm with passkey' })).first()).toBeVisible();
  if (await page.getByRole('button', { name: 'Confirm with passkey' }).isVisible()) {
    await page.getByRole('button', { name: 'Confirm with passkey' }).click();
  }
  await expect(page.getByLabel('Activation code', { exact: true })).toBeVisible();
  await check(page);
  await check(page, `/patients/${patientId}/sharing`);
  await check(page, `/patients/${patientId}/access-log`);

  // A clinician: the inbox, each conversation (answered and noted with the corpus), the patient
  // list and the patient's pages.
  const staffContext = await browser.newContext();
  await watch(staffContext);
  const doctor = await staffContext.newPage();
  await addPlatformAuthenticator(doctor);
  await enroll(doctor, adminInvite(['invite-staff', '--name', uniqueName('Dr Xss'), '--role', 'clinician']));
  await doctor.getByRole('link', { name: 'Continue to Portico' }).click();
  await useNav(doctor, 'Inbox');
  await check(doctor);
  const staffThreads = await doctor.locator('main a[href*="/messages/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  expect(staffThreads.length).toBeGreaterThanOrEqual(subjects.length);
  const [reply, note] = batches(4900);
  await check(doctor, staffThreads[0]);
  await doctor.getByLabel(/Internal note/).fill(note);
  await doctor.getByRole('button', { name: 'Add the note' }).click();
  await expect(doctor.getByText('Internal note (the patient never sees it)')).toBeVisible();
  await doctor.getByLabel('Your reply').fill(reply);
  await doctor.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(doctor.getByText('Internal note (the patient never sees it)')).toBeVisible();
  await check(doctor);
  for (const thread of staffThreads.slice(1)) await check(doctor, thread);
  await check(doctor, `/staff/patients?q=${encodeURIComponent(family)}`);
  await check(doctor, `/patients/${patientId}`);
  await check(doctor, `/patients/${patientId}/records/results`);
  // The patient reads the answer.
  await check(page, staffThreads[0].replace(/^.*\/patients\//, '/patients/'));
  console.log(`XSS corpus: ${PAYLOADS.length} payloads, ${pagesChecked} page views, 0 executions, 0 CSP violations`);
});
