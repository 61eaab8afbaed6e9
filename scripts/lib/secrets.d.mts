/** `env` with AUTH_SECRET, PUSHER_SECRET and HISTORY_CHECKPOINT_SECRET filled from (or first written to) files in `dir` when unset. */
export function withLocalSecrets(env: Record<string, string | undefined>, dir: string): Record<string, string | undefined>
