import { defineEventHandler } from 'h3'
import { useRealtimeApp } from '../../../../realtime/instance'
import { handleChannels } from '../../../../realtime/rest'

// Pusher HTTP API: occupied channels (pusher.get({ path: '/channels' })).
export default defineEventHandler(async (event) => handleChannels(event, await useRealtimeApp()))
