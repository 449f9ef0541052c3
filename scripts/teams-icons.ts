/**
 * Draws the Teams app icons into manifests/teams/: `color.png` (192x192, the knot in white on
 * Knoop's colour) and `outline.png` (32x32, the knot in white on transparent, as Teams requires).
 * The committed files come from this script: `npx tsx scripts/teams-icons.ts`.
 */
import { writeFileSync } from "node:fs";
import { PNG } from "pngjs";

const accent = [0x1f, 0x4e, 0x5f] as const;

/** Coverage (0..1) of the knot at (x, y) in a unit square: two linked rings, sampled 4x4 per pixel. */
function knot(x: number, y: number): boolean {
  const ring = (cx: number, cy: number) => {
    const d = Math.hypot(x - cx, y - cy);
    return d > 0.17 && d < 0.25;
  };
  return ring(0.38, 0.5) || ring(0.62, 0.5);
}

function draw(size: number, background: readonly [number, number, number] | undefined, inset: number): PNG {
  const png = new PNG({ width: size, height: size });
  const samples = 4;
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++)
        for (let sx = 0; sx < samples; sx++) {
          const u = (px + (sx + 0.5) / samples) / size;
          const v = (py + (sy + 0.5) / samples) / size;
          // scale the knot into the square, leaving `inset` at each side
          if (knot((u - inset) / (1 - 2 * inset), (v - inset) / (1 - 2 * inset))) hits++;
        }
      const cover = hits / (samples * samples);
      const i = (py * size + px) * 4;
      if (background) {
        png.data[i] = Math.round(background[0] + (255 - background[0]) * cover);
        png.data[i + 1] = Math.round(background[1] + (255 - background[1]) * cover);
        png.data[i + 2] = Math.round(background[2] + (255 - background[2]) * cover);
        png.data[i + 3] = 255;
      } else {
        png.data[i] = 255;
        png.data[i + 1] = 255;
        png.data[i + 2] = 255;
        png.data[i + 3] = Math.round(255 * cover);
      }
    }
  return png;
}

const dir = new URL("../manifests/teams/", import.meta.url);
writeFileSync(new URL("color.png", dir), PNG.sync.write(draw(192, accent, 0.08)));
writeFileSync(new URL("outline.png", dir), PNG.sync.write(draw(32, undefined, 0)));
console.log("manifests/teams/color.png (192x192) and outline.png (32x32) written");
