import { ensureDatabase } from './generate';
for (const n of process.argv.slice(2).map(Number)) console.log(JSON.stringify(ensureDatabase(n)));
