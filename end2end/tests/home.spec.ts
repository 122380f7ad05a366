import AxeBuilder from '@axe-core/playwright';

import { addPlatformAuthenticator, expect, hydrated, test } from './fixtures';

test('the home page hydrates and checks this device for passkeys', async ({ page, consoleErrors }) => {
  await addPlatformAuthenticator(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome to');
  await hydrated(page);

  const result = page.getByRole('status');
  await expect(result).toBeEmpty();
  await page.getByRole('button', { name: 'Check this device' }).click();
  await expect(result).toHaveText(/This browser supports passkeys, and this device can keep one/);
  expect(consoleErrors).toEqual([]);
});

test('without a built-in authenticator the check points to a phone or security key', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('button', { name: 'Check this device' }).click();
  await expect(page.getByRole('status')).toHaveText(/supports passkeys|does not support passkeys/);
  await expect(page.getByRole('status')).not.toHaveText(/Checking/);
});

test('the home page has no accessibility violations', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});

test('the contact page has no accessibility violations', async ({ page }) => {
  await page.goto('/contact');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact the clinic');
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});

test('an unknown address shows the not-found page', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await hydrated(page);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});
