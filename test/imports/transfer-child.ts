// Runs one FileTransfer in its own process, so a test can kill -9 it mid-import.
// Usage: node --import tsx transfer-child.ts SOURCE DESTINATION LIBRARY_ROOT
import { FileTransfer } from '../../src/imports/transfer.js';

const [source, destination, libraryRoot] = process.argv.slice(2);
if (!source || !destination || !libraryRoot) throw new Error('usage: SOURCE DESTINATION LIBRARY_ROOT');
const result = await new FileTransfer().transfer({ source, destination, libraryRoot });
process.stdout.write(JSON.stringify(result));
