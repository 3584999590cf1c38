// Preloaded (`node --expose-gc --import`) into the Perch process of the event-stream measurement
// only; never part of Perch itself. On SIGUSR2: a full GC, then process.memoryUsage() into the file
// named by PERCH_BENCH_MEMORY_FILE, so the bench can read the heap from outside.
import fs from 'node:fs';

process.on('SIGUSR2', () => {
  globalThis.gc?.();
  fs.writeFileSync(process.env.PERCH_BENCH_MEMORY_FILE, JSON.stringify(process.memoryUsage()));
});
