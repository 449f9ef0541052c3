/** The digest as a chat message, as CSV and as CLI text: all from the same suppressed `Digest`. */
import { md } from "../../chat/inline.ts";
import {
  type Block,
  chart,
  file,
  heading,
  type MessageView,
  message,
  note,
  table,
  text,
} from "../../chat/views.ts";
import type { Locale } from "../../core/i18n.ts";
import type { Digest, Figure } from "./digest.ts";
import { pageView } from "./paging.ts";
import { inCell } from "./story.ts";
import { HIDDEN, type ShownTable } from "./suppression.ts";
import { digestLabels, digestTexts } from "./texts.ts";

export function titleOf(d: Digest, locale: Locale): string {
  const t = digestTexts(locale);
  const audience =
    d.audience.kind === "swv"
      ? t.swvAudience({ name: `${d.swv.name} (${d.swv.code})` })
      : t.boardAudience({ name: d.audience.name, number: d.audience.number });
  return t.title({ audience, period: d.period.label });
}

const normCell = (f: Figure, locale: Locale) => {
  const t = digestTexts(locale);
  if (!f.norm) return "";
  const state = f.norm.met === null ? t.normUnknown : f.norm.met ? t.normMet : t.normMissed;
  return `${f.norm.text}: ${state}`;
};

export function indicatorRows(d: Digest, locale: Locale): string[][] {
  // A count hidden to protect another reads "x", as in the tables; a value that cannot be shown "–".
  const at = (f: Figure, slot: Figure["hidden"][number]) =>
    f.hidden?.includes(slot) ? HIDDEN : inCell(f[slot], f.unit, locale);
  return d.figures.map((f) => [
    f.name,
    at(f, "value"),
    at(f, "previous"),
    at(f, "yearAgo"),
    normCell(f, locale),
  ]);
}

/** The indicator rows by group, in catalogue order. */
export function groupsOf(d: Digest, locale: Locale): [string, string[][]][] {
  const rows = indicatorRows(d, locale);
  const out = new Map<string, string[][]>();
  d.figures.forEach((f, i) => {
    const row = rows[i];
    if (!row) return;
    const list = out.get(f.group);
    if (list) list.push(row);
    else out.set(f.group, [row]);
  });
  return [...out];
}

const tableBlock = (s: ShownTable): Block =>
  table({ columns: ["", ...s.columns], rows: s.rows.map((r) => [r.label, ...r.cells.map(String)]) });

/** The digest message; `details` (SWV staff) adds the per-school table and the CSV file. */
/** The digest as the messages to post: one, or consecutive parts when it is too long for one. */
export function digestPosts(d: Digest, locale: Locale, details = false): MessageView[] {
  const t = digestTexts(locale);
  return pageView(digestView(d, locale, details), (title, part, parts) => t.part({ title, part, parts }));
}

export function digestView(d: Digest, locale: Locale, details = false): MessageView {
  const t = digestTexts(locale);
  const labels = digestLabels(locale);
  const signals = d.tables[0];
  // The breakdown chart takes the table's shown cells, "x" and "<5" included (drawn as not shown).
  const breakdown = (signals?.rows.slice(0, -1) ?? []).flatMap((r) => {
    const v = r.cells[0];
    return v === undefined ? [] : [{ label: r.label, value: v }];
  });
  return message(
    heading(titleOf(d, locale)),
    text(...d.story),
    // The indicators per group: short tables that every surface shows whole.
    ...groupsOf(d, locale).flatMap(([group, rows]) => [
      text(md`*${labels.group[group] ?? group}*`),
      table({
        columns: [t.colIndicator, d.period.label, d.previous.label, d.yearAgo.label, t.colNorm],
        rows,
      }),
    ]),
    chart({
      title: d.trend.title,
      categories: d.trend.categories,
      // A point hidden to protect another stays `x` (a gap with "x" at the axis), never `<5`.
      series: d.trend.series.map((s) => ({ name: s.name, values: s.values })),
      unit: t.unitCount,
    }),
    chart({
      title: `${t.breakdownTitle} (${d.period.label})`,
      categories: breakdown.map((b) => b.label),
      series: [{ name: t.seriesSignals, values: breakdown.map((b) => b.value) }],
      unit: t.unitCount,
    }),
    ...d.tables.flatMap((s) => [text(md`*${s.title}*`), tableBlock(s)]),
    ...(details && d.schools ? [text(md`*${d.schools.title}*`), tableBlock(d.schools)] : []),
    details
      ? file({
          name: t.csvName({ period: d.period.key }),
          mediaType: "text/csv",
          data: digestCsv(d, locale),
          title: titleOf(d, locale),
        })
      : undefined,
    note(t.legend),
  );
}

const csvCell = (v: string) => (/[;"\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const csvLine = (cells: string[]) => cells.map(csvCell).join(";");

/** The CSV export (`;`-separated, like DUO's files): indicators, then every table. */
export function digestCsv(d: Digest, locale: Locale): string {
  const t = digestTexts(locale);
  const out: string[] = [
    csvLine([t.colIndicator, "key", d.period.key, d.previous.key, d.yearAgo.key, t.colNorm]),
    ...d.figures.map((f, i) => csvLine([f.name, f.key, ...(indicatorRows(d, locale)[i]?.slice(1) ?? [])])),
  ];
  for (const s of [...d.tables, ...(d.schools ? [d.schools] : [])]) {
    out.push("", csvLine([s.title, ...s.columns]));
    for (const r of s.rows) out.push(csvLine([r.label, ...r.cells.map(String)]));
  }
  return `${out.join("\r\n")}\r\n`;
}

/** The CLI's text form. */
export function digestText(d: Digest, locale: Locale): string {
  const t = digestTexts(locale);
  const lines = [titleOf(d, locale), "", ...d.story, ""];
  const head = [t.colIndicator, d.period.key, d.previous.key, d.yearAgo.key, t.colNorm];
  const rows = [head, ...indicatorRows(d, locale)];
  const widths = head.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  for (const r of rows)
    lines.push(
      r
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join("  ")
        .trimEnd(),
    );
  for (const s of [...d.tables, ...(d.schools ? [d.schools] : [])]) {
    lines.push("", s.title);
    const all = [["", ...s.columns], ...s.rows.map((r) => [r.label, ...r.cells.map(String)])];
    const w = all[0]?.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length))) ?? [];
    for (const r of all)
      lines.push(
        r
          .map((cell, c) => cell.padEnd(w[c] ?? 0))
          .join("  ")
          .trimEnd(),
      );
  }
  lines.push("", t.legend);
  return lines.join("\n");
}
