import { defineEventHandler } from 'h3'
import { useRealtimeApp } from '../../../../../realtime/instance'
import { handleChannelUsers } from '../../../../../realtime/rest'

// Pusher HTTP API: the members of a presence channel.
export default defineEventHandler(async (event) => handleChannelUsers(event, await useRealtimeApp()))
