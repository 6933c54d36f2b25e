import { EnvironmentInput } from './schema';

/** QA/PM environment: production-like, reachable at /stage/<route>. */
export const stage: EnvironmentInput = {
  name: 'stage',
  routePrefix: '/stage',
  // QA/PMs read stage (and use it through its routes); only admins deploy and see secrets.
  access: { deploy: ['admins'], read: ['developers', 'qa', 'admins'], secrets: ['admins'] },
  logRetentionDays: 365,
  services: [
    { name: 'auth', port: 3000, routes: ['/auth'], cpu: 256, memory: 512, desiredCount: 1, secrets: ['MONGODB_URI', 'JWT_SIGNING_KEY'] },
    { name: 'reminder', port: 3001, routes: ['/reminder'], cpu: 256, memory: 512, desiredCount: 1, secrets: ['MONGODB_URI'] },
  ],
};
