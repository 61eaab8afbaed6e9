import { defineWebSocketHandler } from 'h3'
import { realtimeWebSocketHooks } from '../../realtime/http'
import { useRealtimeApp } from '../../realtime/instance'

// Pusher Channels websocket (pusher-js connects to /app/{key}?protocol=7).
export default defineWebSocketHandler(realtimeWebSocketHooks(useRealtimeApp))
