import type { Context } from "../../chat/router.ts";
import type { Reply } from "../../chat/views.ts";
import { defineTexts } from "../../core/texts.ts";

const texts = defineTexts(
  {
    title: "Knoop: zo werkt het",
    commands: [
      "`/knoop signaal`: een zorg over een leerling melden bij de juiste kernpartner",
      "`/knoop signaal lijst`: jouw open signalen",
      "`/knoop casus nieuw`: een knooppunt (casus) openen",
      "`/knoop casus lijst`: jouw casussen",
      "`/knoop casus K-2026-0042`: de stand van een casus",
      "`/knoop ik`: jouw rollen en scholen",
      "`/knoop beheer`: mensen, rollen en routering (voor beheerders)",
      "`/knoop help`: deze uitleg",
    ].join("\n"),
    privacy: "Noem nooit de naam van een leerling: gebruik het leerlingnummer of initialen + geboortejaar.",
  },
  {
    title: "Knoop: how it works",
    commands: [
      "`/knoop signaal`: report a concern about a pupil to the right kernpartner",
      "`/knoop signaal lijst`: your open signals",
      "`/knoop casus nieuw`: open a knooppunt case",
      "`/knoop casus lijst`: your cases",
      "`/knoop casus K-2026-0042`: the status of a case",
      "`/knoop ik`: your roles and schools",
      "`/knoop beheer`: people, roles and routing (administrators)",
      "`/knoop help`: this help",
    ].join("\n"),
    privacy: "Never name a pupil: use the pupil number or initials + year of birth.",
  },
);

/** The usage text: `/knoop help`, a bare `/knoop`, and after an unknown command. */
export function helpReply(ctx: Context): Reply {
  const t = texts(ctx.actor.locale);
  return { type: "message", message: { title: t.title, text: t.commands, note: t.privacy } };
}
