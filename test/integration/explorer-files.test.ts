import { createHash } from 'node:crypto'
import PizZip from 'pizzip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { purgeExplorer } from '../../server/domains/explorer'
import { resetConfigForTests } from '../../server/lib/config'
import { UNSCANNED_TOO_LARGE } from '../../shared/explorer'
import { useDb } from '../../server/lib/db'
import { statObject } from '../../server/lib/storage'
import { activeUser, call } from '../helpers/auth'
import { startCabinetEnv, type TCabinetEnv } from '../helpers/cabinet-env'
import { runOutboxEvents } from '../helpers/outbox-events'
import { makeDocx } from '../helpers/docx'
import { inviteAndAccept, ownerWithWorkspace } from '../helpers/workspace'

// The file cabinet through its routes, against real PostgreSQL, S3 (s3rver) and clamd:
// presigned upload → confirm (size and magic bytes) → the antivirus listener → download;
// EICAR quarantined; limits (413/415), the quota, tenants (404), folders and the trash.

const MAX = 300_000
let env: TCabinetEnv
let base: string
type TUser = Awaited<ReturnType<typeof activeUser>>
let owner: TUser
let member: TUser
let stranger: TUser
let companyId: string

beforeAll(async () => {
  env = await startCabinetEnv('explorer', ['auth', 'workspace', 'explorer'], {
    env: { EXPLORER_MAX_FILE_BYTES: String(MAX), EXPLORER_WORKSPACE_QUOTA_BYTES: String(4 * MAX) },
  })
  base = env.base
  const company = await ownerWithWorkspace(base, 'Files LLP')
  owner = company.owner
  companyId = company.workspace.id
  member = await activeUser(base)
  await inviteAndAccept(base, owner.accessToken, companyId, member, 'member')
  stranger = await activeUser(base)
}, 60_000)

afterAll(() => env?.close())

/** Runs the explorer's listeners over the outbox's FileUploaded events of one file, as the worker does. */
async function runScan(fileId: string): Promise<void> {
  expect(await runOutboxEvents('explorer', 'FileUploaded', 'fileId', fileId)).toBe(1)
}

const pdfBytes = (text: string) =>
  Buffer.from(`%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n% ${text}\ntrailer <</Root 1 0 R>>\n%%EOF\n`)
const pngBytes = () => Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082', 'hex')
// Built from parts at run time: the repository never holds the test virus string.
const eicar = () => Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(''))

async function startUpload(u: TUser, workspaceId: string, name: string, size: number, folderId?: string) {
  return call(base, 'POST', '/api/explorer/uploads', { token: u.accessToken, body: { workspaceId, name, size, ...(folderId ? { folderId } : {}) } })
}

/** Ticket → PUT to the presigned URL → confirm; returns the confirm answer. */
async function upload(u: TUser, workspaceId: string, name: string, bytes: Buffer, opts: { declared?: number; folderId?: string } = {}) {
  const ticket = await startUpload(u, workspaceId, name, opts.declared ?? bytes.length, opts.folderId)
  expect(ticket.status, JSON.stringify(ticket.body)).toBe(201)
  const put = await fetch(ticket.body.upload.url, { method: 'PUT', headers: ticket.body.upload.headers, body: new Uint8Array(bytes) })
  expect(put.status).toBe(200)
  const confirm = await call(base, 'POST', `/api/explorer/files/${ticket.body.file.id}/confirm`, { token: u.accessToken })
  return { ticket: ticket.body, confirm }
}

async function cleanFile(u: TUser, workspaceId: string, name: string, bytes: Buffer, folderId?: string): Promise<string> {
  const { ticket, confirm } = await upload(u, workspaceId, name, bytes, { folderId })
  expect(confirm.status, JSON.stringify(confirm.body)).toBe(200)
  await runScan(ticket.file.id)
  return ticket.file.id
}

describe('upload, scan, download', () => {
  it('a PDF goes through the presigned PUT, waits for the antivirus, then is everyone\'s in the workspace', async () => {
    const bytes = pdfBytes('lease')
    const { ticket, confirm } = await upload(owner, companyId, 'Договор аренды.pdf', bytes)
    expect(confirm.status, JSON.stringify(confirm.body)).toBe(200)
    expect(confirm.body).toMatchObject({ status: 'scanning', mimeType: 'application/pdf', size: bytes.length })
    const id = ticket.file.id

    // Scanning: the uploader may have their bytes back, another member may not yet.
    expect((await call(base, 'GET', `/api/explorer/files/${id}/download`, { token: owner.accessToken })).status).toBe(200)
    const early = await call(base, 'GET', `/api/explorer/files/${id}/download`, { token: member.accessToken })
    expect(early.status).toBe(409)
    expect(early.body.error.messageKey).toBe('errors.explorer.not_clean')

    await runScan(id)
    const detail = await call(base, 'GET', `/api/explorer/files/${id}`, { token: member.accessToken })
    expect(detail.status).toBe(200)
    expect(detail.body).toMatchObject({ status: 'clean', sha256: createHash('sha256').update(bytes).digest('hex'), can: { download: true, sign: true } })
    const link = await call(base, 'GET', `/api/explorer/files/${id}/download`, { token: member.accessToken })
    expect(link.status).toBe(200)
    const got = await fetch(link.body.url)
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true)
    expect(got.headers.get('content-disposition')).toContain("filename*=UTF-8''%D0%94%D0%BE%D0%B3%D0%BE%D0%B2%D0%BE%D1%80")

    const list = await call(base, 'GET', `/api/explorer/list?workspaceId=${companyId}`, { token: member.accessToken })
    expect(list.status).toBe(200)
    expect(list.body.files.map((f: { id: string }) => f.id)).toContain(id)
    expect(list.body.usage.bytes).toBeGreaterThanOrEqual(bytes.length)
  })

  it('a DOCX is recognised inside its zip; a name that lies about the bytes is refused and removed', async () => {
    const docx = await cleanFile(owner, companyId, 'Устав.docx', makeDocx(['Устав товарищества']))
    expect((await call(base, 'GET', `/api/explorer/files/${docx}`, { token: owner.accessToken })).body.mimeType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    const zip = new PizZip()
    zip.file('a.txt', 'not a document')
    const fake = await upload(owner, companyId, 'fake.docx', zip.generate({ type: 'nodebuffer' }))
    expect(fake.confirm.status).toBe(415)
    expect(fake.confirm.body.error.messageKey).toBe('errors.explorer.type_mismatch')

    const png = await upload(owner, companyId, 'scan.pdf', pngBytes())
    expect(png.confirm.status).toBe(415)
    expect(png.confirm.body.error.params).toMatchObject({ detected: 'png' })
    // Nothing half-made: neither the row nor the bytes stay.
    expect(await useDb().file.findUnique({ where: { id: png.ticket.file.id } })).toBeNull()
    // Path-style URL: /<bucket>/<key>.
    const key = decodeURIComponent(new URL(png.ticket.upload.url).pathname).replace(/^\/explorer\//, '')
    expect(key.startsWith(`explorer/${companyId}/`)).toBe(true)
    await expect(statObject(key)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('refuses types we do not store (415), sizes over the limit (413) and bytes other than declared (400)', async () => {
    const exe = await startUpload(owner, companyId, 'setup.exe', 1000)
    expect(exe.status).toBe(415)
    expect(exe.body.error.messageKey).toBe('errors.explorer.type_not_allowed')
    const big = await startUpload(owner, companyId, 'big.pdf', MAX + 1)
    expect(big.status).toBe(413)
    expect(big.body.error.messageKey).toBe('errors.explorer.too_large')

    const short = await upload(owner, companyId, 'short.pdf', pdfBytes('x'), { declared: pdfBytes('x').length + 10 })
    expect(short.confirm.status).toBe(400)
    expect(short.confirm.body.error.messageKey).toBe('errors.explorer.size_mismatch')
    expect(await useDb().file.findUnique({ where: { id: short.ticket.file.id } })).toBeNull()

    // Confirming before the bytes arrived says so and keeps the ticket.
    const early = await startUpload(owner, companyId, 'later.pdf', 100)
    const c = await call(base, 'POST', `/api/explorer/files/${early.body.file.id}/confirm`, { token: owner.accessToken })
    expect(c.status).toBe(409)
    expect(c.body.error.messageKey).toBe('errors.explorer.upload_missing')
  })

  it('EICAR is quarantined: nobody may download it, the owner sees why', async () => {
    const { ticket, confirm } = await upload(owner, companyId, 'readme.txt', eicar())
    expect(confirm.status, JSON.stringify(confirm.body)).toBe(200)
    await runScan(ticket.file.id)
    const detail = await call(base, 'GET', `/api/explorer/files/${ticket.file.id}`, { token: owner.accessToken })
    expect(detail.body.status).toBe('infected')
    expect(detail.body.threat).toMatch(/eicar/i)
    expect(detail.body.can).toMatchObject({ download: false, sign: false })
    const dl = await call(base, 'GET', `/api/explorer/files/${ticket.file.id}/download`, { token: owner.accessToken })
    expect(dl.status).toBe(409)
    expect(dl.body.error.messageKey).toBe('errors.explorer.infected')
  })

  it('a file larger than the scanner takes is quarantined as unscanned, not left scanning for ever', async () => {
    const { ticket, confirm } = await upload(owner, companyId, 'big.txt', Buffer.alloc(4096, 'a'))
    expect(confirm.status).toBe(200)
    process.env.CLAMD_STREAM_MAX_BYTES = '1024'
    resetConfigForTests()
    try {
      await runScan(ticket.file.id)
    } finally {
      delete process.env.CLAMD_STREAM_MAX_BYTES
      resetConfigForTests()
    }
    const detail = await call(base, 'GET', `/api/explorer/files/${ticket.file.id}`, { token: owner.accessToken })
    expect(detail.body).toMatchObject({ status: 'infected', threat: UNSCANNED_TOO_LARGE })
    expect(detail.body.can).toMatchObject({ download: false, sign: false })
  })
})

describe('tenants', () => {
  it('another workspace\'s files and folders are 404 for every route; viewers read but do not write', async () => {
    const id = await cleanFile(owner, companyId, 'private.pdf', pdfBytes('private'))
    const folder = await call(base, 'POST', '/api/explorer/folders', { token: owner.accessToken, body: { workspaceId: companyId, name: 'Secret' } })
    expect(folder.status).toBe(201)
    const t = stranger.accessToken
    const answers = await Promise.all([
      call(base, 'GET', `/api/explorer/files/${id}`, { token: t }),
      call(base, 'GET', `/api/explorer/files/${id}/download`, { token: t }),
      call(base, 'PATCH', `/api/explorer/files/${id}`, { token: t, body: { name: 'mine.pdf' } }),
      call(base, 'POST', `/api/explorer/files/${id}/trash`, { token: t }),
      call(base, 'POST', `/api/explorer/files/${id}/confirm`, { token: t }),
      call(base, 'POST', `/api/explorer/files/${id}/signatures`, { token: t, body: { cms: 'MIIBAAAAAAAAAAAAAAAAAAAA' } }),
      call(base, 'GET', `/api/explorer/list?workspaceId=${companyId}`, { token: t }),
      call(base, 'PATCH', `/api/explorer/folders/${folder.body.id}`, { token: t, body: { name: 'x' } }),
      call(base, 'POST', '/api/explorer/uploads', { token: t, body: { workspaceId: companyId, name: 'a.pdf', size: 10 } }),
    ])
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 404))

    // Moving one's own file into another workspace's folder: that folder does not exist for them.
    const mine = await call(base, 'GET', '/api/workspace', { token: t })
    const personal = (mine.body.items as { id: string; kind: string }[]).find((w) => w.kind === 'personal')!.id
    const own = await cleanFile(stranger, personal, 'own.pdf', pdfBytes('own'))
    const move = await call(base, 'PATCH', `/api/explorer/files/${own}`, { token: t, body: { folderId: folder.body.id } })
    expect(move.status).toBe(404)

    // Renaming keeps the kind: a PDF may not be called .docx.
    const wrongKind = await call(base, 'PATCH', `/api/explorer/files/${id}`, { token: owner.accessToken, body: { name: 'private.docx' } })
    expect(wrongKind.status).toBe(415)
    const renamed = await call(base, 'PATCH', `/api/explorer/files/${id}`, { token: owner.accessToken, body: { name: 'Частное.PDF' } })
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200)
    expect(renamed.body.name).toBe('Частное.PDF')

    const viewer = await activeUser(base)
    await inviteAndAccept(base, owner.accessToken, companyId, viewer, 'viewer')
    expect((await call(base, 'GET', `/api/explorer/files/${id}/download`, { token: viewer.accessToken })).status).toBe(200)
    expect((await call(base, 'POST', `/api/explorer/files/${id}/trash`, { token: viewer.accessToken })).status).toBe(403)
  })
})

describe('folders, trash and the quota', () => {
  it('nests folders, refuses a cycle, trashes and restores with contents, purges after the days', async () => {
    const mk = async (name: string, parentId?: string) => {
      const r = await call(base, 'POST', '/api/explorer/folders', { token: member.accessToken, body: { workspaceId: companyId, name, ...(parentId ? { parentId } : {}) } })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      return r.body.id as string
    }
    const a = await mk('Договоры')
    const b = await mk('2026', a)
    const cycle = await call(base, 'PATCH', `/api/explorer/folders/${a}`, { token: member.accessToken, body: { parentId: b } })
    expect(cycle.status).toBe(409)
    expect(cycle.body.error.messageKey).toBe('errors.explorer.folder_cycle')
    const bad = await call(base, 'POST', '/api/explorer/folders', { token: member.accessToken, body: { workspaceId: companyId, name: 'a/b' } })
    expect(bad.status).toBe(400)

    const inside = await cleanFile(member, companyId, 'inside.pdf', pdfBytes('inside'), b)
    const listed = await call(base, 'GET', `/api/explorer/list?workspaceId=${companyId}&folderId=${b}`, { token: owner.accessToken })
    expect(listed.body.path.map((f: { name: string }) => f.name)).toEqual(['Договоры', '2026'])
    expect(listed.body.files.map((f: { id: string }) => f.id)).toEqual([inside])

    expect((await call(base, 'POST', `/api/explorer/folders/${a}/trash`, { token: member.accessToken })).status).toBe(200)
    const root = await call(base, 'GET', `/api/explorer/list?workspaceId=${companyId}`, { token: owner.accessToken })
    expect(root.body.folders.map((f: { id: string }) => f.id)).not.toContain(a)
    expect((await call(base, 'GET', `/api/explorer/list?workspaceId=${companyId}&folderId=${b}`, { token: owner.accessToken })).status).toBe(409)
    const trash = await call(base, 'GET', `/api/explorer/list?workspaceId=${companyId}&view=trash`, { token: owner.accessToken })
    expect(trash.body.folders.map((f: { id: string }) => f.id)).toEqual([a])
    expect((await call(base, 'POST', `/api/explorer/folders/${a}/restore`, { token: member.accessToken })).status).toBe(200)
    expect((await call(base, 'GET', `/api/explorer/list?workspaceId=${companyId}&folderId=${b}`, { token: owner.accessToken })).body.files).toHaveLength(1)

    // Thirty days in the trash: the folder, what is below it and the bytes go.
    const key = (await useDb().fileVersion.findFirstOrThrow({ where: { fileId: inside } })).objectKey
    await call(base, 'POST', `/api/explorer/folders/${a}/trash`, { token: member.accessToken })
    // (Earlier tests' abandoned tickets go at 29 days already; the folder stays.)
    expect((await purgeExplorer(new Date(Date.now() + 29 * 24 * 3600 * 1000))).folders).toBe(0)
    expect(await useDb().file.findUnique({ where: { id: inside } })).not.toBeNull()
    const purged = await purgeExplorer(new Date(Date.now() + 31 * 24 * 3600 * 1000))
    expect(purged).toMatchObject({ folders: 2 })
    expect(await useDb().file.findUnique({ where: { id: inside } })).toBeNull()
    await expect(statObject(key)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('a file in the trash is deleted for good only by its uploader or an admin', async () => {
    const id = await cleanFile(owner, companyId, 'old.pdf', pdfBytes('old'))
    expect((await call(base, 'DELETE', `/api/explorer/files/${id}`, { token: owner.accessToken })).status).toBe(409)
    await call(base, 'POST', `/api/explorer/files/${id}/trash`, { token: owner.accessToken })
    expect((await call(base, 'DELETE', `/api/explorer/files/${id}`, { token: member.accessToken })).status).toBe(404)
    expect((await call(base, 'DELETE', `/api/explorer/files/${id}`, { token: owner.accessToken })).status).toBe(200)
    expect(await useDb().file.findUnique({ where: { id } })).toBeNull()
  })

  it('unfinished uploads hold their room: parallel tickets cannot overrun the quota', async () => {
    const u = await activeUser(base)
    const list = await call(base, 'GET', '/api/workspace', { token: u.accessToken })
    const personal = (list.body.items as { id: string; kind: string }[]).find((w) => w.kind === 'personal')!.id
    const tickets = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => startUpload(u, personal, `part-${i}.pdf`, MAX)))
    const statuses = tickets.map((t) => t.status).sort()
    expect(statuses).toEqual([201, 201, 201, 201, 413, 413])
    expect(tickets.find((t) => t.status === 413)!.body.error.messageKey).toBe('errors.explorer.quota_exceeded')
    // An abandoned ticket gives its room back a day later.
    expect((await purgeExplorer(new Date(Date.now() + 25 * 3600 * 1000))).files).toBeGreaterThanOrEqual(4)
    expect((await startUpload(u, personal, 'again.pdf', MAX)).status).toBe(201)
  })
})
