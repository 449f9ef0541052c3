import type { Inline } from "../chat/inline.ts";
import type { Locale } from "./i18n.ts";

/** A text: a plain string, or inline text with marks built with `md` (src/chat/inline.ts). */
type Entry = string | Inline | ((params: never) => string | Inline);

/** A feature's own texts, Dutch and English with the same keys (the type checks it).
 *  const texts = defineTexts({ hello: (p: { name: string }) => `Hoi ${p.name}` }, { hello: (p) => `Hi ${p.name}` });
 *  texts("nl").hello({ name: "Sanne" }) */
export function defineTexts<T extends Record<string, Entry>>(
  nl: T,
  en: { [K in keyof T]: T[K] },
): (locale: Locale) => T {
  return (locale) => (locale === "en" ? en : nl);
}
