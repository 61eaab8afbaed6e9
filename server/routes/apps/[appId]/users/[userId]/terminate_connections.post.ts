import { defineEventHandler } from 'h3'
import { useRealtimeApp } from '../../../../../realtime/instance'
import { handleTerminateUser } from '../../../../../realtime/rest'

// Pusher HTTP API: close every socket signed in as this user (pusher.terminateUserConnections).
export default defineEventHandler(async (event) => handleTerminateUser(event, await useRealtimeApp()))
