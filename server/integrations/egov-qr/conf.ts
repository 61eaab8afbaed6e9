import { useConfig, type TConfig } from '../../lib/config'

/**
 * Where QR signing goes: a SIGEX-style service (EGOV_QR_URL), the sandbox of this very
 * server (EGOV_QR_SANDBOX_CA set: server/routes/sandbox/egov and the phone page), or nowhere.
 * Both are spoken to with the one live client (./client), so the sandbox tests its code path.
 */
export type TEgovQrMode = { kind: 'live'; url: string } | { kind: 'sandbox'; url: string; caPath: string }

export function egovQrMode(cfg: TConfig = useConfig()): TEgovQrMode | null {
  if (cfg.EGOV_QR_URL) return { kind: 'live', url: cfg.EGOV_QR_URL }
  if (cfg.EGOV_QR_SANDBOX_CA) return { kind: 'sandbox', url: sandboxEgovBase(cfg), caPath: cfg.EGOV_QR_SANDBOX_CA }
  return null
}

/** The sandbox's HTTP front, as the worker reaches it (the web process holds the emulator). */
export function sandboxEgovBase(cfg: TConfig = useConfig()): string {
  return `${cfg.PUBLIC_URL.replace(/\/+$/, '')}/sandbox/egov`
}
