import { defineEventHandler } from 'h3'
import { handleTriggerBatch } from '../../../realtime/http'
import { useRealtimeApp } from '../../../realtime/instance'

// Pusher HTTP batch events API (pusher.triggerBatch).
export default defineEventHandler(async (event) => handleTriggerBatch(event, await useRealtimeApp()))
