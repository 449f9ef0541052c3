import { AsyncLocalStorage } from "node:async_hooks";
import { z } from "zod";
import type { Locale } from "../core/i18n.ts";

/** zod's own messages (a check a schema gave no text for, e.g. a field missing from a forged
 * submission, or one of the wrong type) in the language of the person acting, Dutch unless they chose English, instead of
 * zod's English default. The actor's locale travels with the intent (AsyncLocalStorage), so every
 * schema gets it without passing it around. */
const current = new AsyncLocalStorage<Locale>();
const nl = z.locales.nl().localeError;
const en = z.locales.en().localeError;
const missing = { nl: "Dit veld ontbreekt: vul het in.", en: "This field is missing: fill it in." };
/** A value of the wrong kind (a number or list where text belongs, from a forged or broken
 * payload): said in words a person understands, not zod's "verwacht string, ontving getal". */
const wrongKind = {
  nl: "Deze waarde past niet bij dit veld: vul het opnieuw in.",
  en: "This value does not fit this field: fill it in again.",
};

type Issue = Parameters<NonNullable<typeof nl>>[0];

z.config({
  localeError: (issue: Issue) => {
    const locale = current.getStore() ?? "nl";
    if (issue.code === "invalid_type") return (issue.input === undefined ? missing : wrongKind)[locale];
    return (locale === "en" ? en : nl)?.(issue);
  },
});

/** Runs `work` with zod's messages in `locale`. */
export function inLocale<T>(locale: Locale, work: () => T): T {
  return current.run(locale, work);
}
