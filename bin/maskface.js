#!/usr/bin/env node
// The `maskface` command. The sources are TypeScript run through tsx's loader, so no build step
// stands between a checkout and a working command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
