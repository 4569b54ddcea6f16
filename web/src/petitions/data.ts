import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import type { Conference, Page } from '../types';
import type { Department } from './types';

let departments: Promise<Department[]> | null = null;

/** Every department (active or not: old petitions name deactivated ones), cached for the page's life. */
export function loadDepartments(): Promise<Department[]> {
  departments ??= get<Department[]>('/api/departments?active=all').catch((e) => {
    departments = null;
    throw e;
  });
  return departments;
}

export function useDepartments(): Department[] {
  const [list, setList] = useState<Department[]>([]);
  useEffect(() => {
    let stop = false;
    loadDepartments()
      .then((d) => !stop && setList(d))
      .catch(() => undefined);
    return () => {
      stop = true;
    };
  }, []);
  return list;
}

/** Conferences to filter or link petitions by (the list endpoint; may be refused to department users). */
export function useConferences(): Conference[] {
  const [list, setList] = useState<Conference[]>([]);
  useEffect(() => {
    let stop = false;
    get<Page<Conference>>('/api/conferences?limit=1000')
      .then((p) => !stop && setList(p.items))
      .catch(() => undefined);
    return () => {
      stop = true;
    };
  }, []);
  return list;
}

export function departmentName(list: Department[], id: string | null | undefined): string {
  if (!id) return '';
  const d = list.find((x) => x.id === id);
  return d ? d.name : '';
}
