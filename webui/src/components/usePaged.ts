import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { ListResponse } from "../api/types";

export const PAGE = 25;

/** A paged list endpoint ({data, has_more}) with its offset as state. */
export function usePaged<T>(key: unknown[], path: string, query: Record<string, string | number | undefined> = {}) {
  const [offset, setOffset] = useState(0);
  const result = useQuery({
    queryKey: [...key, query, offset],
    queryFn: () => api<ListResponse<T>>(path, { query: { ...query, limit: PAGE, offset } }),
    placeholderData: keepPreviousData,
  });
  return { query: result, offset, setOffset };
}

export type Paged<T> = ReturnType<typeof usePaged<T>>;
