/** The Inspectie's export as CSV: `;`-separated, CRLF, a cell quoted when it holds a separator, a
 * quote or a line break (written by hand: csv-stringify is not installed). */
import type { ExportRow } from "./service.ts";

const cell = (v: string | number) => {
  const s = String(v);
  return /[";,\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function exportCsv(rows: ExportRow[], periodKey: string): string {
  const lines = [["swv", "kwartaal", "school", "vestigingscode", "soort", "aantal"]];
  for (const r of rows) lines.push([r.swv, periodKey, r.school, r.locationCode, r.kind, String(r.count)]);
  return `${lines.map((l) => l.map(cell).join(";")).join("\r\n")}\r\n`;
}
