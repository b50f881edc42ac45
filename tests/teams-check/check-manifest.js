// Validates a Teams app manifest against the schema it names ($schema), with Microsoft's own
// validator (@microsoft/app-manifest, which ships the schemas: no network needed), and checks the
// icons beside it: color.png 192x192, outline.png 32x32 with transparency. Prints a JSON report;
// exits 1 on any problem.
//
//   node check-manifest.js <manifest.json>
//
// @microsoft/app-manifest requires fs-extra without declaring it, hence fs-extra in package.json.
"use strict";

const fs = require("fs");
const path = require("path");
const { AppManifestUtils } = require("@microsoft/app-manifest");

function pngHeader(file) {
  const bytes = fs.readFileSync(file);
  const signature = "89504e470d0a1a0a";
  if (bytes.length < 33 || bytes.subarray(0, 8).toString("hex") !== signature) return undefined;
  // IHDR: width, height (big-endian), bit depth, colour type (6 = RGBA, 4 = grey + alpha).
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colorType: bytes[25] };
}

function checkIcon(dir, name, size, needsAlpha, problems) {
  if (!name) return problems.push(`icons: no ${size}x${size} icon named`);
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) return problems.push(`icons: ${name} is missing beside the manifest`);
  const png = pngHeader(file);
  if (!png) return problems.push(`icons: ${name} is not a PNG`);
  if (png.width !== size || png.height !== size) problems.push(`icons: ${name} is ${png.width}x${png.height}, expected ${size}x${size}`);
  if (needsAlpha && png.colorType !== 6 && png.colorType !== 4) problems.push(`icons: ${name} has no alpha channel (must be transparent)`);
}

async function main() {
  const file = process.argv[2];
  if (!file || !fs.existsSync(file)) {
    console.error("usage: node check-manifest.js <manifest.json>");
    process.exit(2);
  }
  const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
  const problems = await AppManifestUtils.validateAgainstSchema(manifest);
  const dir = path.dirname(file);
  checkIcon(dir, manifest.icons && manifest.icons.color, 192, false, problems);
  checkIcon(dir, manifest.icons && manifest.icons.outline, 32, true, problems);
  console.log(JSON.stringify({ manifest: file, schema: manifest.$schema, problems }, null, 2));
  process.exit(problems.length === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(2);
});
