/**
 * Accessibility checks of the element tests in every theme: axe (through
 * @open-wc/testing, colour contrast included) on the element as it is now,
 * in the light theme, in the dark one the system asks for
 * (`prefers-color-scheme: dark`, emulated by the browser), and in the dark
 * one a page forces while the system is light (`--eco-color-scheme: dark` on
 * an ancestor, what `<eco-provider theme="dark">` sets).
 */
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';

type Theme = 'light' | 'dark (system)' | 'dark (forced)';

async function check(el: Element, theme: Theme): Promise<void> {
  try {
    await expect(el).to.be.accessible();
  } catch (err) {
    if (err instanceof Error) err.message = `In the ${theme} theme: ${err.message}`;
    throw err;
  }
}

/**
 * Passes axe in the light theme, the system's dark theme and a forced dark
 * theme; `themed` is the element whose text colour shows that the theme did
 * change (`el` itself unless it is, say, a provider).
 */
export async function expectAccessible(el: Element, themed: Element = el): Promise<void> {
  const root = document.documentElement;
  const color = () => getComputedStyle(themed).color;
  try {
    await emulateMedia({ colorScheme: 'light' });
    await check(el, 'light');
    const light = color();
    await emulateMedia({ colorScheme: 'dark' });
    // The element's text turned light: the dark theme is the one checked.
    expect(color(), 'text colour in the dark theme (system)').to.not.equal(light);
    await check(el, 'dark (system)');
    await emulateMedia({ colorScheme: 'light' });
    root.style.setProperty('--eco-color-scheme', 'dark');
    expect(color(), 'text colour in the dark theme (forced)').to.not.equal(light);
    await check(el, 'dark (forced)');
  } finally {
    root.style.removeProperty('--eco-color-scheme');
    await emulateMedia({ colorScheme: 'light' });
  }
}
