/** The names of the check-ins' buttons and forms: the routing table and the views both use these.
 * They are the wire format (kept in buttons already sent), so a name never changes. */
export const cycleActions = {
  open: "cycle.open",
  later: "cycle.later",
  answer: "cycle.answer",
} as const;
