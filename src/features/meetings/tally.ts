/** What a participant answers per proposed time. */
export const answerKinds = ["kan", "liever_niet", "kan_niet"] as const;
export type Answer = (typeof answerKinds)[number];

export interface SlotTally {
  slotId: string;
  startsAt: Date;
  /** Person ids per answer, and of those asked who did not answer this slot yet. */
  kan: string[];
  liever_niet: string[];
  kan_niet: string[];
  pending: string[];
}

export interface Tally {
  /** In time order. */
  slots: SlotTally[];
  /** The suggested slot (undefined only without slots). */
  best: SlotTally | undefined;
  /** The people asked, and those of them who answered every slot. */
  asked: string[];
  complete: string[];
}

/** Counts the answers of the people asked (answers of anyone else are left out) and picks the
 * best slot: most "kan", then fewest "kan niet", then fewest "liever niet", then the earliest. */
export function tally(
  slots: { id: string; startsAt: Date }[],
  answers: { slotId: string; personId: string; answer: string }[],
  asked: string[],
): Tally {
  const rows = [...slots]
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((slot): SlotTally => {
      const row: SlotTally = {
        slotId: slot.id,
        startsAt: slot.startsAt,
        kan: [],
        liever_niet: [],
        kan_niet: [],
        pending: [],
      };
      for (const personId of asked) {
        const given = answers.find((a) => a.slotId === slot.id && a.personId === personId)?.answer;
        row[isAnswer(given) ? given : "pending"].push(personId);
      }
      return row;
    });
  const best = [...rows].sort(
    (a, b) =>
      b.kan.length - a.kan.length ||
      a.kan_niet.length - b.kan_niet.length ||
      a.liever_niet.length - b.liever_niet.length ||
      a.startsAt.getTime() - b.startsAt.getTime(),
  )[0];
  const complete = asked.filter((personId) => rows.every((row) => !row.pending.includes(personId)));
  return { slots: rows, best, asked, complete };
}

export function isAnswer(value: unknown): value is Answer {
  return answerKinds.includes(value as Answer);
}
