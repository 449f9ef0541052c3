/** The names of the meetings feature's buttons and forms: the routing table and the views both use these.
 * They are the wire format (kept in buttons already sent), so a name never changes. */
export const meetingActions = {
  propose: "meeting.propose",
  answer: "meeting.answer",
  /** A reader's own view of the meeting posted in a case space (see MessageView.personal). */
  view: "meeting.view",
  confirm: "meeting.confirm",
  create: "meeting.create",
} as const;
