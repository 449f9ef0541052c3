import type { Clock } from "../../core/clock.ts";

/** A clock that can be moved forward (OffsetClock in the sandbox, ManualClock in tests). */
export interface MovableClock extends Clock {
  advance(ms: number): Date;
}

export function isMovable(clock: Clock): clock is MovableClock {
  return typeof (clock as Partial<MovableClock>).advance === "function";
}

/** The sandbox's "move time forward": the clock moves, the jobs that became due run (reminders),
 * and the dispatcher is woken to send what they queued. */
export interface TimeControl {
  now(): Date;
  forward(minutes: number): Promise<Date>;
}

export function timeControl(
  clock: MovableClock,
  runDueJobs: () => Promise<unknown>,
  wake: () => void,
): TimeControl {
  return {
    now: () => clock.now(),
    async forward(minutes) {
      const now = clock.advance(minutes * 60_000);
      await runDueJobs();
      wake();
      return now;
    },
  };
}
