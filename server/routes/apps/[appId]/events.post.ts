import { defineEventHandler } from 'h3'
import { handleTriggerEvents } from '../../../realtime/http'
import { useRealtimeApp } from '../../../realtime/instance'

// Pusher HTTP events API, signed by the official `pusher` server client.
export default defineEventHandler(async (event) => handleTriggerEvents(event, await useRealtimeApp()))
