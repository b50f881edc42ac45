// Copies the console's browser assets into bot/IgaBot.Bot/AdminConsole/assets/, which the bot embeds and serves
// under /console/analytics/assets/: Chart.js's own minified UMD build (no bundling: the page loads it as it ships)
// and its licence, next to the console's analytics.js. Run by the bot's build (AdminConsole/Console.targets, target
// BuildConsoleAssets) after `npm ci`; by hand: `npm ci && npm run build`.
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'assets');
const chart = join(here, 'node_modules', 'chart.js');

await mkdir(out, { recursive: true });
await copyFile(join(chart, 'dist', 'chart.umd.min.js'), join(out, 'chart.umd.min.js'));
await copyFile(join(chart, 'LICENSE.md'), join(out, 'chart.js.LICENSE.md'));
console.log(`console assets written to ${out}`);
