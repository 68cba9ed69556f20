import { Type } from 'typebox';
import { ROLES, USER_NAME_PATTERN } from '../../model/roles.js';
import { ENV_NAME_PATTERN, SECRET_LIMITS } from '../../model/secrets.js';

export const UserView = Type.Object(
  {
    name: Type.String(),
    role: Type.Enum([...ROLES]),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'User' },
);

export const CreateUserBody = Type.Object(
  {
    name: Type.String({ pattern: USER_NAME_PATTERN, description: 'Unique; letters, digits, . _ @ -' }),
    role: Type.Enum([...ROLES], { description: 'viewer: read; operator: also file, cancel and answer tasks; admin: everything; host: only what a host worker calls (ringmaster worker --control)' }),
  },
  { additionalProperties: false },
);

export const CreatedUser = Type.Object({
  user: UserView,
  token: Type.String({ description: 'The personal token, shown this once (only its hash is stored)' }),
});

export const UserParams = Type.Object({ name: Type.String({ pattern: USER_NAME_PATTERN }) });

export const SecretView = Type.Object({
  name: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});

export const SecretParams = Type.Object({ name: Type.String({ pattern: ENV_NAME_PATTERN, description: 'Letters, digits and _, not starting with a digit' }) });

export const PutSecretBody = Type.Object(
  { value: Type.String({ minLength: 1, maxLength: SECRET_LIMITS.maxValueLength, description: 'Stored encrypted, never shown again' }) },
  { additionalProperties: false },
);
