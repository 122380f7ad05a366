import AxeBuilder from '@axe-core/playwright';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import {
  addPlatformAuthenticator,
  adminInvite,
  allowAutofillOff,
  enroll,
  expect,
  hydrated,
  test,
  uniqueName,
} from './fixtures';

/** Every message id of the English files that has a hyphen (`book-title`): an island that was
 *  not given its words shows the id instead of the words. */
const MESSAGE_IDS: string[] = (() => {
  const dir = join(__dirname, '..', '..', 'domain', 'locales', 'en');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ftl'))
    .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/^([a-z][a-z0-9_-]*-[a-z0-9_-]+) =/gm)])
    .map((m) => m[1]);
})();

async function noMessageIds(page: import('@playwright/test').Page) {
  const text = await page.locator('body').innerText();
  const words = new Set(text.split(/[^a-z0-9_-]+/));
  expect(MESSAGE_IDS.filter((id) => words.has(id))).toEqual([]);
}

async function noAxeViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
}

test('anyone can read Portico in Spanish: the pages, the sign-in form and the menu', async ({ page }) => {
  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Iniciar sesión');
  await hydrated(page);
  // The form runs in the browser too: it was given its words in Spanish.
  await expect(page.getByRole('button', { name: 'Iniciar sesión con una llave de acceso' })).toBeVisible();
  await expect(page.getByLabel('Su llave de acceso')).toBeVisible();
  await expect(page.getByRole('link', { name: /Configure su cuenta con su código/ })).toBeVisible();
  await noAxeViolations(page);
  // The phone's Menu button (an island) and the navigation it folds.
  const menu = page.getByRole('button', { name: 'Menú' });
  if (await menu.isVisible()) await menu.click();
  await expect(
    page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Contactar con la clínica' }),
  ).toBeVisible();

  for (const [path, heading] of [
    ['/', /^Bienvenido a /],
    ['/contact', 'Contactar con la clínica'],
    ['/no-such-page', 'Página no encontrada'],
  ] as const) {
    await page.goto(path);
    await hydrated(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await noAxeViolations(page);
  }
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('button', { name: 'Comprobar este dispositivo' }).click();
  await expect(page.getByRole('status')).toHaveText(/llaves de acceso/);

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Welcome to /);
});

test("a patient's choice of Spanish is kept with her account and follows her to another browser", async ({
  page,
}) => {
  // Twelve pages, each read by axe.
  test.setTimeout(150_000);
  await allowAutofillOff(page.context());
  const device = await addPlatformAuthenticator(page);
  const code = adminInvite([
    'invite-patient',
    '--given-name',
    'Maria',
    '--family-name',
    uniqueName('Lopez'),
    '--birth-date',
    '1968-03-14',
  ]);
  await enroll(page, code, '1968-03-14');
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { name: /^Hola, Maria/ })).toBeVisible();
  await expect(page.getByText('Ha iniciado sesión como paciente.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Historiales' })).toBeVisible();
  await hydrated(page);
  await noAxeViolations(page);

  // Her record's main pages, in Spanish, each read by axe. An island shows a message's id if it
  // was not given its words; none may show.
  // (On a phone the navigation is folded: read the link's address without opening it.)
  const record = await page.locator('#site-nav a[href^="/patients/"]').first().getAttribute('href');
  for (const [path, heading] of [
    [record!, 'Resumen de salud'],
    [`${record}/records/results`, 'Resultados de pruebas'],
    [`${record}/appointments`, 'Citas'],
    [`${record}/appointments/book`, 'Reservar una cita'],
    [`${record}/messages`, 'Mensajes'],
    [`${record}/renewals`, 'Renovaciones de recetas'],
    [`${record}/sharing`, 'Compartir'],
    [`${record}/access-log`, 'Registro de accesos'],
    [`${record}/about`, 'Historial de salud'],
    [`${record}/billing`, 'Facturación'],
  ] as const) {
    await page.goto(path);
    await hydrated(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page.getByRole('region', { name: 'De quién es este historial' })).toContainText(
      'Su propio historial',
    );
    await noMessageIds(page);
    await noAxeViolations(page);
  }
  // What the server writes is in Spanish too: the access log names her reading her record.
  await page.goto(`${record}/access-log`);
  await expect(page.getByText('Vio el historial de salud').first()).toBeVisible();
  await expect(page.getByRole('cell', { name: /^Usted \(Chrome en / }).first()).toBeVisible();
  await expect(page.getByText('Viewed the health record')).toHaveCount(0);
  // Her Security page: passkeys, sessions, recovery codes and e-mails, all in Spanish.
  await page.goto('/security');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seguridad');
  await noMessageIds(page);
  await noAxeViolations(page);

  // Another browser: no cookies at all, and it asks for English. Signing in brings her choice.
  await device.respond(false);
  await page.context().clearCookies();
  await page.goto('/sign-in?autofill=off');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await hydrated(page);
  await device.respond(true);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('heading', { name: /^Hola, Maria/ })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
});

test("the clinic's pages in Spanish: an administrator's schedule, patients, invitations, import, audit and settings", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await addPlatformAuthenticator(page);
  await enroll(page, adminInvite(['invite-staff', '--name', uniqueName('Ana Admin'), '--role', 'admin']));
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  for (const [path, heading] of [
    ['/staff/schedule', 'Agenda'],
    ['/staff/patients', 'Pacientes'],
    ['/staff/invitations', 'Invitaciones'],
    ['/staff/import', 'Importar historiales'],
    ['/admin/audit', 'Registro de auditoría'],
    ['/admin/schedule', 'Ajustes de la agenda'],
  ] as const) {
    await page.goto(path);
    await hydrated(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await noMessageIds(page);
    await noAxeViolations(page);
  }
});
