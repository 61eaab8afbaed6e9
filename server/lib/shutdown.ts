/**
 * Whether this process is draining after SIGTERM (server/plugins/shutdown.ts): /ping
 * answers 503 so balancers stop sending, and no new realtime socket is started.
 */
let draining = false

export function isDraining(): boolean {
  return draining
}

export function startDraining(): void {
  draining = true
}

/** Tests that run several servers in one process. */
export function resetDrainingForTests(): void {
  draining = false
}
