import { defineEventHandler } from 'h3'
import { useRealtimeApp } from '../../../realtime/instance'
import { handleTriggerBatch } from '../../../realtime/rest'

// Pusher HTTP batch events API (pusher.triggerBatch).
export default defineEventHandler(async (event) => handleTriggerBatch(event, await useRealtimeApp()))
