// Renders every Adaptive Card (*.json) in a folder with the official renderer inside a DOM (jsdom),
// with markdown-it as the markdown processor, as Bot Framework Web Chat does. Prints, per card, each
// rendered text block: its visible text, its HTML and its font weight, so a test can see what a
// reader would see (a live link, bold text) rather than what the JSON says.
//
//   node render-cards.js <folder>
"use strict";

const fs = require("fs");
const path = require("path");
const { JSDOM } = require("jsdom");
const MarkdownIt = require("markdown-it");

const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>", { url: "http://localhost/" });
// The renderer is written for a browser: give it the window's names (document, HTMLButtonElement, ...).
globalThis.window = dom.window;
for (const name of Object.getOwnPropertyNames(dom.window)) {
  if (name in globalThis) continue;
  try {
    globalThis[name] = dom.window[name];
  } catch {
    // a few getters refuse to be read outside a page; the renderer does not need them
  }
}

const AC = require("adaptivecards/dist/adaptivecards.js");
const markdown = new MarkdownIt();
AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdown.render(text);
  result.didProcess = true;
};

function renderCard(file) {
  const card = new AC.AdaptiveCard();
  card.parse(JSON.parse(fs.readFileSync(file, "utf8")), new AC.SerializationContext(AC.Versions.v1_5));
  const element = card.render();
  if (!element) return { error: "the renderer produced nothing" };
  dom.window.document.body.appendChild(element);
  const blocks = [...element.querySelectorAll(".ac-textBlock")].map((b) => ({
    text: b.textContent,
    html: b.innerHTML,
    weight: b.style.fontWeight,
  }));
  element.remove();
  return { blocks };
}

function main() {
  const folder = process.argv[2];
  if (!folder || !fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    console.error("usage: node render-cards.js <folder of card .json files>");
    process.exit(2);
  }
  const files = fs.readdirSync(folder).filter((f) => f.endsWith(".json")).sort();
  const cards = {};
  for (const f of files) cards[path.basename(f, ".json")] = renderCard(path.join(folder, f));
  console.log(JSON.stringify({ cards }, null, 2));
}

main();
