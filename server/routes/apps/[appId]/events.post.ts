import { defineEventHandler } from 'h3'
import { useRealtimeApp } from '../../../realtime/instance'
import { handleTriggerEvents } from '../../../realtime/rest'

// Pusher HTTP events API, signed by the official `pusher` server client (trigger, sendToUser).
export default defineEventHandler(async (event) => handleTriggerEvents(event, await useRealtimeApp()))
