/**
 * The HTTP edge: everything that reads the request. Routes (server/api, server/routes)
 * import from here; domains never do (they take plain ids and values).
 */
export { defineApiRoute, type TAccess, type TApiHandler, type TApiInput, type TRouteContract } from './route'
export { getCurrentUser, requireUser, requireRole } from './auth'
export { requireWorkspaceMember, getCurrentWorkspace, requireModule, WORKSPACE_HEADER } from './workspace'
export { requestMeta, clientIp } from './request-meta'
export { deviceIdFrom, setDeviceCookie } from './device-cookie'
export { definePingRoute } from './ping-route'
export { authorizeChannel } from './realtime'
export { buildOpenApi, toOpenApiPath, type TRouteEntry } from './openapi'
export { setRefreshCookie, clearRefreshCookie, readRefreshCookie } from './refresh-cookie'
export { readUploadedFile, MULTIPART_OVERHEAD_BYTES, type TUploadedFile } from './upload'
export { sendDownload } from './download'
