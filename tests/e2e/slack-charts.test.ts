import { afterAll, beforeAll, expect, it } from "vitest";
import { Router } from "../../src/chat/router.ts";
import { chart, count, file, message, text } from "../../src/chat/views.ts";
import { helpReply } from "../../src/features/help/handlers.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { decodePng } from "../support/png.ts";
import { slackUser } from "../support/slack-fake.ts";
import { type SlackKnoop, startSlackKnoop, until } from "../support/slack-knoop.ts";

type Json = Record<string, unknown>;

const csv = "maand;verzuim\nsep;12\nokt;<5\n";
/** A command that answers the way an on-demand digest does: a chart and a CSV, to the actor only. */
const testRoutes = {
  commands: {
    grafiek: async () => ({
      type: "message" as const,
      message: message(
        text("Het verzuim per maand."),
        chart({
          shape: "bar",
          title: "Verzuim per maand",
          unit: "signalen",
          categories: ["sep", "okt"],
          series: [{ name: "Verzuim", values: [count(12), count(3)] }],
        }),
        file({ name: "verzuim.csv", mediaType: "text/csv", data: csv, title: "Details" }),
      ),
    }),
  },
};

/** A direct reply (on the response_url) with a chart and a file, through the real Bolt app. */
describeEachDatabase("Slack: charts and files in a direct reply", (get) => {
  let k: SlackKnoop;
  beforeAll(async () => {
    const router = new Router([testRoutes], helpReply);
    k = await startSlackKnoop(get().db, {}, { router });
  }, 60_000);
  afterAll(async () => {
    expect(k.slack.violations).toEqual([]);
    await k?.stop();
  });

  it("shows the chart as an uploaded image in the ephemeral answer and puts the file in the DM", async () => {
    const before = k.slack.calls.length;
    await k.command("consultant", "grafiek");
    const answer = await until(
      () => k.slack.calls.slice(before).find((c) => c.method === "respond"),
      "the answer on the response_url",
      20_000,
    );
    const blocks = answer.args.blocks as Json[];
    expect(answer.args.response_type).toBe("ephemeral");
    const image = blocks.find((b) => b.type === "image");
    const id = String((image?.slack_file as Json | undefined)?.id);
    const uploaded = k.slack.files.get(id);
    expect(uploaded).toMatchObject({ filename: "grafiek-1.png", completed: true });
    expect(uploaded?.channel).toBeUndefined(); // only the answer shows it
    expect(decodePng(new Uint8Array(uploaded?.bytes ?? [])).width).toBeGreaterThan(300);
    expect(JSON.stringify(blocks[blocks.indexOf(image as Json) + 1])).toContain("&lt;5");

    const dm = `D${slackUser("consultant")}`;
    const shared = await until(
      () => [...k.slack.files.values()].find((f) => f.filename === "verzuim.csv" && f.completed),
      "the CSV in the DM",
      20_000,
    );
    expect(shared.channel).toBe(dm);
    expect(shared.bytes?.toString("utf8")).toBe(csv);
  });
});
