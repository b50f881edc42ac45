// Bundles the playground page (Web Chat + the persona switcher) and the admin page into
// bot/IgaBot.Bot/wwwroot/playground/, which the bot serves. Run by the bot's build
// (IgaBot.Bot.csproj, target BuildPlaygroundBundle) after `npm ci`; by hand: `npm ci && npm run build`.
import { build } from 'esbuild';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', 'wwwroot', 'playground');
// Built aside (in node_modules, which git ignores) and swapped in at the end, so a failed build leaves the previous bundle whole.
const next = join(here, 'node_modules', '.igabot-bundle-next');

await rm(next, { recursive: true, force: true });
await mkdir(next, { recursive: true });

await build({
  entryPoints: { playground: join(here, 'src', 'playground.jsx'), admin: join(here, 'src', 'admin.js') },
  outdir: next,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  legalComments: 'linked',
  logLevel: 'warning',
});

for (const file of ['index.html', 'admin.html', 'playground.css']) {
  await copyFile(join(here, 'src', file), join(next, file));
}
await rm(out, { recursive: true, force: true });
await rename(next, out);
console.log(`playground bundle written to ${out}`);
