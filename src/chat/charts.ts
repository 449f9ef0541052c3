/** Chart blocks drawn offline: vega-lite -> vega -> SVG, and the SVG -> PNG with resvg and the
 * DejaVu Sans TTF from npm (no system fonts: a fresh machine may have none, and resvg draws no
 * text without a font). Surfaces import this: the sandbox shows the SVG inline, Slack uploads the
 * PNG, Teams may use the PNG as its fallback image.
 *
 * Privacy by construction: a chart block carries "<5" instead of any count below 5 (`count` in
 * views.ts), so the true value is not here to draw. A suppressed value is drawn as an empty,
 * dashed bar up to the threshold with a "<5" label (bars), as a gap with "<5" at the axis (lines),
 * or left out of the stack with a note naming it (stacked bars). A value not shown ("x": hidden so
 * that another cannot be worked out, it may be 5 or more) is drawn as no bar and a gap, with "x"
 * at the axis and a note under the chart, never as "<5". */
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import * as vl from "vega-lite";
import type { Locale } from "../core/i18n.ts";
import { defineTexts } from "../core/texts.ts";
import { type ChartBlock, type ChartShape, NOT_SHOWN, SUPPRESSED } from "./views.ts";

const require = createRequire(import.meta.url);
/** DejaVu Sans (Bitstream Vera licence, see node_modules/dejavu-fonts-ttf/LICENSE). */
export const FONT_FILE = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const FONT = "DejaVu Sans, Verdana, sans-serif";
/** The threshold a suppressed bar is drawn up to (its label says "<5": less than this). */
const THRESHOLD = 5;
/** Okabe-Ito: distinguishable with the common colour vision deficiencies. */
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

const chartTexts = defineTexts(
  {
    /** The note under a chart with suppressed values. */
    suppressed: "<5: minder dan 5, niet als waarde getekend (privacy)",
    /** The note under a chart with values not shown ("x"). */
    notShown: "x: niet getoond, zodat een ander klein aantal niet te berekenen is (privacy)",
    /** Stacked bars: which values are not drawn. */
    notDrawn: (p: { which: string }) => `Niet getekend (<5): ${p.which}`,
    more: (p: { n: number }) => `en nog ${p.n}`,
    alt: (p: { title: string }) => `Grafiek: ${p.title}. De cijfers staan in de tabel bij de grafiek.`,
  },
  {
    suppressed: "<5: fewer than 5, not drawn as a value (privacy)",
    notShown: "x: not shown, so that another small count cannot be worked out (privacy)",
    notDrawn: (p) => `Not drawn (<5): ${p.which}`,
    more: (p) => `and ${p.n} more`,
    alt: (p) => `Chart: ${p.title}. The figures are in the table with the chart.`,
  },
);

/** Number formatting as in the Netherlands: 1.234,5. */
const numberLocales = {
  nl: { decimal: ",", thousands: ".", grouping: [3], currency: ["€ ", ""] },
  en: { decimal: ".", thousands: ",", grouping: [3], currency: ["€", ""] },
};
const numberFormats: Record<Locale, Intl.NumberFormat> = {
  nl: new Intl.NumberFormat("nl-NL"),
  en: new Intl.NumberFormat("en-GB"),
};

interface Row {
  /** Category and series index (order as the feature gave them). */
  i: number;
  s: number;
  cat: string;
  series: string;
  /** The drawn value: the count, or the threshold for a suppressed bar, null where not drawn. */
  value: number | null;
  label: string;
  suppressed: boolean;
  /** Suppressed as "<5" (drawn as an empty bar up to the threshold); false for "x". */
  small: boolean;
}

function rowsOf(block: ChartBlock, locale: Locale): Row[] {
  const format = (n: number) => numberFormats[locale].format(n);
  return block.categories.flatMap((cat, i) =>
    block.series.map((s, si) => {
      const v = s.values[i];
      // "<5" only, by the block's type; a count of 1 to 4 that got in some other way is hidden
      // too. Zero is no pupil at all: drawn as 0, as the tables show it.
      const notShown = v === NOT_SHOWN;
      const n = Number(v);
      const small = !notShown && (v === SUPPRESSED || (v !== undefined && n !== 0 && !(n >= THRESHOLD)));
      const hide = small || notShown;
      return {
        i,
        s: si,
        cat,
        series: s.name,
        value: hide || v === undefined ? null : n,
        label: v === undefined ? "" : notShown ? NOT_SHOWN : small ? SUPPRESSED : format(n),
        suppressed: hide,
        small,
      };
    }),
  );
}

/** The vega-lite spec of a chart block (exported for tests and for surfaces that draw specs). */
export function chartSpec(block: ChartBlock, locale: Locale = "nl"): vl.TopLevelSpec {
  const t = chartTexts(locale);
  const shape: ChartShape = block.shape ?? "bar";
  const rows = rowsOf(block, locale);
  const hidden = rows.filter((r) => r.suppressed);
  const names = block.series.map((s) => s.name);
  const palette = names.map((_, i) => PALETTE[i % PALETTE.length] as string);
  const colorScale = { domain: names, range: palette };
  const many = block.series.length > 1;
  const legend = many ? { title: null, orient: "bottom" as const } : null;
  const horizontal = shape === "hbar";
  // Category labels stay level while they fit; many or long ones are slanted.
  const longest = Math.max(0, ...block.categories.map((c) => [...c].length));
  const level = horizontal || block.categories.length * Math.max(4, longest) <= 60;
  const cat = {
    field: "cat",
    type: "nominal" as const,
    sort: null,
    title: null,
    axis: { labelLimit: 140, labelAngle: level ? 0 : -40 },
  };
  // Ticks in steps of 5 at least: an axis never reads 1 to 4 either.
  const val = {
    field: "value",
    type: "quantitative" as const,
    title: block.unit || null,
    axis: { tickMinStep: THRESHOLD },
  };

  let subtitle: string | undefined;
  if (hidden.length && shape === "stacked") {
    const named = hidden.slice(0, 4).map((r) => (many ? `${r.cat} ${r.series}` : r.cat));
    const which = [named.join("; "), hidden.length > 4 ? t.more({ n: hidden.length - 4 }) : ""].filter(
      Boolean,
    );
    subtitle = t.notDrawn({ which: which.join(" ") });
  } else if (hidden.length)
    subtitle = [
      ...(hidden.some((r) => r.small) ? [t.suppressed] : []),
      ...(hidden.some((r) => !r.small) ? [t.notShown] : []),
    ].join("; ");

  const catChannel = horizontal ? "y" : "x";
  const valChannel = horizontal ? "x" : "y";
  const offset = horizontal ? "yOffset" : "xOffset";
  const labelsOnBars = rows.length <= 24;
  const visible = { filter: "!datum.suppressed && datum.value != null" };
  const suppressedOnly = { filter: "datum.suppressed" };

  let layer: vl.TopLevelSpec[] | object[];
  if (shape === "line") {
    layer = [
      // Null values break the line: a suppressed point is a gap, not a guess.
      {
        mark: { type: "line", point: { filled: true, size: 40 }, strokeWidth: 2 },
        encoding: { color: { field: "series", type: "nominal", sort: null, scale: colorScale, legend } },
      },
      {
        // "<5" at the axis where the point would be.
        transform: [suppressedOnly, { calculate: "0", as: "value" }],
        mark: { type: "text", dy: -8, fontSize: 11, fontWeight: "bold" },
        encoding: {
          text: { field: "label" },
          color: { field: "series", type: "nominal", sort: null, scale: colorScale, legend: null },
        },
      },
    ];
  } else if (shape === "stacked") {
    layer = [
      {
        transform: [visible],
        mark: { type: "bar" },
        encoding: {
          color: { field: "series", type: "nominal", sort: null, scale: colorScale, legend },
          order: { field: "s" },
        },
      },
    ];
  } else {
    const side = horizontal
      ? { align: "left" as const, dx: 3, baseline: "middle" as const }
      : { dy: -4, baseline: "bottom" as const };
    layer = [
      {
        transform: [visible],
        mark: { type: "bar" },
        encoding: { color: { field: "series", type: "nominal", sort: null, scale: colorScale, legend } },
      },
      {
        // An empty, dashed bar up to the threshold: "fewer than 5", never the value itself.
        transform: [{ filter: "datum.small" }, { calculate: String(THRESHOLD), as: "value" }],
        mark: { type: "bar", fill: "white", strokeWidth: 1.5, strokeDash: [4, 3] },
        encoding: {
          stroke: { field: "series", type: "nominal", sort: null, scale: colorScale, legend: null },
        },
      },
      {
        transform: [
          labelsOnBars ? { filter: "datum.label != ''" } : suppressedOnly,
          { calculate: `datum.small ? ${THRESHOLD} : datum.suppressed ? 0 : datum.value`, as: "value" },
        ],
        mark: { type: "text", fontSize: 10, ...side },
        encoding: { text: { field: "label" }, color: { value: "#333" } },
      },
    ];
  }

  const step = Math.max(1, block.series.length) * (shape === "stacked" || shape === "line" ? 28 : 20) + 12;
  const size = horizontal
    ? { width: 420, height: { step: block.series.length > 1 && shape === "hbar" ? 16 : 24 } }
    : { width: Math.min(720, Math.max(320, block.categories.length * step)), height: 240 };
  const encoding: Record<string, unknown> = {
    [catChannel]: cat,
    [valChannel]: { ...val, ...(shape === "stacked" ? { stack: "zero" } : {}) },
  };
  if (many && (shape === "bar" || shape === "hbar")) encoding[offset] = { field: "series", sort: null };

  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: block.title, ...(subtitle ? { subtitle } : {}), anchor: "start" },
    data: { values: rows as unknown as Record<string, unknown>[] },
    ...size,
    encoding,
    layer,
    config: {
      font: FONT,
      locale: { number: numberLocales[locale] },
      axis: { labelFontSize: 11, titleFontSize: 11, labelColor: "#333", titleColor: "#333" },
      title: { fontSize: 14, subtitleFontSize: 11, subtitleColor: "#555" },
      legend: { labelFontSize: 11 },
      view: { stroke: null },
    },
  } as vl.TopLevelSpec;
}

export interface LabelBox {
  text: string;
  /** In SVG user units (the PNG is `scale` times this). */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface RenderedChart {
  svg: string;
  png: Uint8Array;
  /** Of the PNG, in pixels. */
  width: number;
  height: number;
  /** For the image's alt text. */
  alt: string;
  /** Where the axis labels are (tests check there is text there). */
  axisLabels: LabelBox[];
}

/** Things no chart of ours has, so an SVG with one of them is not ours (a renderer bug, or text
 * that got out of its escaping): refused rather than shown inline. */
const UNSAFE_SVG =
  /<script|<foreignObject|<iframe|\son\w+\s*=|javascript:|xlink:href|\shref\s*=|<!\[CDATA|<!ENTITY/i;

export function assertSafeSvg(svg: string): string {
  if (!svg.startsWith("<svg") || UNSAFE_SVG.test(svg)) throw new Error("chart: unsafe SVG refused");
  return svg;
}

async function vegaView(block: ChartBlock, locale: Locale): Promise<vega.View> {
  // Quiet: vega-lite warns about merging the layers' legends, which is what we want.
  const { spec } = vl.compile(chartSpec(block, locale), { logger: vega.logger(vega.None) });
  // No loader use: the data is inline; a spec asking for a URL gets nothing from the network.
  const loader = vega.loader();
  loader.load = async () => {
    throw new Error("chart: no loading");
  };
  const view = new vega.View(vega.parse(spec), { renderer: "none", loader, logLevel: vega.Error });
  await view.runAsync();
  return view;
}

type SceneItem = {
  role?: string;
  marktype?: string;
  text?: string;
  /** 0 for a label vega hid because it would overlap another. */
  opacity?: number;
  x?: number;
  y?: number;
  bounds?: { x1: number; y1: number; x2: number; y2: number };
  items?: SceneItem[];
};

/** The axis labels' boxes in SVG units: an item's bounds are in its group's frame, so the
 * groups' offsets (and the view's origin) are added up on the way down. */
function labelBoxes(view: vega.View): LabelBox[] {
  const out: LabelBox[] = [];
  const visit = (node: SceneItem, dx: number, dy: number, inLabels: boolean, groupItem: boolean) => {
    const labels = inLabels || node.role === "axis-label";
    if (labels && typeof node.text === "string" && node.bounds && node.opacity !== 0)
      out.push({
        text: node.text,
        x1: node.bounds.x1 + dx,
        y1: node.bounds.y1 + dy,
        x2: node.bounds.x2 + dx,
        y2: node.bounds.y2 + dy,
      });
    const [cx, cy] = groupItem ? [dx + (node.x ?? 0), dy + (node.y ?? 0)] : [dx, dy];
    for (const child of node.items ?? []) visit(child, cx, cy, labels, node.marktype === "group");
  };
  const [ox, oy] = view.origin();
  visit((view.scenegraph() as unknown as { root: SceneItem }).root, ox, oy, false, false);
  return out;
}

/** A chart block as SVG (for inline HTML; checked by `assertSafeSvg`). */
export async function chartSvg(block: ChartBlock, locale: Locale = "nl"): Promise<string> {
  const view = await vegaView(block, locale);
  try {
    return assertSafeSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** SVG text -> PNG with the shipped font only. `fontFiles: []` draws no text (the tests' contrast). */
export function svgToPng(svg: string, scale = 2, fontFiles: string[] = [FONT_FILE]) {
  const image = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles,
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  }).render();
  return {
    png: new Uint8Array(image.asPng()),
    width: image.width,
    height: image.height,
    get pixels() {
      return image.pixels;
    },
  };
}

/** The last charts drawn, by their block, locale and scale: drawing one costs about 130 ms of CPU
 * (vega-lite, vega, resvg), and a digest asked again over the same period draws the same charts.
 * They hold only what the chart shows (suppressed counts, no names). */
const drawn = new Map<string, Promise<RenderedChart>>();
const DRAWN_MAX = 32;

/** A chart block as SVG and PNG (`scale` 2 by default: sharp on high-density screens). The same
 * block drawn again comes from the last charts drawn (the result is shared: do not change it). */
export function renderChart(
  block: ChartBlock,
  options: { locale?: Locale; scale?: number } = {},
): Promise<RenderedChart> {
  const key = JSON.stringify([block, options.locale ?? "nl", options.scale ?? 2]);
  const hit = drawn.get(key);
  if (hit) {
    drawn.delete(key); // most recently used last
    drawn.set(key, hit);
    return hit;
  }
  const rendering = draw(block, options);
  drawn.set(key, rendering);
  rendering.catch(() => drawn.delete(key));
  if (drawn.size > DRAWN_MAX) drawn.delete(drawn.keys().next().value as string);
  return rendering;
}

async function draw(block: ChartBlock, options: { locale?: Locale; scale?: number }): Promise<RenderedChart> {
  const locale = options.locale ?? "nl";
  const view = await vegaView(block, locale);
  try {
    const svg = assertSafeSvg(await view.toSVG());
    const { png, width, height } = svgToPng(svg, options.scale ?? 2);
    return {
      svg,
      png,
      width,
      height,
      alt: chartTexts(locale).alt({ title: block.title }),
      axisLabels: labelBoxes(view),
    };
  } finally {
    view.finalize();
  }
}
