import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');

describe('the generated API types', () => {
  it('are exactly what openapi-typescript makes of server/openapi.json (run `npm run api:types`)', () => {
    const cli = path.join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    const fresh = execFileSync(process.execPath, [cli, 'server/openapi.json'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    });
    const committed = fs.readFileSync(path.join(root, 'src', 'apiSchema.generated.ts'), 'utf8');
    expect(committed.trim()).toBe(fresh.trim());
  }, 30_000);
});
