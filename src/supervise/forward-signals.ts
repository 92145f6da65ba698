// Forwards the signals a supervisor is expected to pass on (SIGINT, SIGTERM, SIGHUP,
// SIGQUIT) to the workload, for as long as it runs.

export const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

/** Installs handlers that call `onSignal`; returns the function that removes them. */
export function forwardSignals(onSignal: (signal: string) => void): () => void {
  const handlers = FORWARDED.map((signal) => {
    const handler = () => onSignal(signal);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
