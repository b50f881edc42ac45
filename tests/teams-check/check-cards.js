// Validates every Adaptive Card (*.json) in a folder with the official Adaptive Cards renderer,
// as Teams would parse it (schema 1.5). Prints a JSON report; exits 1 when any card has a problem.
//
//   node check-cards.js <folder>
//
// The renderer needs no DOM to parse and validate, so plain Node is enough.
"use strict";

const fs = require("fs");
const path = require("path");
const AC = require("adaptivecards/dist/adaptivecards.js");

const MAX_BYTES = 28 * 1024; // Teams refuses larger messages

function describe(source) {
  if (!source) return undefined;
  const type = source.getJsonTypeName ? source.getJsonTypeName() : source.type;
  const id = source.id ? `#${source.id}` : "";
  return type ? `${type}${id}` : undefined;
}

function checkCard(file) {
  const problems = [];
  const text = fs.readFileSync(file, "utf8");
  const report = (message, source) => problems.push({ file: path.basename(file), message, at: describe(source) });

  if (Buffer.byteLength(text, "utf8") > MAX_BYTES) report(`card is ${Buffer.byteLength(text, "utf8")} bytes, over Teams' ${MAX_BYTES}`);

  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    report(`not JSON: ${e.message}`);
    return problems;
  }
  if (json.type !== "AdaptiveCard") report(`type is ${json.type}, not AdaptiveCard`);
  if (json.version !== "1.5") report(`version is ${json.version}, Teams renders 1.5`);

  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    report(event.message, event.source);
  }
  const validation = card.validateProperties();
  for (const event of validation.validationEvents) report(event.message, event.source);

  return problems;
}

function main() {
  const folder = process.argv[2];
  if (!folder || !fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    console.error("usage: node check-cards.js <folder of card .json files>");
    process.exit(2);
  }
  const files = fs.readdirSync(folder).filter((f) => f.endsWith(".json")).sort();
  if (files.length === 0) {
    console.error(`no .json card in ${folder}`);
    process.exit(2);
  }
  const problems = files.flatMap((f) => checkCard(path.join(folder, f)));
  console.log(JSON.stringify({ checked: files, problems }, null, 2));
  process.exit(problems.length === 0 ? 0 : 1);
}

main();
