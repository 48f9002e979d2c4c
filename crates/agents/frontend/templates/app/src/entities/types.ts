// What the generic pages know about an entity. Each entity's file in this
// folder is generated from the blueprint and the API contract; the types
// below tie it to the generated client, so a contract change that breaks a
// page breaks the build.

import type { Query } from "../api/http";

export type Op = "read" | "create" | "update" | "delete";

export type Term =
  | { term: "public" }
  | { term: "signed_in" }
  | { term: "owner" }
  | { term: "referenced_user"; column: string }
  | { term: "tenant_member" }
  | { term: "role"; role: string }
  | { term: "parent"; entity: string; op: Op };

/** Allowed when any term holds; empty: nobody. */
export type Rule = readonly Term[];

export type FieldKind =
  | "string"
  | "text"
  | "integer"
  | "decimal"
  | "money"
  | "boolean"
  | "date"
  | "datetime"
  | "time"
  | "uuid"
  | "email"
  | "url"
  | "enum"
  | "file"
  | "json"
  | "password"
  | "reference";

/** A form field; the bounds mirror the contract's request schema. */
export interface FieldSpec<K extends string = string> {
  name: K;
  label: string;
  kind: FieldKind;
  /** Must be given on create. */
  required: boolean;
  /** In the create / update body. */
  create: boolean;
  update: boolean;
  list?: boolean;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  /** A value that matches `pattern` and the length bounds. */
  example?: string;
  values?: readonly string[];
  accept?: readonly string[];
  maxSize?: number;
  /** `recipe.photo`: the upload's `field` parameter. */
  uploadField?: string;
  currency?: string;
  /** Key of the entity a reference points at (absent for users). */
  target?: string;
  help?: string;
  default?: string | number | boolean;
}

/** How a value is shown in lists and details. */
export interface ColumnSpec<K extends string = string> {
  name: K;
  label: string;
  kind: FieldKind;
  values?: readonly string[];
  currency?: string;
  target?: string;
  /** Upload download path prefix for files. */
  downloadPath?: string;
  /** A file that is always an image: shown, not linked. */
  image?: boolean;
}

export interface FilterSpec {
  name: string;
  label: string;
  kind: "enum" | "boolean";
  values: readonly string[];
}

export interface TransitionSpec<T> {
  name: string;
  label: string;
  from: readonly string[];
  to: string;
  by: Rule;
  run(id: string): Promise<T>;
}

export interface Row {
  id: string;
  created_at: string;
  updated_at: string;
  owner_id?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** Operations the contract offers for the entity (absent: not offered). */
export interface EntityApi<T, C, U> {
  list?(query: Query): Promise<Page<T>>;
  get?(id: string): Promise<T>;
  /** The new row, or only its id when its creator may not read it. */
  create?(body: C): Promise<T | { id: string }>;
  update?(id: string, body: U): Promise<T>;
  remove?(id: string): Promise<void>;
  upload?(field: string, file: Blob): Promise<{ id: string }>;
}

export interface EntityConfig<T extends Row = Row, C = unknown, U = unknown> {
  key: string;
  name: string;
  service: string;
  label: string;
  pluralLabel: string;
  words: string;
  pluralWords: string;
  /** URL segment of the pages: `/recipes`. */
  path: string;
  description: string;
  owned: boolean;
  /** Shown in the navigation (entities that are not only parts of another). */
  topLevel: boolean;
  titleField: (keyof T & string) | null;
  fields: FieldSpec<(keyof C | keyof U) & string>[];
  columns: ColumnSpec<keyof T & string>[];
  details: ColumnSpec<keyof T & string>[];
  parent?: { key: string; column: keyof T & string };
  children: readonly { key: string; column: string }[];
  sorts: readonly { value: string; label: string }[];
  defaultSort: string;
  filters: readonly FilterSpec[];
  search: boolean;
  access: Record<Op, Rule>;
  /** False: a create answers the new row's id only (the creator may not read it). */
  creatorReads: boolean;
  stateField: (keyof T & string) | null;
  transitions: TransitionSpec<T>[];
  api: EntityApi<T, C, U>;
}

// Pages handle every entity alike.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEntity = EntityConfig<any, any, any>;

/** Checks a config against its types and returns it unchanged. */
export function defineEntity<T extends Row, C, U>(config: EntityConfig<T, C, U>): EntityConfig<T, C, U> {
  return config;
}
