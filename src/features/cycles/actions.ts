/** The names of the check-ins' buttons and forms: the routing table and the views both use these.
 * They are the wire format (kept in buttons already sent), so a name never changes. */
export const cycleActions = {
  open: "cycle.open",
  later: "cycle.later",
  answer: "cycle.answer",
  /** SWV staff: the overview (a moment, board, page), reminding now, waiving, settings. */
  overview: "cycle.overview",
  remind: "cycle.remind",
  remindAll: "cycle.remindAll",
  waive: "cycle.waive",
  waived: "cycle.waived",
  settings: "cycle.settings",
  saveSettings: "cycle.saveSettings",
} as const;
