/** The names of the beheer forms's buttons and forms: the routing table and the views both use these.
 * They are the wire format (kept in buttons already sent), so a name never changes. */
export const peopleActions = {
  add: "people.add",
  assign: "people.assign",
  remove: "people.remove",
  routing: "people.routing",
  names: "people.names",
} as const;
