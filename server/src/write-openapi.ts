// `npm run openapi`: writes server/openapi.json from the app's own schemas.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiText } from './http/openapi-document.js';
import { readVersion } from './version.js';

const target = fileURLToPath(new URL('../openapi.json', import.meta.url));
writeFileSync(target, await openApiText(readVersion()));
process.stderr.write(`wrote ${target}\n`);
