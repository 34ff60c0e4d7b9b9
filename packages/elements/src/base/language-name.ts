/** Names already made, by locale: a feed asks for the same three on every post it renders. */
const names = new Map<string, string>();

/** A language's own name ("Deutsch", "Français"), capitalised: how its readers look for it in a switch. */
export function languageName(locale: string): string {
  let name = names.get(locale);
  if (name === undefined) {
    const own = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
    name = own.charAt(0).toLocaleUpperCase(locale) + own.slice(1);
    names.set(locale, name);
  }
  return name;
}
