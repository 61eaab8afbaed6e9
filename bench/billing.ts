/**
 * npm run bench:billing: Epay postLink callbacks per second through the built server, with
 * every guarantee on (the echoed secret checked, Epay's status API asked, the order row
 * locked, the balance credited and OrderPaid written in one transaction), against the
 * bare h3 JSON route (bench/bare-h3.ts) driven by the same client in the same run.
 * - new: N (BENCH_N, 300) different paid invoices, each callback settling its order;
 * - repeat: the same N callbacks again (each finds its payment settled: `already_paid`).
 * The fake Epay (test/fakes/epay.ts) answers the token and status calls from this process.
 * After the runs it checks the guarantees: exactly N OrderPaid events, N ledger transfers
 * and N paid orders. Flags: --concurrency=<c> (default 20).
 */
import { existsSync } from 'node:fs'
import { BUILT_ENTRY, startBuiltServer } from '../test/helpers/server'
import { createTestDatabase, testRedisPrefix } from '../test/helpers/db'
import { startFakeEpay } from '../test/fakes/epay'
import { cpuSeconds, startBare } from './lib'

const N = Number(process.env.BENCH_N ?? 300)
const CONCURRENCY = Number(process.argv.find((a) => a.startsWith('--concurrency='))?.split('=')[1] ?? 20)
const LOGIN = { email: 'user@dogovor24.kz', password: 'Demo12345' }
const CREDS = { clientId: 'bench', clientSecret: 'bench-epay-secret-0123456789', terminal: '67e34d63-102f-4bd1-898e-370781d0074d' }
const json = { 'content-type': 'application/json' }

/** `count` POSTs (or GETs without body) from `concurrency` workers; wall time, statuses. */
async function drive(count: number, send: (i: number) => Promise<number>): Promise<{ perSec: number; ms: number; bad: number }> {
  let next = 0
  let bad = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++
        if ((await send(i)) !== 200) bad++
      }
    }),
  )
  const ms = performance.now() - t0
  return { perSec: (count * 1000) / ms, ms, bad }
}

async function api<T>(base: string, path: string, token: string, body?: unknown): Promise<T> {
  const r = await fetch(base + path, { method: body === undefined ? 'GET' : 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) })
  if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`)
  return (await r.json()) as T
}

async function main() {
  if (!existsSync(BUILT_ENTRY)) throw new Error('Build first: npx nuxt build (npm test and npm run up build it)')
  const db = await createTestDatabase('bench_billing')
  process.env.DATABASE_URL = db.url
  const { ensureDemoUsers } = await import('../server/domains/auth')
  const { closeDb, useDb } = await import('../server/lib/db')
  await ensureDemoUsers()
  const epay = await startFakeEpay(CREDS)
  const bare = await startBare()
  const port = await (await import('../test/helpers/server')).freePort()
  const web = await startBuiltServer({
    port,
    env: {
      DATABASE_URL: db.url,
      REDIS_PREFIX: testRedisPrefix('bench_billing'),
      EPAY_OAUTH_URL: epay.url,
      EPAY_API_URL: epay.url,
      EPAY_CLIENT_ID: CREDS.clientId,
      EPAY_CLIENT_SECRET: CREDS.clientSecret,
      EPAY_TERMINAL_ID: CREDS.terminal,
      LOG_LEVEL: 'error',
    },
  })
  try {
    const login = await fetch(web.url + '/api/auth/login', { method: 'POST', headers: json, body: JSON.stringify(LOGIN) })
    const { accessToken } = (await login.json()) as { accessToken: string }
    console.log(`preparing ${N} paid invoices (orders, Epay tokens, payments at the fake Epay) …`)
    const callbacks: string[] = []
    const orderIds: string[] = []
    for (let i = 0; i < N; i++) {
      const order = await api<{ id: string }>(web.url, '/api/billing/orders', accessToken, { lines: [{ kind: 'topup', amountMinor: 100_000 + i }] })
      const start = await api<{ invoiceId: string }>(web.url, `/api/billing/payment/epay/${order.id}`, accessToken, { backPath: '/billing', failurePath: '/billing', language: 'ru' })
      const { callback } = await epay.pay(start.invoiceId, 'success', { deliver: false })
      callbacks.push(JSON.stringify(callback.body))
      orderIds.push(order.id)
    }
    const postlink = `${web.url}/api/billing/epay/postlink`
    const callbackRun = (i: number) => fetch(postlink, { method: 'POST', headers: json, body: callbacks[i] }).then(async (r) => (await r.arrayBuffer(), r.status))
    const bareRun = () => fetch(`${bare.url}/api/bench/ping`).then(async (r) => (await r.arrayBuffer(), r.status))

    await drive(Math.min(500, N), bareRun)
    const b = await drive(N * 4, bareRun)
    const cpu0 = cpuSeconds(web.pid)
    const fresh = await drive(N, callbackRun)
    const cpuFresh = ((cpuSeconds(web.pid) - cpu0) * 1000) / N
    const cpu1 = cpuSeconds(web.pid)
    const again = await drive(N, callbackRun)
    const cpuAgain = ((cpuSeconds(web.pid) - cpu1) * 1000) / N

    const [paidEvents, transfers, paidOrders] = await Promise.all([
      useDb().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM event_outbox WHERE name = 'OrderPaid' AND payload->>'orderId' = ANY(${orderIds}::text[])`,
      useDb().ledgerTransfer.count({ where: { orderId: { in: orderIds } } }),
      useDb().order.count({ where: { id: { in: orderIds }, status: 'paid' } }),
    ])
    const events = Number(paidEvents[0]?.n ?? 0)
    const row = (name: string, r: { perSec: number; bad: number }, cpu?: number) =>
      console.log(`  ${name.padEnd(44)} ${r.perSec.toFixed(0).padStart(6)} /s  ${((r.perSec / b.perSec) * 100).toFixed(1).padStart(5)}% of bare${cpu === undefined ? '' : `  ${cpu.toFixed(2)} CPU ms each`}  non-200 ${r.bad}`)
    console.log(`\n${N} callbacks per run, ${CONCURRENCY} concurrent clients (fetch), same client for the baseline`)
    row('bare h3 JSON (baseline)', b)
    row('postLink, new payments (settled)', fresh, cpuFresh)
    row('postLink, repeats (already_paid)', again, cpuAgain)
    console.log(`  ratio new / bare ${(fresh.perSec / b.perSec).toFixed(3)}, repeats / bare ${(again.perSec / b.perSec).toFixed(3)}`)
    const ok = events === N && transfers === N && paidOrders === N && fresh.bad === 0 && again.bad === 0
    console.log(`guarantees: OrderPaid ${events}/${N}, ledger transfers ${transfers}/${N}, paid orders ${paidOrders}/${N}: ${ok ? 'held' : 'BROKEN'}`)
    process.exitCode = ok ? 0 : 1
  } finally {
    bare.stop()
    await web.stop()
    await epay.close()
    await closeDb()
    await db.drop()
  }
}

await main()
