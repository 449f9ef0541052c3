import { type Locale, t } from "../../core/i18n.ts";
import type { ImportSummary } from "./duo-import.ts";

/** The import summary as lines of text for the terminal. */
export function renderSummary(s: ImportSummary, locale: Locale = "nl"): string {
  const status = s.swv.created
    ? t(locale, "import.summary.swvCreated")
    : s.swv.renamed
      ? t(locale, "import.summary.swvRenamed")
      : t(locale, "import.summary.swvExisting");
  const withoutLines = s.linesWithoutSwv.length
    ? t(locale, "import.summary.lines", { lines: s.linesWithoutSwv.join(", ") })
    : "";
  const out = [
    t(locale, "import.summary.swv", { code: s.swv.code, name: s.swv.name, status }),
    t(locale, "import.summary.schools", s.schools),
  ];
  const held = s.schools.deactivationHeld;
  if (held.length) out.push(t(locale, "import.summary.held", { count: held.length, codes: held.join(", ") }));
  out.push(
    t(locale, "import.summary.boards", s.boards),
    t(locale, "import.summary.pupils", { ...s.pupilCounts, year: String(s.pupilCounts.year) }),
  );
  if (s.pupilCounts.skipped.length) {
    out.push(t(locale, "import.summary.pupilsSkipped", { count: s.pupilCounts.skipped.length }));
    for (const row of s.pupilCounts.skipped) out.push(t(locale, "import.summary.pupilRow", row));
  }
  out.push(
    t(locale, "import.summary.elsewhere", {
      other: s.rowsOtherSwv,
      without: s.rowsWithoutSwv,
      lines: withoutLines,
    }),
  );
  if (!s.skipped.length) out.push(t(locale, "import.summary.skippedNone"));
  else {
    out.push(t(locale, "import.summary.skipped", { count: s.skipped.length }));
    for (const row of s.skipped) {
      const swv = row.swv ?? t(locale, "import.summary.swvUnknown");
      out.push(t(locale, "import.summary.skippedRow", { line: row.line, swv, reason: row.reason }));
    }
  }
  const seconds = (s.durationMs / 1000).toLocaleString(locale === "nl" ? "nl-NL" : "en-GB", {
    maximumFractionDigits: 1,
  });
  out.push(
    s.changes
      ? t(locale, "import.summary.changes", { changes: s.changes, seconds })
      : t(locale, "import.summary.noChanges", { seconds }),
  );
  return out.join("\n");
}
