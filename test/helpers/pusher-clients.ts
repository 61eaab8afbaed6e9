import PusherServer from 'pusher'
import Pusher, { type Channel } from 'pusher-js'

/** The official server client pointed at one of our test endpoints. */
export function officialServer(port: number, app: { appId: string; key: string; secret: string }): PusherServer {
  return new PusherServer({ appId: app.appId, key: app.key, secret: app.secret, host: '127.0.0.1', port: String(port) })
}

export interface TPusherJsOptions {
  key: string
  /** Signs channel subscriptions and user sign-in the way our auth routes do. */
  signer?: PusherServer
  /** Presence member data and the id used for pusher.signin(). */
  user?: { id: string; name: string }
}

/** pusher-js options that reach our embedded hub on `port` over plain ws (no TLS, no stats). */
export function embeddedSocket(port: number) {
  return { cluster: 'embedded', wsHost: '127.0.0.1', wsPort: port, forceTLS: false, enabledTransports: ['ws' as const], disableStats: true }
}

/**
 * pusher-js in Node, connected to `port` over plain ws. Channel and user auth are
 * answered in-process by the official server client (what /api/realtime/auth does).
 */
export function pusherJs(port: number, opts: TPusherJsOptions, track: Pusher[]): Pusher {
  const { signer, user } = opts
  const client = new Pusher(opts.key, {
    ...embeddedSocket(port),
    channelAuthorization: {
      endpoint: '',
      transport: 'ajax',
      customHandler: ({ socketId, channelName }, callback) => {
        if (!signer) return callback(new Error('no signer'), null)
        const presence = user && channelName.startsWith('presence-') ? { user_id: user.id, user_info: { name: user.name } } : undefined
        callback(null, signer.authorizeChannel(socketId, channelName, presence))
      },
    },
    userAuthentication: {
      endpoint: '',
      transport: 'ajax',
      customHandler: ({ socketId }, callback) => {
        if (!signer || !user) return callback(new Error('no user'), null)
        callback(null, signer.authenticateUser(socketId, { id: user.id, user_info: { name: user.name } }))
      },
    },
  })
  track.push(client)
  return client
}

export function once<T = unknown>(target: { bind: (event: string, cb: (d: T) => void) => unknown }, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), ms)
    target.bind(event, (data: T) => {
      clearTimeout(t)
      resolve(data)
    })
  })
}

export async function subscribed(client: Pusher, name: string): Promise<Channel> {
  const ch = client.subscribe(name)
  await once(ch, 'pusher:subscription_succeeded')
  return ch
}

export async function connected(client: Pusher): Promise<void> {
  if (client.connection.state === 'connected') return
  await once(client.connection, 'connected')
}
