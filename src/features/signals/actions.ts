/** The names of the signal feature's buttons and forms: the routing table and the views both use these.
 * They are the wire format (kept in buttons already sent), so a name never changes. */
export const signalActions = {
  take: "signal.take",
  /** The next page of `/knoop signaal lijst` (value: the id of the last signal shown). */
  listMore: "signal.list.more",
  proposeCase: "signal.proposeCase",
  forward: "signal.forward",
  close: "signal.close",
  create: "signal.create",
} as const;
