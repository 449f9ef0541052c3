/** The thuiszittersregistratie form: "none this quarter" as a toggle, the known thuiszitters of the
 * school to confirm, update or end, and slots for new ones. Checked here, errors at the fields. */
import { oneValue, refill } from "../../chat/forms.ts";
import type { Field, FormValues, FormView, Reply } from "../../chat/views.ts";
import type { Locale } from "../../core/i18n.ts";
import type { ThuiszitterRow } from "../../store/rows.ts";
import { caseCodePattern } from "../cases/code.ts";
import { isLocalDate, type LocalDate } from "../cycles/dates.ts";
import { pupilRefSchema } from "../signals/pupil-ref.ts";
import { thuiszitterActions } from "./actions.ts";
import type { KnownUpdate, Reported } from "./service.ts";
import { KINDS, labels, OFFERS, OUTCOMES, type ThuiszitterTexts, thuiszitterTexts } from "./texts.ts";

/** New thuiszitters per submission; more can follow by opening the form again. */
export const SLOTS = 3;
const STILL = "blijft";
/** "JB 2015" and "JB2015" are the same pupil when looking for a duplicate. */
const compact = (ref: string) => ref.replace(/[\s./-]+/g, "");

const select = (name: string, label: string, options: [string, string][], value?: string): Field => ({
  name,
  label,
  kind: "select",
  options: options.map(([v, l]) => ({ value: v, label: l })),
  value,
});

export function registrationForm(
  locale: Locale,
  p: { instanceId: string; intro: string; known: ThuiszitterRow[] },
  values?: FormValues,
): FormView {
  const t = thuiszitterTexts(locale);
  const l = labels(locale);
  const offers = OFFERS.map((o): [string, string] => [o, l.offers[o] ?? o]);
  const fields: Field[] = [{ name: "none", label: t.none, kind: "toggle" }];
  p.known.forEach((k, i) => {
    fields.push(
      select(
        `k${i}_status`,
        t.known({ ref: k.pupilRef }),
        [
          [STILL, t.stillOut],
          ...OUTCOMES.map((o): [string, string] => [o, t.endedAs({ outcome: l.outcomes[o] ?? o })]),
        ],
        STILL,
      ),
      select(`k${i}_offer`, t.knownOffer({ ref: k.pupilRef }), offers, k.offer),
      { name: `k${i}_end`, label: t.knownEndDate({ ref: k.pupilRef }), kind: "date" },
    );
  });
  for (let n = 1; n <= SLOTS; n++) {
    const what = (w: string) => t.slot({ n, what: w });
    fields.push(
      { name: `n${n}_ref`, label: what(t.ref), kind: "text", maxLength: 20, hint: t.refHint },
      select(
        `n${n}_kind`,
        what(t.kind),
        KINDS.map((k) => [k, l.kinds[k] ?? k]),
      ),
      { name: `n${n}_since`, label: what(t.since), kind: "date", placeholder: "2026-11-02" },
      select(`n${n}_offer`, what(t.offer), offers),
      select(`n${n}_opp`, what(t.opp), [
        ["ja", t.yes],
        ["nee", t.no],
      ]),
      { name: `n${n}_case`, label: what(t.caseCode), kind: "text", maxLength: 20 },
    );
  }
  const form: FormView = {
    id: thuiszitterActions.answer,
    title: t.formTitle,
    submitLabel: t.submit,
    context: p.instanceId,
    intro: p.intro,
    fields,
  };
  return values ? refill(form, values) : form;
}

export type Checked =
  | { ok: true; none: boolean; known: KnownUpdate[]; reported: Reported[] }
  | { ok: false; reply: Reply };

/** The submission checked: every problem at its field in the actor's language, values kept. */
export function checkRegistration(
  form: FormView,
  locale: Locale,
  values: FormValues,
  known: ThuiszitterRow[],
  today: LocalDate,
): Checked {
  const t: ThuiszitterTexts = thuiszitterTexts(locale);
  const v = (name: string) => oneValue(values[name]).trim();
  const errors: Record<string, string> = {};
  const day = (name: string, required: boolean): LocalDate | null => {
    const d = v(name);
    if (!d) {
      if (required) errors[name] = t.required;
      return null;
    }
    if (!isLocalDate(d)) errors[name] = t.badDate;
    else if (d > today) errors[name] = t.futureDate;
    return d;
  };
  const oneOf = (name: string, list: readonly string[]) => {
    const x = v(name);
    if (!list.includes(x)) errors[name] = x ? t.choose : t.required;
    return x;
  };
  const updates: KnownUpdate[] = known.map((k, i) => {
    const status = oneOf(`k${i}_status`, [STILL, ...OUTCOMES]);
    const offer = oneOf(`k${i}_offer`, OFFERS);
    const ended = status !== STILL;
    const endedOn = day(`k${i}_end`, false);
    if (ended && !endedOn && !errors[`k${i}_end`]) errors[`k${i}_end`] = t.endDateNeeded;
    return { id: k.id, offer, outcome: ended ? status : null, endedOn: ended ? endedOn : null };
  });
  const reported: Reported[] = [];
  for (let n = 1; n <= SLOTS; n++) {
    const used = ["ref", "kind", "since", "offer", "opp", "case"].some((f) => v(`n${n}_${f}`));
    if (!used) continue;
    const ref = pupilRefSchema(locale).safeParse(v(`n${n}_ref`));
    if (!ref.success) errors[`n${n}_ref`] = ref.error.issues[0]?.message ?? t.required;
    const kind = oneOf(`n${n}_kind`, KINDS);
    const since = day(`n${n}_since`, true);
    const offer = oneOf(`n${n}_offer`, OFFERS);
    const opp = oneOf(`n${n}_opp`, ["ja", "nee"]);
    const caseCode = v(`n${n}_case`).toUpperCase();
    if (caseCode && !caseCodePattern.test(caseCode)) errors[`n${n}_case`] = t.badCaseCode;
    // One record per thuiszitter: a known one is updated above, not reported again.
    const same = (other: string) => ref.success && compact(other) === compact(ref.data);
    if (ref.success && [...known, ...reported].some((r) => same(r.pupilRef)))
      errors[`n${n}_ref`] = t.duplicate({ ref: ref.data });
    else if (ref.success && since)
      reported.push({
        pupilRef: ref.data,
        kind,
        absentSince: since,
        offer,
        opp: opp === "ja",
        caseCode: caseCode || null,
      });
  }
  const none = v("none") === "on";
  if (none && reported.length + Object.keys(errors).filter((e) => e.startsWith("n")).length > 0)
    errors.none = t.noneButFilled;
  if (!none && !known.length && !reported.length && !Object.keys(errors).length) errors.none = t.nothing;
  if (Object.keys(errors).length)
    return { ok: false, reply: { type: "invalid", form: refill(form, values, errors) } };
  return { ok: true, none, known: updates, reported };
}
