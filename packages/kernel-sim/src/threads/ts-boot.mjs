// Starts a worker thread of a threads machine that must load TypeScript: when the machine
// runs from its sources (tests, `tsx`), or a program runs under tsx. Worker threads do not
// inherit the loader hooks of the thread that made them, so this registers tsx's, then
// loads the worker module named in workerData.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
