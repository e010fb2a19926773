// read-frames.mjs — zxing-cpp's WebAssembly build (npm zxing-wasm, pinned by package-lock.json)
// reads grey frames for bench-decoder, as an anchor Packdesk did not write.
//
// Usage: node read-frames.mjs WIDTH HEIGHT FILE…   (each FILE: WIDTH × HEIGHT bytes of grey)
// Prints one JSON line a frame: {"file": …, "ms": …, "texts": […]} with text as the code holds it
// (GS kept, textMode Plain).
//
// SPDX-License-Identifier: GPL-3.0-or-later
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";

const here = dirname(fileURLToPath(import.meta.url));
const wasmBinary = await readFile(
  join(here, "node_modules", "zxing-wasm", "dist", "reader", "zxing_reader.wasm"));
await prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });

const [width, height, ...files] = process.argv.slice(2);
const w = Number(width), h = Number(height);
const options = {
  tryHarder: true,
  formats: ["DataMatrix", "QRCode", "EAN-13", "EAN-8", "UPC-A", "UPC-E", "Code128"],
  textMode: "Plain",
  maxNumberOfSymbols: 8,
};

for (const file of files) {
  const grey = await readFile(file);
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = grey[i];
    rgba[4 * i + 3] = 255;
  }
  const start = process.hrtime.bigint();
  const results = await readBarcodes({ width: w, height: h, data: rgba }, options);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(JSON.stringify({ file, ms, texts: results.filter(r => r.isValid).map(r => r.text) }));
}
