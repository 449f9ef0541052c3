/** The row types features use, in one place: both generated clients come from one model file, so
 * the SQLite client's types stand for either. Features import these, never the generated client. */
import type { Case, CaseEvent, Signal, Thuiszitter } from "../generated/sqlite/client.ts";

export type CaseRow = Case;
export type CaseEventRow = CaseEvent;
export type SignalRow = Signal;
export type ThuiszitterRow = Thuiszitter;
