// The domain's public surface: the only module other domains and routes import.
export { domain } from './domain'
export { listeners } from './listeners'
