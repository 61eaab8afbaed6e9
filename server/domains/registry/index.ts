// The domain's public surface: the only module other domains and routes import.
export { domain } from './domain'
export { listeners } from './listeners'
export { createCard, getCard, updateCard } from './cards'
export { listCards } from './list-cards'
export { exportCardsCsv, exportCardsXlsx } from './export-cards'
export { getRegistrySettings, updateRegistrySettings } from './settings'
export { listDictionary, createDictionaryEntry, updateDictionaryEntry } from './dictionaries'
export * from '../../../shared/registry'
