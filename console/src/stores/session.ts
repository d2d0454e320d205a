import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, ok, tokens, type Schemas } from '../api/client';

/** The logged-in staff member: the token lives in sessionStorage (this tab only), the profile comes from `me`. */
export const useSession = defineStore('session', () => {
  const profile = ref<Schemas['StaffProfile'] | null>(null);
  const roles = computed(() => profile.value?.roles ?? []);

  async function login(userName: string, password: string) {
    const body = await ok(api.POST('/api/v1/staff/auth/login', { body: { userName, password } }));
    tokens.set(body.accessToken);
    profile.value = body.staff;
  }

  /** Reads the profile back after a reload; false when there is no (valid) token. */
  async function restore(): Promise<boolean> {
    if (profile.value) return true;
    if (!tokens.get()) return false;
    try {
      profile.value = await ok(api.GET('/api/v1/staff/auth/me'));
      return true;
    } catch {
      tokens.clear();
      return false;
    }
  }

  async function logout() {
    await api.POST('/api/v1/staff/auth/logout').catch(() => undefined);
    forget();
  }

  function forget() {
    tokens.clear();
    profile.value = null;
  }

  return { profile, roles, login, restore, logout, forget };
});
