import { useConfig } from '../../lib/config'
import { useDb } from '../../lib/db'
import type { TCardPartyInput } from '../../../shared/registry'
import { insertCard } from './cards'

// Valid checksums (shared/identity-numbers.ts); the demo company is the first party.
const PARTIES: Record<'kz' | 'ru', { company: TCardPartyInput; other: TCardPartyInput; person: TCardPartyInput; currency: 'KZT' | 'RUB' }> = {
  kz: {
    company: { kind: 'company', name: 'ТОО «Demo LLP»', taxId: '050140005121', role: 'Заказчик' },
    other: { kind: 'company', name: 'ТОО «Сервис Плюс»', taxId: '960440000220', role: 'Исполнитель' },
    person: { kind: 'person', name: 'Иванов Иван Иванович', taxId: '900101300126', role: 'Арендатор' },
    currency: 'KZT',
  },
  ru: {
    company: { kind: 'company', name: 'ООО «Demo LLP»', taxId: '7707083893', ogrn: '1027700132195', role: 'Заказчик' },
    other: { kind: 'company', name: 'ООО «Сервис Плюс»', taxId: '7736050003', role: 'Исполнитель' },
    person: { kind: 'person', name: 'Иванов Иван Иванович', taxId: '500100732259', role: 'Арендатор' },
    currency: 'RUB',
  },
}

/** A few cards in the demo company's register, once (nothing when it has cards already). */
export async function seedDemoCards(ownerId: string, workspaceId: string): Promise<{ created: number }> {
  const db = useDb()
  if ((await db.documentCard.count({ where: { workspaceId } })) > 0) return { created: 0 }
  const p = PARTIES[useConfig().REGION]
  const year = new Date().getUTCFullYear()
  const cards = [
    { title: 'Договор оказания услуг по уборке офиса', typeCode: 'services', date: `${year}-01-15`, amountMinor: 1_200_000_00, currency: p.currency, termUntil: `${year}-12-31`, parties: [p.company, p.other] },
    { title: 'Договор аренды нежилого помещения', typeCode: 'lease', date: `${year}-02-01`, amountMinor: 450_000_00, currency: p.currency, termUntil: `${year + 1}-01-31`, parties: [p.company, p.person] },
    { title: 'Соглашение о конфиденциальности', typeCode: 'nda', date: `${year}-03-10`, parties: [p.company, p.other] },
  ]
  await db.$transaction(async (tx) => {
    for (const c of cards) await insertCard(tx, { workspaceId, createdBy: ownerId, ...c })
  })
  return { created: cards.length }
}
