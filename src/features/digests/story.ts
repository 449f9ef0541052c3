/** The story behind the numbers: a few Dutch (or English) sentences made from the shown figures
 * only (never from raw counts), so a sentence cannot reveal what a table hides. Small numbers are
 * phrased as "minder dan 5", never "van 2 naar 3". */
import type { Locale } from "../../core/i18n.ts";
import type { Shown, Unit } from "./catalogue.ts";
import type { Digest, Figure } from "./digest.ts";
import { digestTexts } from "./texts.ts";

/** A shown value in running text: "12", "minder dan 5", "45%", "3,5 dagen". */
export function inText(v: Shown, unit: Unit, locale: Locale): string {
  const t = digestTexts(locale);
  if (v === null) return t.notShown;
  if (v === "<5") return t.lessThan5;
  const n = locale === "nl" ? String(v).replace(".", ",") : String(v);
  if (unit === "procent") return `${n}%`;
  if (unit === "dagen") return `${n} ${t.unitDays}`;
  if (unit === "per1000") return `${n} ${t.unitPer1000}`;
  return n;
}

/** A shown value in a table cell: "12", "<5", "45%", "–" (not shown). */
export function inCell(v: Shown, unit: Unit, locale: Locale): string {
  if (v === null) return "–";
  if (v === "<5") return "<5";
  const n = locale === "nl" ? String(v).replace(".", ",") : String(v);
  return unit === "procent" ? `${n}%` : n;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const get = (d: Digest, key: string) => d.figures.find((f) => f.key === key);

export function storyOf(d: Digest, locale: Locale): string[] {
  const t = digestTexts(locale);
  const out: string[] = [];
  const signals = get(d, "signals.new");
  const cases = get(d, "cases.opened");
  if (signals && cases)
    out.push(
      t.storyOpening({
        period: d.period.label,
        signals: inText(signals.value, "aantal", locale),
        cases: inText(cases.value, "aantal", locale),
        previous: d.previous.label,
        prevSignals: inText(signals.previous, "aantal", locale),
      }),
    );

  // The largest changes against the previous period: counts only, at least 5 and 20% apart.
  const changes = d.figures
    .filter((f) => f.unit === "aantal" && f.key !== "signals.new" && f.key !== "cases.opened")
    .flatMap((f) => change(f, locale))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 2);
  for (const c of changes) out.push(c.text);

  const norms = d.figures.filter((f) => f.norm && f.norm.met !== null);
  const met = norms.filter((f) => f.norm?.met);
  const missed = norms.filter((f) => f.norm?.met === false);
  const normItem = (f: Figure) =>
    `${lowerFirst(f.name)} ${inText(f.value, f.unit, locale)} (norm ${f.unit === "procent" ? `${f.norm?.target}%` : f.norm?.target})`;
  if (missed.length) out.push(t.storyNormsMissed({ list: missed.map(normItem).join("; ") }));
  if (met.length) out.push(t.storyNormsMet({ list: met.map(normItem).join("; ") }));

  const beyond = get(d, "thuiszitters.beyond3m");
  if (beyond && beyond.value !== 0 && beyond.value !== null)
    out.push(t.storyBeyond({ count: inText(beyond.value, "aantal", locale) }));
  const overdue = get(d, "actions.overdue");
  if (overdue && typeof overdue.value === "number" && overdue.value >= 5)
    out.push(t.storyOverdue({ count: inText(overdue.value, "aantal", locale) }));
  if (!changes.length && !missed.length) out.push(t.storyQuiet);
  return out;
}

function change(f: Figure, locale: Locale): { text: string; weight: number }[] {
  const t = digestTexts(locale);
  const { value: now, previous: before } = f;
  if (now === null || before === null) return [];
  // One side small: say so, never the small number itself.
  if (now === "<5" && typeof before === "number" && before >= 10)
    return [{ text: t.storySmallNow({ name: f.name, from: String(before) }), weight: 1 }];
  if (before === "<5" && typeof now === "number" && now >= 10)
    return [{ text: t.storySmallBefore({ name: f.name, to: String(now) }), weight: 1 }];
  if (typeof now !== "number" || typeof before !== "number") return [];
  const delta = now - before;
  if (Math.abs(delta) < 5 || Math.abs(delta) < 0.2 * Math.max(before, 1)) return [];
  const p = { name: f.name, from: String(before), to: String(now) };
  return [{ text: delta > 0 ? t.storyUp(p) : t.storyDown(p), weight: Math.abs(delta) / Math.max(before, 1) }];
}
