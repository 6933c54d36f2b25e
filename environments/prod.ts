import { EnvironmentInput } from './schema';

/** Production: no route prefix, so routes are /auth and /reminder. */
export const prod: EnvironmentInput = {
  name: 'prod',
  production: true,
  routePrefix: '',
  access: { deploy: ['admins'], read: ['admins'], secrets: ['admins'] },
  logRetentionDays: 365,
  services: [
    {
      name: 'auth',
      port: 3000,
      routes: ['/auth'],
      cpu: 512,
      memory: 1024,
      desiredCount: 2,
      secrets: ['MONGODB_URI', 'JWT_SIGNING_KEY'],
      autoscaling: { min: 2, max: 6 },
    },
    {
      name: 'reminder',
      port: 3001,
      routes: ['/reminder'],
      cpu: 256,
      memory: 512,
      desiredCount: 2,
      secrets: ['MONGODB_URI'],
      autoscaling: { min: 2, max: 4 },
    },
  ],
};
