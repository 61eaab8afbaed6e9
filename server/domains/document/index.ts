// The domain's public surface: the only module other domains and routes import.
export { domain } from './domain'
export { renderDocx, laidBlocksToDocx, type TRenderDocxOptions } from './render-docx'
export { documentFileName, asciiFileName } from './file-name'
