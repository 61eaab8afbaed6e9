import { defineDomain } from '../define'

export const domain = defineDomain({
  name: 'task',
  description: 'Tasks, assignees, due dates, comments, workflow templates.',
  owns: ['tasks', 'task_comments', 'workflows'],
})
