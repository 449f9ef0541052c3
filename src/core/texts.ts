import type { Locale } from "./i18n.ts";

type Entry = string | ((params: never) => string);

/** A feature's own texts, Dutch and English with the same keys (the type checks it).
 *  const texts = defineTexts({ hello: (p: { name: string }) => `Hoi ${p.name}` }, { hello: (p) => `Hi ${p.name}` });
 *  texts("nl").hello({ name: "Sanne" }) */
export function defineTexts<T extends Record<string, Entry>>(
  nl: T,
  en: { [K in keyof T]: T[K] },
): (locale: Locale) => T {
  return (locale) => (locale === "en" ? en : nl);
}
