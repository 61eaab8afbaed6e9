import { vi } from 'vitest'

// vi.waitFor gives up after 1 s by default, which a loaded CI machine exceeds for
// a message that crosses a socket and the event loop of two processes. What these
// assertions mean is "eventually", so they get the same patience as the test itself.
export function eventually<T>(assertion: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> {
  return vi.waitFor(assertion, { timeout: timeoutMs, interval: 25 })
}
