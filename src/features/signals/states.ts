/** The life of a signal: nieuw -> opgepakt -> afgehandeld, or omgezet (turned into a knooppunt case). */
export const signalStatuses = ["nieuw", "opgepakt", "afgehandeld", "omgezet"] as const;
export type SignalStatus = (typeof signalStatuses)[number];

export type SignalMove = "take" | "forward" | "close" | "convert";

/** The states each move starts from, and where it leads. Forwarding hands the signal to another
 * partner, who still has to take it: it is nieuw again, even when it had been taken. */
export const signalMoves: Record<SignalMove, { from: readonly SignalStatus[]; to: SignalStatus }> = {
  take: { from: ["nieuw"], to: "opgepakt" },
  forward: { from: ["nieuw", "opgepakt"], to: "nieuw" },
  close: { from: ["nieuw", "opgepakt"], to: "afgehandeld" },
  convert: { from: ["nieuw", "opgepakt"], to: "omgezet" },
};

/** The status after `move`, or null when the move is not allowed from `status`. */
export function nextStatus(status: string, move: SignalMove): SignalStatus | null {
  const { from, to } = signalMoves[move];
  return (from as readonly string[]).includes(status) ? to : null;
}

/** Still waiting for someone: shown in the lists, open to every move but taking again. */
export function isOpen(status: string): boolean {
  return status === "nieuw" || status === "opgepakt";
}
