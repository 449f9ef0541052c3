/** The names of the cases feature's buttons and forms: the routing table and the views both use these.
 * They are the wire format (kept in buttons already sent), so a name never changes. */
export const caseActions = {
  show: "case.show",
  timeline: "case.timeline",
  /** The next page of `/knoop casus lijst` (value: the id of the last case shown). */
  listMore: "case.list.more",
  openFromSignal: "case.openFromSignal",
  openFromThuiszitter: "case.openFromThuiszitter",
  actionDone: "case.action.done",
  create: "case.create",
  goalAdd: "case.goal.add",
  actionAdd: "case.action.add",
  noteAdd: "case.note.add",
  participantAdd: "case.participant.add",
  consent: "case.consent",
  status: "case.status",
  close: "case.close",
} as const;
