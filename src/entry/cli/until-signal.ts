/**
 * Resolves at the first SIGINT (Ctrl-C) or SIGTERM, for commands that run until stopped
 * (`alex serve`, `alex start`), so they can close what they opened. Both listeners go once
 * either signal arrives, so a second Ctrl-C during shutdown gets Node's default exit.
 */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
