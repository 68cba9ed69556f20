import { describe, expect, it } from '@jest/globals';
import { Role, roleAllows } from '../../model/roles.js';

describe('roleAllows', () => {
  it('lets each role of the ladder do what the ones below it may', () => {
    expect(roleAllows(Role.admin, Role.operator)).toBe(true);
    expect(roleAllows(Role.operator, Role.viewer)).toBe(true);
    expect(roleAllows(Role.operator, Role.admin)).toBe(false);
    expect(roleAllows(Role.viewer, Role.operator)).toBe(false);
  });

  it('keeps a host token to the host routes, which admins may call too', () => {
    expect(roleAllows(Role.host, Role.host)).toBe(true);
    expect(roleAllows(Role.admin, Role.host)).toBe(true);
    for (const person of [Role.viewer, Role.operator]) expect(roleAllows(person, Role.host)).toBe(false);
    for (const needed of [Role.viewer, Role.operator, Role.admin]) expect(roleAllows(Role.host, needed)).toBe(false);
  });
});
