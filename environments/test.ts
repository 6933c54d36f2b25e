import { EnvironmentInput } from './schema';

/** Developers' environment: smallest sizes, reachable at /test/<route>. */
export const test: EnvironmentInput = {
  name: 'test',
  routePrefix: '/test',
  execEnabled: false,
  // Developers ship and debug here; QA may look. Secret values are readable through the API by
  // admins only, but whoever deploys an image can make it print what it is given: keep only
  // test credentials here.
  access: { deploy: ['developers', 'admins'], read: ['developers', 'qa', 'admins'], secrets: ['admins'] },
  logRetentionDays: 365,
  services: [
    { name: 'auth', port: 3000, routes: ['/auth'], cpu: 256, memory: 512, desiredCount: 1, secrets: ['MONGODB_URI', 'JWT_SIGNING_KEY'] },
    { name: 'reminder', port: 3001, routes: ['/reminder'], cpu: 256, memory: 512, desiredCount: 1, secrets: ['MONGODB_URI'] },
  ],
};
