import { useEffect, useState } from 'preact/hooks';
import type { User } from './types';

/** The signed-in user and token, kept in localStorage so a later direct visit to a board is signed in. */
export interface Session {
  token: string;
  user: User;
}

const KEY = 'diemcau.session';
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    const s = raw ? (JSON.parse(raw) as Session) : null;
    return s && typeof s.token === 'string' && s.user ? s : null;
  } catch {
    return null;
  }
}

let current: Session | null = read();

window.addEventListener('storage', (e) => {
  if (e.key === KEY) {
    current = read();
    listeners.forEach((l) => l());
  }
});

export function getSession(): Session | null {
  return current;
}

export function setSession(s: Session | null): void {
  current = s;
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

export function useSession(): Session | null {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return current;
}

export function can(session: Session | null, ...roles: User['role'][]): boolean {
  return !!session && (session.user.role === 'admin' || roles.includes(session.user.role));
}
