import { ensureDemoUsers, findUserByContact } from '../server/domains/auth'
import { seedDemoPromoCodes } from '../server/domains/billing'
import { seedContent } from '../server/domains/content'
import { seedDemoTemplates } from '../server/domains/document'
import { seedDemoCards } from '../server/domains/registry'
import { createCompanyWorkspace, listMyWorkspaces } from '../server/domains/workspace'
import { useConfig } from '../server/lib/config'
import { closeDb } from '../server/lib/db'
import { closeRedis } from '../server/lib/redis'

/**
 * `npm run db:seed`: demo data for a local machine. Idempotent: running it again
 * changes nothing. Each domain seeds through its own exported functions (a domain
 * owns its tables), never by writing another domain's rows.
 */
const DEMO_COMPANY = 'Demo LLP'
// Requisites with valid checksums (see shared/identity-numbers.ts).
const REQUISITES = { kz: { bin: '050140005121' }, ru: { inn: '7707083893', ogrn: '1027700132195' } } as const

async function main() {
  const users = await ensureDemoUsers()
  console.log(`db:seed: demo users created ${users.created.length}, already there ${users.existing.length}`)

  const owner = await findUserByContact({ email: 'user@dogovor24.kz' })
  if (!owner) throw new Error('demo user missing after ensureDemoUsers')
  const mine = await listMyWorkspaces(owner.id)
  if (mine.some((w) => w.name === DEMO_COMPANY)) {
    console.log(`db:seed: workspace "${DEMO_COMPANY}" already there`)
  } else {
    await createCompanyWorkspace(
      { userId: owner.id, ip: null, userAgent: 'db:seed' },
      { name: DEMO_COMPANY, ...REQUISITES[useConfig().REGION] },
    )
    console.log(`db:seed: workspace "${DEMO_COMPANY}" created for user@dogovor24.kz`)
  }
  const company = (await listMyWorkspaces(owner.id)).find((w) => w.name === DEMO_COMPANY)
  if (company) {
    const cards = await seedDemoCards(owner.id, company.id)
    console.log(`db:seed: registry cards of "${DEMO_COMPANY}" created ${cards.created}`)
  }

  // The constructor's demo templates, written by the demo lawyer through the document
  // domain's use cases; their ids link the catalog's descriptions to them. Search indexes a
  // template when the worker handles its TemplatePublished (start `npm run worker`).
  const lawyer = await findUserByContact({ email: 'lawyer@dogovor24.kz' })
  if (!lawyer) throw new Error('demo lawyer missing after ensureDemoUsers')
  const templates = await seedDemoTemplates(lawyer)
  console.log(`db:seed: templates created and published ${templates.created}, already there ${templates.existing}`)

  const admin = await findUserByContact({ email: 'admin@dogovor24.kz' })
  if (!admin) throw new Error('demo admin missing after ensureDemoUsers')
  const content = await seedContent(admin.id, { templateIds: templates.byDescriptionSlug })
  console.log(`db:seed: catalog items created and published ${content.created}, already there ${content.existing}, linked to a template ${content.linked}`)
  const promos = await seedDemoPromoCodes(admin.id)
  console.log(`db:seed: demo promo codes created ${promos.created} (${promos.codes.join(', ')})`)
}

try {
  await main()
} finally {
  await closeDb()
  await closeRedis()
}
