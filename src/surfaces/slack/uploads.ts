import type { webApi } from "@slack/bolt";
import type { renderChart } from "../../chat/charts.ts";
import { type ChartBlock, fileBytes, filesOf, type MessageView, upgrade } from "../../chat/views.ts";
import type { Locale } from "../../core/i18n.ts";
import type { Logger } from "../../core/logger.ts";
import type { ChartImage } from "./blocks.ts";

/** Chart images and file blocks through files.uploadV2 (scope files:write): the SDK's three steps,
 * files.getUploadURLExternal, the upload itself and files.completeUploadExternal. Used by the
 * outbox's port and by direct replies. */

/** Runs a Web API call (the port names a rate limit after its method and workspace). */
export type Wrap = <T>(method: string, run: () => Promise<T>) => Promise<T>;
const direct: Wrap = (_method, run) => run();

const chartsOf = (message: MessageView): ChartBlock[] =>
  upgrade(message).blocks.filter((b): b is ChartBlock => b.kind === "chart");

export const needsUploads = (message: MessageView) =>
  filesOf(message).length > 0 || chartsOf(message).length > 0;

/** A chart drawn and uploaded for one message. */
export interface UploadedChart extends ChartImage {
  png: Uint8Array;
  title: string;
}

const chartName = (i: number) => `grafiek-${i + 1}.png`;

/** Each chart block drawn as a PNG and uploaded without a channel: only the message's image
 * block shows it. A chart that cannot be drawn goes as its table (it always has one). */
export async function uploadCharts(
  client: webApi.WebClient,
  message: MessageView,
  locale: Locale,
  logger: Logger,
  wrap: Wrap = direct,
): Promise<(UploadedChart | undefined)[]> {
  const out: (UploadedChart | undefined)[] = [];
  for (const [i, chart] of chartsOf(message).entries()) {
    let drawn: Awaited<ReturnType<typeof renderChart>>;
    try {
      // Loaded at the first chart (vega and resvg: about 50 MB).
      drawn = await (await import("../../chat/charts.ts")).renderChart(chart, { locale });
    } catch (err) {
      logger.warn({ err }, "slack: chart not drawn, sent as its table");
      out.push(undefined);
      continue;
    }
    const uploaded = await wrap("files.getUploadURLExternal", () =>
      client.files.uploadV2({
        file: Buffer.from(drawn.png),
        filename: chartName(i),
        title: chart.title,
        alt_text: drawn.alt,
      }),
    );
    const fileId = (uploaded as { files?: { files?: { id?: string }[] }[] }).files?.[0]?.files?.[0]?.id;
    out.push(fileId ? { fileId, alt: drawn.alt, png: drawn.png, title: chart.title } : undefined);
  }
  return out;
}

/** Charts an image block could not show, uploaded into the conversation instead. */
export async function shareCharts(
  client: webApi.WebClient,
  channel: string,
  charts: (UploadedChart | undefined)[],
  wrap: Wrap = direct,
): Promise<void> {
  for (const [i, chart] of charts.entries())
    if (chart)
      await wrap("files.completeUploadExternal", () =>
        client.files.uploadV2({
          channel_id: channel,
          file: Buffer.from(chart.png),
          filename: chartName(i),
          title: chart.title,
          alt_text: chart.alt,
        }),
      );
}

/** The message's file blocks, uploaded into the conversation right after it. Block Kit has no
 * block for an uploaded file; the message names it where it stands. In the outbox a failure here
 * sends the message again on the retry (at-least-once, as every post). */
export async function shareFiles(
  client: webApi.WebClient,
  channel: string,
  message: MessageView,
  wrap: Wrap = direct,
): Promise<void> {
  for (const f of filesOf(message))
    await wrap("files.completeUploadExternal", () =>
      client.files.uploadV2({
        channel_id: channel,
        file: Buffer.from(fileBytes(f)),
        filename: f.name,
        title: f.title ?? f.name,
      }),
    );
}
