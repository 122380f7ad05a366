import { execFileSync } from 'node:child_process';
import { test as base, expect, type Page } from '@playwright/test';

/** Every page a test opens fails the test if it logs an error or throws. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
    expect(errors, 'console errors').toEqual([]);
  },
});

export { expect };

/** Waits until the WASM has hydrated the server-rendered page. */
export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated]')).toHaveCount(1);
}

/** A platform authenticator with user verification, as a phone or laptop with biometrics has. */
export async function addPlatformAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return {
    cdp,
    authenticatorId,
    /**
     * Whether the authenticator answers at once, as if the person touched it. Off, a request
     * waits, like a passkey autofill that nobody has picked from yet.
     */
    respond: (enabled: boolean) =>
      cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled }),
  };
}

/**
 * Runs `portico …` against the test server's data directory (the test command passes both) and
 * returns what it printed.
 */
export function portico(args: string[]): string {
  const bin = process.env.PORTICO_E2E_BIN;
  const dataDir = process.env.PORTICO_E2E_DATA_DIR;
  if (!bin || !dataDir) throw new Error('run through `cargo xtask test`: PORTICO_E2E_BIN is not set');
  const port = new URL(process.env.PORTICO_E2E_BASE_URL ?? 'http://localhost:3000').port;
  return execFileSync(bin, args, {
    env: { ...process.env, PORTICO_DATA_DIR: dataDir, LEPTOS_SITE_ADDR: `127.0.0.1:${port}` },
    encoding: 'utf8',
  });
}

/** `portico admin …`: [`portico`] for the clinic's commands. */
export function porticoAdmin(args: string[]): string {
  return portico(['admin', ...args]);
}

/** [`porticoAdmin`], for a command that issues an activation code: the code. */
export function adminInvite(args: string[]): string {
  const out = porticoAdmin(args);
  const match = out.match(/Activation code for .*: ([0-9A-Z-]+)/);
  if (!match) throw new Error(`no code in: ${out}`);
  return match[1];
}

/** A unique name per run, so tests never see each other's people. */
export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Clicks a link or button in the site navigation, opening the phone menu first if needed. */
export async function useNav(page: Page, name: string, role: 'link' | 'button' = 'link') {
  // Before hydration the Menu button does nothing and the navigation is shown open; a click
  // then would be undone when the page hydrates with the menu closed.
  await hydrated(page);
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole(role, { name }).click();
}

/** Signs out. The authenticator should not be answering (`respond(false)`): the sign-in page
 * that follows starts a passkey autofill request at once. */
export async function signOut(page: Page) {
  await useNav(page, 'Sign out', 'button');
  await expect(page).toHaveURL(/\/sign-in\?reason=signed-out/);
  await expect(page.getByRole('status')).toContainText('You have signed out');
}

/** Enrols with a code (and date of birth, for patients) in `page`, which has an authenticator. */
export async function enroll(page: Page, code: string, birthDate?: string) {
  await page.goto('/enroll');
  await hydrated(page);
  await page.getByRole('textbox', { name: 'Activation code' }).fill(code);
  if (birthDate) await page.getByLabel('Date of birth').fill(birthDate);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Create passkey' }).click();
  await expect(page.getByRole('heading', { name: /You're all set/ })).toBeVisible();
}

/** A USB security key with user verification (a PIN), as a second passkey. */
export async function addSecurityKey(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'usb',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return {
    cdp,
    respond: (enabled: boolean) =>
      cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled }),
  };
}

/**
 * Pages of this context opened with `?autofill=off` behave like a browser without passkey
 * autofill (no conditional mediation), so only the "Sign in with a passkey" button can sign in.
 * A virtual authenticator answers a waiting autofill request on its own, which would race the
 * button.
 */
export async function allowAutofillOff(context: import('@playwright/test').BrowserContext) {
  await context.addInitScript(() => {
    if (new URLSearchParams(location.search).get('autofill') === 'off' && window.PublicKeyCredential) {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    }
  });
}
