import { createHmac } from 'node:crypto'
import { useConfig, type TConfig } from '../../lib/config'
import type { TEpayConf } from './client'
import { EpayEmulator } from './emulator'
import { epayConf } from './conf'

/**
 * The sandbox Epay: without Epay credentials the platform still takes card payments
 * end to end. The emulator (./emulator) answers Epay's HTTP protocol under our own
 * `/sandbox/epay/…` (server/routes/sandbox/epay), and billing talks to it with the very
 * live client it uses for Epay, pointed there: token, status check, refund, callbacks as
 * JSON POSTs to our postLink. Only the payment page is ours (pages/billing/pay).
 * Its state is in this web process's memory: a restart forgets unpaid sandbox invoices
 * (their orders are given up by the reconciliation job and can be paid again), and with
 * several web processes each has its own; the sandbox is for development and demos.
 */
export const SANDBOX_CLIENT_ID = 'dogovor24-sandbox'
/** The sandbox merchant's terminal (Epay terminals are UUIDs). */
export const SANDBOX_TERMINAL = '6f1b7a52-0d5e-4f3a-9a8e-5a4c0b1d2e3f'

function sandboxSecret(cfg: TConfig): string {
  return createHmac('sha256', cfg.AUTH_SECRET).update('epay-sandbox-client').digest('hex')
}

/** The live client's settings that reach the sandbox of this very server (PUBLIC_URL). */
export function sandboxEpayConf(cfg: TConfig = useConfig()): TEpayConf {
  const base = `${cfg.PUBLIC_URL.replace(/\/+$/, '')}/sandbox/epay`
  return { oauthUrl: base, apiUrl: base, clientId: SANDBOX_CLIENT_ID, clientSecret: sandboxSecret(cfg), terminal: SANDBOX_TERMINAL }
}

let emulator: { key: string; em: EpayEmulator } | undefined

/** This process's sandbox Epay (a new one if the server secret changed). */
export function sandboxEmulator(cfg: TConfig = useConfig()): EpayEmulator {
  const secret = sandboxSecret(cfg)
  if (emulator?.key !== secret) emulator = { key: secret, em: new EpayEmulator({ clientId: SANDBOX_CLIENT_ID, clientSecret: secret, terminal: SANDBOX_TERMINAL }) }
  return emulator.em
}

/** The sandbox Epay while it is on (no Epay credentials configured), else null. */
export function activeSandboxEmulator(cfg: TConfig = useConfig()): EpayEmulator | null {
  return epayConf(cfg) ? null : sandboxEmulator(cfg)
}
