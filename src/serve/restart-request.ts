// Why serve ends a server's lifetime itself, and whether in-flight requests may finish first.

/** What made ttsguard end a lifetime (the server's own ends are told by its outcome). */
export type RequestedReason =
  | 'runaway'
  | 'health'
  | 'restart-memory'
  | 'start-timeout'
  | 'reload'
  | 'stop';

/** A request to end the current lifetime. */
export interface RestartRequest {
  reason: RequestedReason;
  /** One line for the log. */
  message: string;
  /** Stop admitting and let in-flight requests finish (up to the grace) before stopping. */
  graceful: boolean;
}
