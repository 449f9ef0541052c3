import { defineTexts } from "../../core/texts.ts";

/** Texts of the cycle foundation: so far only the refusals of an SWV's own holiday ranges. */
export const texts = defineTexts(
  {
    badDate: (p: { field: string; value: string }) =>
      `${p.field} is geen geldige datum: vul die in als JJJJ-MM-DD, bijvoorbeeld 2027-02-06 (nu: ${p.value}).`,
    endBeforeStart: (p: { start: string; end: string }) =>
      `De vakantie eindigt (${p.end}) voordat die begint (${p.start}): draai de data om.`,
    badSchoolYear: (p: { value: string }) => `${p.value} is geen schooljaar: schrijf het als 2026-2027.`,
    outsideSchoolYear: (p: { schoolYear: string }) =>
      `Deze vakantie valt niet in schooljaar ${p.schoolYear} (1 augustus t/m 31 juli).`,
    startField: "Begin",
    endField: "Einde",
    badKind: "Geef de vakantie een soort, zoals voorjaar of carnaval (kleine letters, zonder spaties).",
    tooLong: "Een vakantie van meer dan 8 weken is vast een tikfout: controleer de data.",
  },
  {
    badDate: (p) =>
      `${p.field} is not a valid date: write it as YYYY-MM-DD, e.g. 2027-02-06 (got: ${p.value}).`,
    endBeforeStart: (p) => `The holiday ends (${p.end}) before it starts (${p.start}): swap the dates.`,
    badSchoolYear: (p) => `${p.value} is not a school year: write it as 2026-2027.`,
    outsideSchoolYear: (p) => `This holiday is not within school year ${p.schoolYear} (1 August to 31 July).`,
    startField: "Start",
    endField: "End",
    badKind: "Give the holiday a kind, such as voorjaar or carnaval (lower case, no spaces).",
    tooLong: "A holiday of more than 8 weeks is surely a typo: check the dates.",
  },
);
