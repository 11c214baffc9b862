// Preloaded into the Prisma CLI (node -r). Prisma 6.19's wasm schema engine leaves a 10 s timer behind after
// `migrate deploy` has finished, so the CLI sits idle for 10 s before exiting. Long timers are unref'd: they
// still fire if the process is busy, but no longer keep a finished process alive.
'use strict';
const original = global.setTimeout;
global.setTimeout = function setTimeoutUnrefLong(callback, delay, ...args) {
  const timer = original(callback, delay, ...args);
  if (typeof delay === 'number' && delay >= 5000 && timer && typeof timer.unref === 'function') timer.unref();
  return timer;
};
