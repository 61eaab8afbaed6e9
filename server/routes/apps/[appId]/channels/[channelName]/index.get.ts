import { defineEventHandler } from 'h3'
import { useRealtimeApp } from '../../../../../realtime/instance'
import { handleChannel } from '../../../../../realtime/rest'

// Pusher HTTP API: one channel's state (occupied, subscription_count, user_count).
export default defineEventHandler(async (event) => handleChannel(event, await useRealtimeApp()))
