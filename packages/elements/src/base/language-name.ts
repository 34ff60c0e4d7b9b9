/** Names already made, by locale named and locale named in: a feed asks for the same three on every post it renders. */
const names = new Map<string, string>();

/**
 * The name of a language. In `inLocale` when given ("German" for a reader in
 * English, "allemand" in French), as a sentence or a form uses it; otherwise
 * its own name, capitalised ("Deutsch", "Français"): how its readers look
 * for it in a language switch. An unknown code is returned as it is.
 */
export function languageName(language: string, inLocale?: string): string {
  const key = `${language} ${inLocale ?? ''}`;
  let name = names.get(key);
  if (name === undefined) {
    try {
      name = new Intl.DisplayNames([inLocale ?? language], { type: 'language' }).of(language) ?? language;
    } catch {
      name = language;
    }
    if (inLocale === undefined) name = name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
    names.set(key, name);
  }
  return name;
}
