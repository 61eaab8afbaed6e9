import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activeUser, call } from '../helpers/auth'
import { routeFiles } from '../helpers/h3-app'
import { ownerWithWorkspace, setupWorkspaceTest, type TWorkspaceTestEnv } from '../helpers/workspace'

/**
 * The wrong-tenant half of the authorisation audit: every route scoped by a
 * workspace id (`/api/workspace/:id/**`, `/api/history/workspace/:id`) is called by a
 * signed-in user of ANOTHER workspace with the first workspace's real ids and a
 * valid body. Each must answer 404 (another tenant's data looks nonexistent) and
 * change nothing. A new scoped route with a body must get a fixture here, or the
 * test fails: coverage cannot silently shrink.
 */
const BODIES: Record<string, unknown> = {
  'PATCH /api/workspace/:id': { name: 'Taken over' },
  'POST /api/workspace/:id/groups': { name: 'Intruders' },
  'PUT /api/workspace/:id/groups/:groupId/members': { userIds: [] },
  'POST /api/workspace/:id/invites': { email: 'intruder@example.kz', role: 'admin' },
  'PATCH /api/workspace/:id/members/:userId': { role: 'viewer' },
  'POST /api/workspace/:id/verification': { cms: 'MIIBAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
}

let env: TWorkspaceTestEnv
let victim: { ownerToken: string; ids: Record<string, string> }
let intruderToken: string

beforeAll(async () => {
  env = await setupWorkspaceTest('tenant')
  const { owner, workspace } = await ownerWithWorkspace(env.base, 'Victim LLP')
  const group = await call(env.base, 'POST', `/api/workspace/${workspace.id}/groups`, { token: owner.accessToken, body: { name: 'Legal' } })
  const invite = await call(env.base, 'POST', `/api/workspace/${workspace.id}/invites`, {
    token: owner.accessToken,
    body: { email: 'colleague@example.kz', role: 'member' },
  })
  expect(group.status).toBe(201)
  expect(invite.status).toBe(201)
  victim = {
    ownerToken: owner.accessToken,
    ids: { id: workspace.id, groupId: group.body.id, inviteId: invite.body.invite?.id ?? invite.body.id, userId: owner.userId, module: 'chat' },
  }
  const intruder = await ownerWithWorkspace(env.base, 'Intruder LLP')
  intruderToken = intruder.owner.accessToken
})
afterAll(async () => {
  await env?.teardown()
})

describe('wrong-tenant audit', () => {
  const scoped = [...routeFiles('workspace'), ...routeFiles('history')].filter((r) =>
    /^\/api\/(workspace|history\/workspace)\/:id(\/|$)/.test(r.route),
  )

  it('covers the workspace-scoped routes', () => {
    expect(scoped.length).toBeGreaterThanOrEqual(15)
  })

  it("answers 404 to a member of another workspace on every scoped route, with the victim's real ids", async () => {
    const wrong: string[] = []
    for (const r of scoped) {
      const key = `${r.method.toUpperCase()} ${r.route}`
      const mod = (await import(pathToFileURL(r.file).href)) as { default: { contract: { body?: unknown } } }
      const needsBody = Boolean(mod.default.contract.body)
      if (needsBody && !(key in BODIES)) {
        wrong.push(`${key}: add a valid body to BODIES`)
        continue
      }
      const url = r.route.replace(/:(\w+)/g, (_m, name: string) => {
        const v = victim.ids[name]
        if (!v) throw new Error(`no victim id for :${name} in ${key}`)
        return v
      })
      const res = await call(env.base, r.method.toUpperCase(), url, { token: intruderToken, body: needsBody ? BODIES[key] : undefined })
      if (res.status !== 404) wrong.push(`${key} → ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`)
    }
    expect(wrong).toEqual([])
  })

  it("left the victim's workspace as it was", async () => {
    const ws = await call(env.base, 'GET', `/api/workspace/${victim.ids.id}`, { token: victim.ownerToken })
    expect(ws.status).toBe(200)
    expect(ws.body.name).toBe('Victim LLP')
    const members = await call(env.base, 'GET', `/api/workspace/${victim.ids.id}/members`, { token: victim.ownerToken })
    const list = (members.body.items ?? members.body) as Array<{ role: string }>
    expect(list).toHaveLength(1)
    expect(list[0]!.role).toBe('owner')
  })

  it('a user with no workspace at all gets 404 too', async () => {
    const loner = await activeUser(env.base)
    const res = await call(env.base, 'GET', `/api/workspace/${victim.ids.id}/members`, { token: loner.accessToken })
    expect(res.status).toBe(404)
  })
})
