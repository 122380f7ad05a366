import { expect, hydrated, test } from './fixtures';

test('the navigation reaches the contact page and back', async ({ page, isMobile }) => {
  await page.goto('/');
  await hydrated(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  const menu = page.getByRole('button', { name: 'Menu' });

  if (isMobile) {
    // On a phone the links fold behind the Menu button.
    await expect(nav.getByRole('link', { name: 'Contact the clinic' })).toBeHidden();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
  } else {
    await expect(menu).toBeHidden();
  }
  await nav.getByRole('link', { name: 'Contact the clinic' }).click();
  await expect(page).toHaveURL(/\/contact$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact the clinic');
  if (isMobile) {
    await expect(menu, 'following a link closes the menu').toHaveAttribute('aria-expanded', 'false');
    await expect(nav.getByRole('link', { name: 'Contact the clinic' })).toBeHidden();
    await menu.click();
  }
  await expect(nav.getByRole('link', { name: 'Contact the clinic' })).toHaveAttribute('aria-current', 'page');
  await nav.getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome to');
});

test('the skip link moves focus to the main content @keyboard', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
});
