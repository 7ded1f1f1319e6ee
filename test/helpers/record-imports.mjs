// For tests only: `node --import ./test/helpers/record-imports.mjs ...` appends the URL of every
// module the process resolves to the file named by MASKFACE_IMPORT_LOG, to check what a command loads.
import { register } from 'node:module';

register('./record-imports-hooks.mjs', import.meta.url);
