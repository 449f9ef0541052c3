/** The names of the thuiszitters' buttons and forms (the wire format: a name never changes). */
export const thuiszitterActions = {
  answer: "thuiszitters.answer",
  card: "thuiszitter.card",
  end: "thuiszitter.end",
} as const;
